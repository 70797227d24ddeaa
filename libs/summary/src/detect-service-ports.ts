import type { ClusterIndex } from './cluster-index.js';
import type { RawFinding } from './finding.js';
import { endpointState, podReady } from './service-endpoints.js';
import { conditionOf, type Container, type ContainerPort, type EndpointSlice, type Pod, type Service, type ServicePort } from './kube-types.js';
import { plural, timeOf } from './text.js';

/** Label the EndpointSlice controller puts on the slices of a Service. */
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
/** How long a pod must have been Ready (and the Service must exist) before missing endpoints count. */
const SETTLE_MS = 60_000;
/** Most container ports and pod names listed in one finding. */
const MAX_LISTED = 6;

/** What the EndpointSlices say about one Service port: ready endpoints serving it. */
type SliceCount = number | undefined;

/** Containers whose ports a Service can target: regular containers and sidecars (restartable init containers). */
function portContainers(pod: Pod): readonly Container[] {
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => (c as { restartPolicy?: string }).restartPolicy === 'Always');
  return [...(pod.spec?.containers ?? []), ...sidecars];
}

// Asked for every pod of every Service port: read each pod's containers once.
const portsCache = new WeakMap<Pod, readonly ContainerPort[]>();

function declaredPorts(pod: Pod): readonly ContainerPort[] {
  let ports = portsCache.get(pod);
  if (!ports) portsCache.set(pod, (ports = portContainers(pod).flatMap((c) => c.ports ?? [])));
  return ports;
}

const protocolOf = (p: { readonly protocol?: string | null }): string => p.protocol ?? 'TCP';

/** `web/8080`, `8080`, `dns/53/UDP`. */
function portText(p: ContainerPort): string {
  const text = [p.name, p.containerPort].filter((x) => x !== undefined && x !== '').join('/');
  return protocolOf(p) === 'TCP' ? text : `${text}/${protocolOf(p)}`;
}

/**
 * Whether the pod has a port for `target`: a named targetPort must name a container port of the
 * same protocol (the endpoint controller resolves it per pod; a pod without it serves nothing on
 * that port); a numbered one is only compared when the pod declares ports at all (declaring them
 * is optional, traffic goes to the number anyway).
 */
function resolves(pod: Pod, target: number | string, protocol: string): boolean {
  const ports = declaredPorts(pod);
  if (typeof target === 'string') return ports.some((p) => p.name === target && protocolOf(p) === protocol);
  return ports.length === 0 || ports.some((p) => p.containerPort === target && protocolOf(p) === protocol);
}

/**
 * The Service's EndpointSlices, or undefined when they say nothing: unreadable, or none for this
 * Service (the controller writes one even without endpoints, so none means it has not run for
 * the Service, or slices are not synced).
 */
function slicesOf(slices: ReadonlyMap<string, EndpointSlice[]> | undefined, service: Service): EndpointSlice[] | undefined {
  return slices?.get(`${service.metadata.namespace}/${service.metadata.name}`);
}

/** EndpointSlices by `namespace/service`, or undefined when they were not read completely. */
function slicesByService(index: ClusterIndex): Map<string, EndpointSlice[]> | undefined {
  if (index.incomplete.some((i) => i.kind === 'EndpointSlice')) return undefined;
  const byService = new Map<string, EndpointSlice[]>();
  for (const slice of index.list<EndpointSlice>('EndpointSlice')) {
    const service = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!service) continue;
    const key = `${slice.metadata.namespace}/${service}`;
    const list = byService.get(key);
    if (list) list.push(slice);
    else byService.set(key, [slice]);
  }
  return byService;
}

/** Ready endpoints serving Service port `port` (any port when the Service has none). */
function readyFor(slices: readonly EndpointSlice[], port: ServicePort | undefined): number {
  let ready = 0;
  for (const slice of slices) {
    const serves = port === undefined || (slice.ports ?? []).some((p) => (p.name ?? '') === (port.name ?? '') && protocolOf(p) === protocolOf(port));
    if (!serves) continue;
    ready += (slice.endpoints ?? []).filter((e) => e.conditions?.ready !== false).length;
  }
  return ready;
}

/** Ready pods that have been Ready for a while (the endpoint controller had time to list them). */
function settledReady(index: ClusterIndex, pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => {
    if (!podReady(p)) return false;
    const since = timeOf(conditionOf(p.status?.conditions, 'Ready')?.lastTransitionTime);
    return since === undefined || index.now - since >= SETTLE_MS;
  });
}

function names(pods: readonly Pod[]): string {
  const list = pods.map((p) => p.metadata.name).sort();
  return `${list.slice(0, MAX_LISTED).join(', ')}${list.length > MAX_LISTED ? ` (+${list.length - MAX_LISTED} more)` : ''}`;
}

function portLabel(port: ServicePort): string {
  return `${port.name ? `${port.name} ` : ''}${port.port}/${protocolOf(port)}`;
}

