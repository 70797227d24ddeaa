// Findings about what pods mean to call: Services their configuration names (env values,
// ConfigMaps) that do not exist, ports those Services do not expose, and NetworkPolicies that
// block the call.
import type { ClusterIndex, PodGroup } from './cluster-index.js';
import { blockedCall, blockedFinding, endpointOf, type Blocked } from './blocked-calls.js';
import { editDistance, endpointState } from './detect-network.js';
import type { ObjectRef, RawFinding } from './finding.js';
import { inferredCalls, serviceText, type InferredCall } from './inferred-calls.js';
import type { NetworkPolicy, Pod, Service } from './kube-types.js';
import { formatLabels } from './label-selector.js';
import { policySelects, policyTypes } from './network-reachability.js';
import { isPodFailing } from './pod-failing.js';

/** The closest existing name to `name` (a typo, or one name inside the other), or undefined. */
function closestName(names: readonly string[], name: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of names) {
    const distance = candidate.includes(name) || name.includes(candidate) ? 1 : editDistance(name, candidate);
    if (distance <= Math.max(2, Math.floor(name.length / 4)) && (!best || distance < best.distance || (distance === best.distance && candidate < best.name))) best = { name: candidate, distance };
  }
  return best?.name;
}

/** Service names per namespace, sorted, with memoised typo hints. */
class ServiceNames {
  private readonly byNamespace = new Map<string, string[]>();
  private readonly hints = new Map<string, string | undefined>();

  constructor(index: ClusterIndex) {
    for (const service of index.list('Service')) {
      const ns = service.metadata.namespace as string;
      const list = this.byNamespace.get(ns);
      if (list) list.push(service.metadata.name);
      else this.byNamespace.set(ns, [service.metadata.name]);
    }
  }

  in(namespace: string): readonly string[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  hint(namespace: string, name: string): string | undefined {
    const key = `${namespace}/${name}`;
    if (!this.hints.has(key)) this.hints.set(key, closestName(this.in(namespace), name));
    return this.hints.get(key);
  }
}

function missingService(index: ClusterIndex, services: ServiceNames, pod: Pod, call: InferredCall, failing: boolean): RawFinding {
  const target: ObjectRef = { kind: 'Service', namespace: call.namespace, name: call.ref.name };
  const hint = services.hint(call.namespace, call.ref.name);
  const others = services.in(call.namespace);
  return {
    severity: failing ? 'critical' : 'warning',
    reason: 'MissingServiceTarget',
    object: index.refOf('Pod', pod),
    message: `${call.via} names Service ${serviceText(call)}, which does not exist${hint ? `; did you mean ${hint}?` : ''}`,
    evidence: [
      `address ${call.ref.address} in container ${call.container}`,
      `Services in ${call.namespace}: ${others.slice(0, 8).join(', ') || 'none'}${others.length > 8 ? ` (+${others.length - 8} more)` : ''}`,
    ],
    nextStep: hint
      ? `Point ${call.via.split(' (')[0]} at Service ${hint}${call.namespace === pod.metadata.namespace ? '' : `.${call.namespace}`}, or create Service ${call.ref.name} in ${call.namespace}`
      : `Create Service ${call.ref.name} in namespace ${call.namespace}, or fix the address in ${call.via}`,
    key: `${call.namespace}/${call.ref.name}`,
    causes: [{ ref: target, relation: 'calls', missing: true }],
    status: `calls missing Service ${serviceText(call)}`,
  };
}

/** The container ports of the pods a Service selects (a headless Service's callers reach them directly). */
function podPorts(index: ClusterIndex, service: Service): Set<number> {
  const state = endpointState(index, service);
  const ports = new Set<number>();
  if (state.kind === 'ok' || state.kind === 'no-ready') {
    for (const pod of state.pods) for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.containerPort !== undefined) ports.add(p.containerPort);
  }
  return ports;
}

