import type { ClusterIndex } from './cluster-index.js';
import { conditionLine, eventLines, newestEventTime } from './evidence.js';
import type { RawFinding } from './finding.js';
import { conditionOf, type Node, type Pod } from './kube-types.js';
import { nodeBlockersAll, type NodeBlockers, taintText, unboundClaims } from './node-fit.js';
import { plural, timeOf } from './text.js';

const PRESSURE = ['MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

/** Pods (visible ones) per node name. */
export function podsPerNode(index: ClusterIndex): Map<string, number> {
  const counts = new Map<string, number>();
  for (const pod of index.list<Pod>('Pod')) {
    const node = pod.spec?.nodeName;
    if (node && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed') counts.set(node, (counts.get(node) ?? 0) + 1);
  }
  return counts;
}

/** Pods waiting for a node because the scheduler found none. */
export function unschedulablePods(index: ClusterIndex): Pod[] {
  return index.list<Pod>('Pod').filter((p) => {
    if (p.status?.phase !== 'Pending') return false;
    const c = conditionOf(p.status.conditions, 'PodScheduled');
    return c?.status === 'False' && c.reason === 'Unschedulable';
  });
}

/** Unschedulable pods that wait for nodes, not for their volumes to bind. */
function podsWaitingForNodes(index: ClusterIndex): Pod[] {
  return unschedulablePods(index).filter((p) => unboundClaims(index, p).length === 0);
}

/**
 * Node checks: Ready not True (NotReady or Unknown), memory/disk/PID pressure,
 * NetworkUnavailable, cordoned, and taints that keep otherwise-fitting Pending pods off a node.
 */
export function detectNodes(index: ClusterIndex): RawFinding[] {
  const findings: RawFinding[] = [];
  // Counted only when a message needs them (most nodes have no finding).
  let perNode: Map<string, number> | undefined;
  const podsOn = (node: Node): number => (perNode ??= podsPerNode(index)).get(node.metadata.name) ?? 0;
  const pending = podsWaitingForNodes(index);
  // Per pending pod, why each node refuses it (looked up once per pod, not per node).
  let pendingBlockers: (readonly NodeBlockers[])[] | undefined;
  const nodes = index.list<Node>('Node');
  for (let n = 0; n < nodes.length; n++) {
    const node = nodes[n] as Node;
    const ref = index.refOf('Node', node);
    const conditions = node.status?.conditions ?? [];
    const events = index.events(ref);
    const ready = conditionOf(conditions, 'Ready');
    if (ready?.status !== 'True') {
      const unknown = ready === undefined || ready.status === 'Unknown';
      const lastSeen = timeOf(ready?.lastTransitionTime) ?? newestEventTime(events);
      findings.push({
        severity: 'critical',
        reason: 'NodeNotReady',
        object: ref,
        message: `${unknown ? 'Ready unknown: the kubelet stopped posting status' : `NotReady (${ready?.reason ?? 'no reason'}): ${ready?.message ?? ''}`.trim()}; ${plural(podsOn(node), 'pod')} on it`,
        evidence: [...(ready ? [conditionLine(ready)] : ['no Ready condition']), ...eventLines(events, index.now)],
        nextStep: `Check the kubelet and container runtime on ${ref.name}; \`kubectl describe node ${ref.name}\``,
        status: 'NotReady',
        ...(lastSeen === undefined ? {} : { lastSeen }),
      });
    }
    for (const type of PRESSURE) {
      const c = conditionOf(conditions, type);
      if (c?.status !== 'True') continue;
      const lastSeen = timeOf(c.lastTransitionTime);
      findings.push({
        severity: 'warning',
        reason: type,
        object: ref,
        message: `${type}: ${c.message ?? c.reason ?? ''}`.trim(),
        evidence: [conditionLine(c)],
        nextStep: `Free ${type === 'MemoryPressure' ? 'memory' : type === 'DiskPressure' ? 'disk space (images, logs, emptyDir)' : 'process ids'} on ${ref.name} or move pods away; the kubelet evicts pods meanwhile`,
        ...(lastSeen === undefined ? {} : { lastSeen }),
      });
    }
    const network = conditionOf(conditions, 'NetworkUnavailable');
    if (network?.status === 'True') {
      findings.push({
        severity: 'critical',
        reason: 'NetworkUnavailable',
        object: ref,
        message: `network not configured: ${network.message ?? network.reason ?? ''}`.trim(),
        evidence: [conditionLine(network)],
        nextStep: `Check the CNI plugin on ${ref.name}`,
      });
    }
    if (node.spec?.unschedulable) {
      findings.push({
        severity: 'info',
        reason: 'NodeCordoned',
        object: ref,
        message: `cordoned (unschedulable); ${plural(podsOn(node), 'pod')} still run on it`,
        evidence: [],
        nextStep: `Uncordon when maintenance is done: \`kubectl uncordon ${ref.name}\``,
        status: 'cordoned',
      });
    }
    // A taint blocks a Pending pod when the pod would otherwise fit here (labels, readiness, cordon).
    const blocked = new Map<string, string[]>();
    pendingBlockers ??= pending.map((pod) => nodeBlockersAll(index, pod));
    for (let p = 0; p < pending.length; p++) {
      const pod = pending[p] as Pod;
      const b = (pendingBlockers[p] as readonly NodeBlockers[])[n] as NodeBlockers;
      if (b.selectorMismatch || b.notReady || b.cordoned) continue;
      for (const taint of b.taints) {
        const key = taintText(taint);
        const list = blocked.get(key) ?? [];
        list.push(`${pod.metadata.namespace}/${pod.metadata.name}`);
        blocked.set(key, list);
      }
    }
    for (const [taint, pods] of [...blocked].sort(([a], [b]) => (a < b ? -1 : 1))) {
      findings.push({
        severity: 'warning',
        reason: 'TaintBlocksPods',
        object: ref,
        message: `taint ${taint} is tolerated by none of ${plural(pods.length, 'Pending pod')} that would otherwise fit`,
        evidence: [`pending: ${pods.slice(0, 3).join(', ')}${pods.length > 3 ? ` (+${pods.length - 3} more)` : ''}`],
        nextStep: `Add a toleration for ${taint} to those pods, or remove the taint: \`kubectl taint node ${ref.name} ${taint}-\``,
        key: taint,
        status: `taint ${taint}`,
      });
    }
  }
  return findings;
}
