import type { LayoutItem, LayoutSection } from './budget-layout.js';
import type { ClusterIndex } from './cluster-index.js';
import { endpointState } from './detect-network.js';
import { refId, refText, type Finding, type ObjectRef } from './finding.js';
import type { HorizontalPodAutoscaler, Ingress, PersistentVolumeClaim, Pod, PodDisruptionBudget, PodTemplate, Service, Workload } from './kube-types.js';
import { formatLabels, matchesMap, matchesSelector } from './label-selector.js';
import { objectStatus, podStatus } from './object-status.js';
import { podReferences } from './pod-references.js';
import { lineItem } from './summary-sections.js';
import { compareText } from './text.js';

/** Workload kinds a workload summary accepts. */
export const WORKLOAD_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'];

/** The pod template of a workload (a CronJob's through its jobTemplate). */
export function templateOf(w: Workload): PodTemplate | undefined {
  const spec = w.spec as (Workload['spec'] & { jobTemplate?: { spec?: { template?: PodTemplate } } }) | undefined;
  return spec?.template ?? spec?.jobTemplate?.spec?.template;
}

function images(w: Workload): string {
  return [...new Set((templateOf(w)?.spec?.containers ?? []).map((c) => c.image ?? '?'))].join(', ');
}

/** Workloads of a namespace with their status and images. */
export function workloadsSection(index: ClusterIndex, namespace: string): LayoutSection {
  const items: LayoutItem[] = [];
  for (const kind of WORKLOAD_KINDS) {
    if (kind === 'ReplicaSet') continue;
    for (const w of index.list<Workload>(kind)) {
      if (w.metadata.namespace !== namespace) continue;
      const status = objectStatus(kind, w) ?? '';
      const replicas =
        kind === 'Deployment' || kind === 'StatefulSet' ? ` ${w.status?.readyReplicas ?? 0}/${w.spec?.replicas ?? 1} ready` : kind === 'DaemonSet' ? ` ${w.status?.numberReady ?? 0}/${w.status?.desiredNumberScheduled ?? 0} ready` : '';
      const image = images(w);
      items.push({
        markdown: [`- ${kind} ${w.metadata.name}: ${status}${replicas}${image ? `, image ${image}` : ''}`, `- ${kind} ${w.metadata.name}: ${status}${replicas}`],
        json: [{ kind, name: w.metadata.name, status, ...(replicas ? { replicas: replicas.trim() } : {}), ...(image ? { images: image } : {}) }, { kind, name: w.metadata.name, status }],
      });
    }
  }
  return { key: 'workloads', title: 'Workloads', items };
}

function serviceLine(index: ClusterIndex, service: Service): { text: string; json: Record<string, unknown> } {
  const state = endpointState(index, service);
  const endpoints =
    state.kind === 'unmanaged' ? 'no selector' : state.kind === 'no-match' ? 'selector matches no pods' : state.kind === 'no-ready' ? `0/${state.pods.length} ready` : `${state.ready}/${state.pods.length} ready`;
  const ports = (service.spec?.ports ?? []).map((p) => `${p.name ? `${p.name}:` : ''}${p.port}`).join(',');
  return {
    text: `Service ${service.metadata.name}: ${service.spec?.type ?? 'ClusterIP'}${ports ? ` ports ${ports}` : ''}, ${endpoints}`,
    json: { name: service.metadata.name, type: service.spec?.type ?? 'ClusterIP', ports, endpoints },
  };
}

/** Services and Ingresses of a namespace with their endpoints and backends. */
export function networkSection(index: ClusterIndex, namespace: string): LayoutSection {
  const items: LayoutItem[] = [];
  for (const service of index.list<Service>('Service')) {
    if (service.metadata.namespace !== namespace) continue;
    const line = serviceLine(index, service);
    items.push(lineItem(line.text, { kind: 'Service', ...line.json }));
  }
  for (const ingress of index.list<Ingress>('Ingress')) {
    if (ingress.metadata.namespace !== namespace) continue;
    const hosts = [...new Set((ingress.spec?.rules ?? []).map((r) => r.host ?? '*'))].join(',');
    items.push(lineItem(`Ingress ${ingress.metadata.name}: hosts ${hosts || '*'}`, { kind: 'Ingress', name: ingress.metadata.name, hosts }));
  }
  return { key: 'network', title: 'Services and Ingresses', items };
}

/** PersistentVolumeClaims of a namespace. */
export function storageSection(index: ClusterIndex, namespace: string): LayoutSection {
  const items = index
    .list<PersistentVolumeClaim>('PersistentVolumeClaim')
    .filter((p) => p.metadata.namespace === namespace)
    .map((p) => {
      const phase = p.status?.phase ?? 'Unknown';
      const sc = p.spec?.storageClassName ?? '(default)';
      return lineItem(`PVC ${p.metadata.name}: ${phase}, class ${sc}`, { name: p.metadata.name, phase, storageClass: sc });
    });
  return { key: 'storage', title: 'Storage', items };
}

/** Pods owned (transitively) by a workload. */
export function podsOf(index: ClusterIndex, workload: ObjectRef): Pod[] {
  const id = refId(workload);
  return index.pods(workload.namespace as string).filter((p) => refId(index.topOwner('Pod', p)) === id || refId(index.controllerOf(p) ?? { kind: '', name: '-' }) === id);
}