function missingPort(index: ClusterIndex, pod: Pod, call: InferredCall, service: Service, failing: boolean): RawFinding | undefined {
  const port = call.ref.port;
  const ports = service.spec?.ports ?? [];
  if (port === undefined || service.spec?.type === 'ExternalName' || ports.length === 0) return undefined;
  if (ports.some((p) => p.port === port)) return undefined;
  const asTarget = ports.find((p) => p.targetPort === port);
  if (service.spec?.clusterIP === 'None' && (asTarget || podPorts(index, service).has(port))) return undefined; // headless: pod ports are reachable directly
  const exposed = ports.map((p) => `${p.port}${p.name ? ` (${p.name})` : ''}`).join(', ');
  return {
    severity: failing ? 'critical' : 'warning',
    reason: 'MissingServicePort',
    object: index.refOf('Pod', pod),
    message: `${call.via} names port ${port} of Service ${serviceText(call)}, which exposes ${exposed}${asTarget ? `; ${port} is the targetPort of its port ${asTarget.port}` : ''}`,
    evidence: [`address ${call.ref.address} in container ${call.container}`],
    nextStep: `Use port ${asTarget?.port ?? ports[0]?.port} in ${call.via.split(' (')[0]}, or add port ${port} to Service ${call.ref.name}`,
    key: `${call.namespace}/${call.ref.name}:${port}`,
    causes: [{ ref: { kind: 'Service', namespace: call.namespace, name: call.ref.name }, relation: 'calls' }],
    status: `calls Service ${serviceText(call)} on unexposed port ${port}`,
  };
}

/**
 * Findings about the Services pods' configuration names (see `inferredCalls`):
 * `MissingServiceTarget` (the Service does not exist; a close name is suggested),
 * `MissingServicePort` (the address's port is not one the Service exposes), and
 * `NetworkPolicyBlocksCall` (policies selecting the called pods or the caller deny the call,
 * see `evaluateReachability`). On the calling pod (grouped under its workload); critical when
 * the pod is failing, warnings otherwise. Pods being deleted or Succeeded are skipped.
 */
export function detectIntent(index: ClusterIndex): RawFinding[] {
  const findings: RawFinding[] = [];
  // Pods of one controller share their template: infer its calls once.
  const callsByGroup: (InferredCall[] | undefined)[] = [];
  const policiesByNamespace = new Map<string, NetworkPolicy[]>();
  const blockedByKey = new Map<string, Blocked | undefined>();
  const services = new ServiceNames(index);
  for (const p of index.list<NetworkPolicy>('NetworkPolicy')) {
    const ns = p.metadata.namespace as string;
    const list = policiesByNamespace.get(ns);
    if (list) list.push(p);
    else policiesByNamespace.set(ns, [p]);
  }
  const { groups, groupOf } = index.podGroups();
  const pods = index.list<Pod>('Pod');
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i] as Pod;
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Succeeded') continue;
    const g = groupOf[i] as number;
    let calls = callsByGroup[g];
    if (!calls) {
      calls = inferredCalls(index, pod);
      if ((groups[g] as PodGroup).controller) callsByGroup[g] = calls;
    }
    if (calls.length === 0) continue;
    const failing = isPodFailing(pod);
    const ns = pod.metadata.namespace as string;
    for (const call of calls) {
      const service = index.get<Service>({ kind: 'Service', namespace: call.namespace, name: call.ref.name });
      if (!service) {
        findings.push(missingService(index, services, pod, call, failing));
        continue;
      }
      const port = missingPort(index, pod, call, service, failing);
      if (port) {
        findings.push(port);
        continue;
      }
      const policies = [...(policiesByNamespace.get(ns) ?? []), ...(call.namespace === ns ? [] : (policiesByNamespace.get(call.namespace) ?? []))];
      const caller = endpointOf(index, pod);
      // Fast path: nothing isolates either side.
      const relevant = policies.some((p) => policySelects(p, caller) && policyTypes(p).includes('Egress')) || policies.some((p) => p.metadata.namespace === call.namespace && policyTypes(p).includes('Ingress'));
      if (!relevant) continue;
      // Pods of one workload share labels: check each caller label set once per Service and port.
      const key = `${ns}|${formatLabels(caller.labels)}|${call.namespace}/${call.ref.name}:${call.ref.port ?? ''}`;
      let blocked = blockedByKey.get(key);
      if (!blockedByKey.has(key)) {
        blocked = blockedCall(index, policies, pod, call, service);
        blockedByKey.set(key, blocked);
      }
      if (blocked) findings.push(blockedFinding(index, policies, pod, call, blocked, failing));
    }
  }
  return findings;
}
