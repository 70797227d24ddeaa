import type { ClusterIndex } from './cluster-index.js';
import type { RawFinding } from './finding.js';
import type { Pod } from './kube-types.js';
import type { AnomalyThresholds } from './thresholds.js';
import { compareText, formatAge, plural, timeOf } from './text.js';

function warningBursts(index: ClusterIndex, t: AnomalyThresholds): RawFinding[] {
  const perNamespace = new Map<string, Map<string, number>>();
  const newest = new Map<string, number>();
  for (const event of index.allEventInfos()) {
    if (event.type !== 'Warning' || event.time === undefined || index.now - event.time > t.recentWindowMs) continue;
    // Events about cluster-scoped objects (nodes) are counted under the cluster.
    const ns = event.involved.namespace ?? '';
    const reasons = perNamespace.get(ns) ?? new Map<string, number>();
    reasons.set(event.reason, (reasons.get(event.reason) ?? 0) + event.count);
    perNamespace.set(ns, reasons);
    newest.set(ns, Math.max(newest.get(ns) ?? 0, event.time));
  }
  const findings: RawFinding[] = [];
  for (const [ns, reasons] of [...perNamespace].sort(([a], [b]) => compareText(a, b))) {
    const total = [...reasons.values()].reduce((a, b) => a + b, 0);
    if (total < t.eventBurstCount) continue;
    const top = [...reasons].sort(([ra, a], [rb, b]) => b - a || compareText(ra, rb)).slice(0, 4);
    findings.push({
      severity: 'warning',
      reason: 'WarningEventBurst',
      object: ns === '' ? { kind: 'Cluster', name: 'cluster' } : { kind: 'Namespace', name: ns },
      message: `${total} Warning events in the last ${formatAge(t.recentWindowMs)}: ${top.map(([r, n]) => `${r} x${n}`).join(', ')}`,
      evidence: [],
      nextStep: `\`kubectl get events${ns ? ` -n ${ns}` : ' -A'} --field-selector type=Warning --sort-by=.lastTimestamp\``,
      lastSeen: newest.get(ns) as number,
    });
  }
  return findings;
}

function restartStorms(index: ClusterIndex, t: AnomalyThresholds): RawFinding[] {
  const byOwner = new Map<string, { ref: ReturnType<ClusterIndex['topOwner']>; pods: string[]; restarts: number; newest: number }>();
  for (const pod of index.list<Pod>('Pod')) {
    let restarted: number | undefined;
    let restarts = 0;
    // Two loops rather than one spread list: this runs for every pod.
    for (const statuses of [pod.status?.containerStatuses, pod.status?.initContainerStatuses]) {
      for (const cs of statuses ?? []) {
        // Crash-looping containers are reported as such; a storm is restarts of otherwise running pods.
        if (cs.state?.waiting?.reason === 'CrashLoopBackOff') continue;
        const finished = timeOf(cs.lastState?.terminated?.finishedAt);
        if (finished !== undefined && index.now - finished <= t.recentWindowMs) {
          restarted = Math.max(restarted ?? 0, finished);
          restarts += cs.restartCount ?? 0;
        }
      }
    }
    if (restarted === undefined) continue;
    const owner = index.topOwner('Pod', pod);
    const key = `${owner.kind}/${owner.namespace}/${owner.name}`;
    const entry = byOwner.get(key) ?? { ref: owner, pods: [], restarts: 0, newest: 0 };
    entry.pods.push(pod.metadata.name);
    entry.restarts += restarts;
    entry.newest = Math.max(entry.newest, restarted);
    byOwner.set(key, entry);
  }
  const findings: RawFinding[] = [];
  for (const [, entry] of [...byOwner].sort(([a], [b]) => compareText(a, b))) {
    if (entry.pods.length < t.restartStormPods) continue;
    findings.push({
      severity: 'warning',
      reason: 'RestartStorm',
      object: entry.ref,
      message: `${plural(entry.pods.length, 'pod')} restarted in the last ${formatAge(t.recentWindowMs)} (${entry.restarts} restarts in total)`,
      evidence: [`pods: ${entry.pods.slice(0, 3).join(', ')}${entry.pods.length > 3 ? ` (+${entry.pods.length - 3} more)` : ''}`],
      nextStep: 'Look for a shared cause: a dependency outage, a bad config rollout, node pressure',
      lastSeen: entry.newest,
    });
  }
  return findings;
}

/** Event-level checks: Warning event bursts per namespace, restart storms per workload. */
export function detectEvents(index: ClusterIndex, t: AnomalyThresholds): RawFinding[] {
  return [...warningBursts(index, t), ...restartStorms(index, t)];
}