/** The workload's pods: status, readiness, restarts, node. Troubled pods first. */
export function podsSection(pods: readonly Pod[]): LayoutSection {
  const rank = (p: Pod): number => (podStatus(p) === 'Running' ? 1 : 0);
  const items = [...pods]
    .sort((a, b) => rank(a) - rank(b) || compareText(a.metadata.name, b.metadata.name))
    .map((p) => {
      const status = podStatus(p);
      const restarts = (p.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
      const node = p.spec?.nodeName ?? '(unscheduled)';
      return {
        markdown: [`- ${p.metadata.name}: ${status}, ${restarts} restarts, node ${node}`, `- ${p.metadata.name}: ${status}`],
        json: [{ name: p.metadata.name, status, restarts, node }, { name: p.metadata.name, status }],
      };
    });
  return { key: 'pods', title: 'Pods', items };
}

/** What the workload's pod template names (ConfigMaps, Secrets by name only, PVCs, ServiceAccount, governing Service), existing or missing. */
export function dependsOnSection(index: ClusterIndex, ref: ObjectRef, workload: Workload): LayoutSection {
  const ns = ref.namespace as string;
  const pod: Pod = { metadata: { name: ref.name, namespace: ns }, spec: templateOf(workload)?.spec ?? {} };
  const seen = new Set<string>();
  const items: LayoutItem[] = [];
  const add = (target: ObjectRef, via: string): void => {
    const id = refId(target);
    if (seen.has(id)) return;
    seen.add(id);
    const exists = index.get(target) !== undefined;
    items.push(lineItem(`${refText(target)} (${via})${exists ? '' : ' MISSING'}`, { kind: target.kind, name: target.name, via, exists }));
  };
  for (const r of podReferences(pod)) add({ kind: r.kind, namespace: ns, name: r.name }, r.via);
  if (workload.spec?.serviceName) add({ kind: 'Service', namespace: ns, name: workload.spec.serviceName }, 'governing Service');
  for (const t of workload.spec?.volumeClaimTemplates ?? []) {
    if (t.spec?.storageClassName) add({ kind: 'StorageClass', name: t.spec.storageClassName }, `claim template ${t.metadata?.name ?? ''}`.trim());
  }
  return { key: 'dependsOn', title: 'Depends on', items };
}

/** Services selecting the workload's pods, Ingresses routing to them, HPAs and PDBs targeting it. */
export function usedBySection(index: ClusterIndex, ref: ObjectRef, workload: Workload): LayoutSection {
  const ns = ref.namespace as string;
  const labels = templateOf(workload)?.metadata?.labels ?? {};
  const items: LayoutItem[] = [];
  const services = index.list<Service>('Service').filter((s) => s.metadata.namespace === ns && s.spec?.selector && Object.keys(s.spec.selector).length > 0 && matchesMap(s.spec.selector, labels));
  for (const s of services) {
    const line = serviceLine(index, s);
    items.push(lineItem(`${line.text} (selector ${formatLabels(s.spec?.selector ?? {})})`, { kind: 'Service', ...line.json }));
  }
  const serviceNames = new Set(services.map((s) => s.metadata.name));
  for (const ingress of index.list<Ingress>('Ingress')) {
    if (ingress.metadata.namespace !== ns) continue;
    const backends = [ingress.spec?.defaultBackend, ...(ingress.spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend))];
    const hit = backends.find((b) => b?.service && serviceNames.has(b.service.name));
    if (hit?.service) items.push(lineItem(`Ingress ${ingress.metadata.name} -> Service ${hit.service.name}`, { kind: 'Ingress', name: ingress.metadata.name, service: hit.service.name }));
  }
  for (const hpa of index.list<HorizontalPodAutoscaler>('HorizontalPodAutoscaler')) {
    const target = hpa.spec?.scaleTargetRef;
    if (hpa.metadata.namespace === ns && target?.kind === ref.kind && target.name === ref.name) {
      items.push(lineItem(`HorizontalPodAutoscaler ${hpa.metadata.name}: ${hpa.spec?.minReplicas ?? 1}-${hpa.spec?.maxReplicas ?? '?'} replicas, current ${hpa.status?.currentReplicas ?? '?'}`, { kind: 'HorizontalPodAutoscaler', name: hpa.metadata.name }));
    }
  }
  for (const pdb of index.list<PodDisruptionBudget>('PodDisruptionBudget')) {
    const selector = pdb.spec?.selector;
    if (pdb.metadata.namespace === ns && selector && matchesSelector(selector, labels)) {
      items.push(lineItem(`PodDisruptionBudget ${pdb.metadata.name}: ${pdb.status?.disruptionsAllowed ?? '?'} disruptions allowed`, { kind: 'PodDisruptionBudget', name: pdb.metadata.name }));
    }
  }
  return { key: 'usedBy', title: 'Used by', items };
}

/** Findings about a workload, its pods (or owned objects), or whose chain passes through it. */
export function findingsAbout(findings: readonly Finding[], ref: ObjectRef, podIds: ReadonlySet<string>): Finding[] {
  const id = refId(ref);
  return findings.filter((f) => f.chain.some((s) => refId(s.ref) === id || podIds.has(refId(s.ref))));
}