function targetPortFinding(index: ClusterIndex, service: Service, port: ServicePort, pods: readonly Pod[], readyPods: () => readonly Pod[], count: SliceCount): RawFinding | undefined {
  const target = port.targetPort ?? port.port;
  const protocol = protocolOf(port);
  const mismatched = pods.filter((p) => !resolves(p, target, protocol));
  if (mismatched.length === 0) return undefined;
  const ref = index.refOf('Service', service);
  const ready = readyPods();
  const declared = [...new Set(mismatched.flatMap(declaredPorts).map(portText))].sort();
  const listed = declared.length === 0 ? 'none declared' : `${declared.slice(0, MAX_LISTED).join(', ')}${declared.length > MAX_LISTED ? ', ...' : ''}`;
  const whose = mismatched.length === pods.length ? `its ${plural(pods.length, 'pod')}` : `${mismatched.length} of its ${plural(pods.length, 'pod')}`;
  const named = typeof target === 'string';
  const emptyEndpoints = ready.length > 0 && count === 0;
  // Every ready pod unresolved leaves the port without a ready endpoint, whatever the slices say.
  const unserved = named && ready.length > 0 && ready.every((p) => !resolves(p, target, protocol));
  const text = named ? `targetPort "${target}" matches no container port of ${whose}` : `targetPort ${target} is declared by no container of ${whose}`;
  const only = declared.length === 1 ? (declared[0] as string).split('/')[0] : undefined;
  return {
    severity: emptyEndpoints || unserved ? 'critical' : 'warning',
    reason: 'TargetPortMismatch',
    object: ref,
    message: `${text} (ports: ${listed})${emptyEndpoints ? `; its EndpointSlices list no ready endpoint for port ${port.name ?? port.port}` : ''}`,
    evidence: [
      `Service port ${portLabel(port)} -> targetPort ${target}`,
      ...(count === undefined ? [] : [`EndpointSlices: ${plural(count, 'ready endpoint')} for this port, ${plural(ready.length, 'selected pod')} Ready`]),
      `pods without it: ${names(mismatched)}`,
    ],
    nextStep: only
      ? `Set targetPort of port ${port.name ?? port.port} to ${only}, or ${named ? `name the container port "${target}"` : `declare containerPort ${target}`} in the pod template`
      : `Set targetPort to a container port the pods declare (${listed}), or fix the container ports in the pod template`,
    key: String(port.name ?? port.port),
    status: `targetPort ${target} unresolved${emptyEndpoints ? ', no ready endpoints' : ''}`,
  };
}

/**
 * Service ports against the pods they select: a named `targetPort` that names no container
 * port of a selected pod, and a numbered one no container declares (only when the containers
 * declare ports), with the pods' ports in the message (`targetPort "http-web" matches no
 * container port of its 2 pods (ports: web/8080)`). Critical when the port is left without a
 * ready endpoint (no ready pod resolves a named port, or the EndpointSlices list none), else a
 * warning. And, from the EndpointSlices, selected pods that are Ready (for a minute) while the
 * slices list no ready endpoint for a port, even when the reason is unknown. ExternalName,
 * selector-less Services and Services without selected pods are left to the network detector.
 */
export function detectServicePorts(index: ClusterIndex): RawFinding[] {
  const findings: RawFinding[] = [];
  const allSlices = slicesByService(index);
  for (const service of index.list<Service>('Service')) {
    const state = endpointState(index, service);
    if (state.kind !== 'ok' && state.kind !== 'no-ready') continue;
    const pods = state.pods;
    // Read only when a port is unresolved or the slices are read (most Services need neither).
    let settled: readonly Pod[] | undefined;
    const readyPods = (): readonly Pod[] => (settled ??= settledReady(index, pods));
    let slices = slicesOf(allSlices, service);
    const created = slices ? timeOf(service.metadata.creationTimestamp) : undefined;
    if (created !== undefined && index.now - created < SETTLE_MS) slices = undefined;
    const ports = service.spec?.ports ?? [];
    const unexplained: string[] = [];
    for (const port of ports) {
      const count = slices ? readyFor(slices, port) : undefined;
      const finding = targetPortFinding(index, service, port, pods, readyPods, count);
      if (finding) findings.push(finding);
      else if (count === 0 && readyPods().length > 0) unexplained.push(String(port.name ?? port.port));
    }
    if (ports.length === 0 && slices && readyPods().length > 0 && readyFor(slices, undefined) === 0) unexplained.push('any');
    if (unexplained.length === 0) continue;
    const ready = readyPods();
    const ref = index.refOf('Service', service);
    findings.push({
      severity: 'critical',
      reason: 'EndpointsMissingReadyPods',
      object: ref,
      message: `${plural(ready.length, 'selected pod')} Ready, but its EndpointSlices list no ready endpoint${ports.length > 1 ? ` for port ${unexplained.join(', ')}` : ''}: it serves no traffic`,
      evidence: [`EndpointSlices: ${slices?.length ?? 0}`, `Ready pods: ${names(ready)}`],
      nextStep: `Compare the slices with the pods (\`kubectl -n ${ref.namespace} get endpointslices -l ${SERVICE_NAME_LABEL}=${ref.name} -o yaml\`): pod IPs, port names, and the endpoint controller in kube-controller-manager`,
      status: 'no ready endpoints (pods Ready)',
    });
  }
  return findings;
}
