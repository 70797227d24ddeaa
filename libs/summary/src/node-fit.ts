import type { ClusterIndex } from './cluster-index.js';
import type { CauseRef } from './finding.js';
import { conditionOf, type Node, type PersistentVolumeClaim, type Pod, type Taint, type Toleration } from './kube-types.js';
import { formatLabels, matchesMap } from './label-selector.js';

/** Names of the pod's PVCs that exist but are not Bound (missing ones are dangling references). */
export function unboundClaims(index: ClusterIndex, pod: Pod): string[] {
  const namespace = pod.metadata.namespace as string;
  return (pod.spec?.volumes ?? [])
    .map((v) => v.persistentVolumeClaim?.claimName)
    .filter((name): name is string => {
      if (!name) return false;
      const pvc = index.get<PersistentVolumeClaim>({ kind: 'PersistentVolumeClaim', namespace, name });
      return pvc !== undefined && pvc.status?.phase !== 'Bound';
    });
}

/** Whether one toleration tolerates one taint (Kubernetes' rules). */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return !toleration.key || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}

/** `key=value:Effect`. */
export function taintText(taint: Taint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}

/** Scheduling taints of `node` that no toleration of `pod` tolerates. */
export function untoleratedTaints(node: Node, pod: Pod): Taint[] {
  const tolerations = pod.spec?.tolerations ?? [];
  return (node.spec?.taints ?? []).filter(
    (taint) => (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !tolerations.some((t) => tolerates(t, taint)),
  );
}

/** Why `pod` cannot go to `node`, as far as labels, taints and cordoning tell (not resources or affinity). */
export interface NodeBlockers {
  readonly selectorMismatch: boolean;
  readonly cordoned: boolean;
  readonly notReady: boolean;
  readonly taints: readonly Taint[];
}

/** The simple reasons `pod` does not fit `node`. */
export function nodeBlockers(node: Node, pod: Pod): NodeBlockers {
  const cordonToleration = (pod.spec?.tolerations ?? []).some((t) =>
    tolerates(t, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }),
  );
  return {
    selectorMismatch: !matchesMap(pod.spec?.nodeSelector ?? {}, node.metadata.labels),
    cordoned: node.spec?.unschedulable === true && !cordonToleration,
    notReady: conditionOf(node.status?.conditions, 'Ready')?.status !== 'True',
    // Taints Kubernetes adds for node states are reported through those states instead.
    taints: untoleratedTaints(node, pod).filter((t) => !t.key.startsWith('node.kubernetes.io/')),
  };
}

// Every Pending pod of a workload asks about every node with the same nodeSelector and
// tolerations (all `nodeBlockers` reads of a pod): the answers are kept per index and per those.
const blockersByIndex = new WeakMap<ClusterIndex, Map<string, readonly NodeBlockers[]>>();

/** Tells undefined from an absent field in a cache key (JSON alone drops it). */
function keyPart(_key: string, value: unknown): unknown {
  return value === undefined ? '\u0000undefined' : value;
}

/** {@link nodeBlockers} of `pod` on every node of `index.list('Node')`, position by position. */
export function nodeBlockersAll(index: ClusterIndex, pod: Pod): readonly NodeBlockers[] {
  let byKey = blockersByIndex.get(index);
  if (!byKey) blockersByIndex.set(index, (byKey = new Map()));
  const key = JSON.stringify([pod.spec?.nodeSelector ?? null, pod.spec?.tolerations ?? null], keyPart);
  let all = byKey.get(key);
  if (!all) byKey.set(key, (all = index.list<Node>('Node').map((node) => nodeBlockers(node, pod))));
  return all;
}

/**
 * For an unschedulable pod: the nodes that would take it but for a taint or cordoning (causes
 * of the finding), evidence lines, and a next step when the reason is clear. Pods with the same
 * nodeSelector and tolerations (and no unbound claim) share one answer per index: do not modify it.
 */
export function unschedulableCauses(index: ClusterIndex, pod: Pod): { causes: CauseRef[]; evidence: string[]; nextStep?: string } {
  const unbound = unboundClaims(index, pod);
  if (unbound.length > 0) {
    // The scheduler waits for the claims ("unbound immediate PersistentVolumeClaims"): nodes are not the problem.
    return {
      causes: unbound.map((name) => ({ ref: { kind: 'PersistentVolumeClaim', namespace: pod.metadata.namespace as string, name }, relation: 'claims' })),
      evidence: [`unbound claims: ${unbound.join(', ')}`],
      nextStep: 'Get the PersistentVolumeClaims bound first (see the cause chain)',
    };
  }
  const nodes = index.list<Node>('Node');
  if (nodes.length === 0) return { causes: [], evidence: ['no nodes are visible'] };
  // The answer depends on the pod only through what nodeBlockers reads: one per such list.
  const all = nodeBlockersAll(index, pod);
  let fit = fitByBlockers.get(all);
  if (!fit) fitByBlockers.set(all, (fit = nodeFit(nodes, all, pod.spec?.nodeSelector ?? {})));
  return fit;
}

const fitByBlockers = new WeakMap<readonly NodeBlockers[], NodeFit>();

/** What {@link unschedulableCauses} says. */
interface NodeFit {
  readonly causes: CauseRef[];
  readonly evidence: string[];
  readonly nextStep?: string;
}

function nodeFit(nodes: readonly Node[], all: readonly NodeBlockers[], selector: Readonly<Record<string, string>>): NodeFit {
  const evidence: string[] = [];
  const causes: CauseRef[] = [];
  const blockers = nodes.map((node, i) => ({ node, b: all[i] as NodeBlockers }));
  const selectable = blockers.filter(({ b }) => !b.selectorMismatch);
  if (Object.keys(selector).length > 0 && selectable.length === 0) {
    evidence.push(`no node has labels ${formatLabels(selector)} (pod nodeSelector)`);
    return { causes, evidence, nextStep: `Fix the nodeSelector ${formatLabels(selector)} or label a node to match` };
  }
  const blockedOnlyByTaintOrCordon = selectable.filter(({ b }) => !b.notReady && (b.cordoned || b.taints.length > 0));
  for (const { node, b } of blockedOnlyByTaintOrCordon.slice(0, 3)) {
    const why = [b.cordoned ? 'cordoned' : '', ...b.taints.map((t) => `untolerated taint ${taintText(t)}`)].filter(Boolean).join(', ');
    evidence.push(`node ${node.metadata.name}: ${why}`);
    causes.push({ ref: { kind: 'Node', name: node.metadata.name }, relation: 'blocked by' });
  }
  if (blockedOnlyByTaintOrCordon.length > 0 && blockedOnlyByTaintOrCordon.length === selectable.filter(({ b }) => !b.notReady).length) {
    return { causes, evidence, nextStep: 'Add a toleration for the taint, uncordon a node, or add capacity' };
  }
  return { causes, evidence };
}
