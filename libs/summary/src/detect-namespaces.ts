import { CLUSTER_SCOPED_KINDS, SUMMARY_KINDS, type ClusterIndex } from './cluster-index.js';
import { conditionLine } from './evidence.js';
import type { CauseRef, RawFinding } from './finding.js';
import type { Namespace, ResourceQuota } from './kube-types.js';
import { parseQuantity } from './quantity.js';
import type { AnomalyThresholds } from './thresholds.js';
import { formatAge, plural, timeOf } from './text.js';

const STUCK_CONDITIONS = [
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
  'NamespaceDeletionContentFailure',
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
];

function stuckNamespaces(index: ClusterIndex, t: AnomalyThresholds): Set<string> {
  const stuck = new Set<string>();
  for (const ns of index.list<Namespace>('Namespace')) {
    const deleted = timeOf(ns.metadata.deletionTimestamp);
    if (deleted === undefined && ns.status?.phase !== 'Terminating') continue;
    const blocked = (ns.status?.conditions ?? []).some((c) => STUCK_CONDITIONS.includes(c.type ?? '') && c.status === 'True');
    if (blocked || (deleted !== undefined && index.now - deleted >= t.stuckAfterMs)) stuck.add(ns.metadata.name);
  }
  return stuck;
}

function finalizerFindings(index: ClusterIndex, t: AnomalyThresholds, stuck: Set<string>): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const kind of SUMMARY_KINDS) {
    if (kind === 'Event' || kind === 'Namespace') continue;
    for (const object of index.list(kind)) {
      const deleted = timeOf(object.metadata.deletionTimestamp);
      if (deleted === undefined) continue;
      const ns = CLUSTER_SCOPED_KINDS.has(kind) ? undefined : object.metadata.namespace;
      const old = index.now - deleted >= t.stuckAfterMs;
      if (!old && !(ns !== undefined && stuck.has(ns))) continue;
      const ref = index.refOf(kind, object);
      const finalizers = [...(object.metadata.finalizers ?? [])].sort();
      if (finalizers.length > 0) {
        findings.push({
          severity: 'warning',
          reason: 'FinalizerBlocking',
          object: ref,
          message: `deleted ${formatAge(index.now - deleted)} ago but finalizers ${finalizers.join(', ')} keep it`,
          evidence: [],
          nextStep: `Find the controller that owns ${finalizers.join(', ')}; if it is gone, remove them: \`kubectl${ns ? ` -n ${ns}` : ''} patch ${kind.toLowerCase()} ${ref.name} --type=merge -p '{"metadata":{"finalizers":null}}'\``,
          lastSeen: deleted,
          status: `finalizer ${finalizers.join(', ')}`,
        });
      } else if (kind === 'Pod' && old) {
        findings.push({
          severity: 'warning',
          reason: 'StuckTerminating',
          object: ref,
          message: `Terminating for ${formatAge(index.now - deleted)} (its node may be down)`,
          evidence: [],
          nextStep: `Check node ${(object['spec'] as { nodeName?: string } | undefined)?.nodeName ?? '(none)'}; force-delete only when the node is gone`,
          lastSeen: deleted,
        });
      }
    }
  }
  return findings;
}

function namespaceFindings(index: ClusterIndex, stuck: Set<string>, finalizers: readonly RawFinding[]): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const ns of index.list<Namespace>('Namespace')) {
    const name = ns.metadata.name;
    if (!stuck.has(name)) continue;
    const deleted = timeOf(ns.metadata.deletionTimestamp);
    const holders = finalizers.filter((f) => f.object.namespace === name && f.reason === 'FinalizerBlocking');
    const causes: CauseRef[] = holders.slice(0, 10).map((f) => ({ ref: f.object, relation: 'still holds' }));
    findings.push({
      severity: 'critical',
      reason: 'NamespaceStuckTerminating',
      object: index.refOf('Namespace', ns),
      message: `stuck Terminating${deleted === undefined ? '' : ` for ${formatAge(index.now - deleted)}`}${holders.length > 0 ? `: ${plural(holders.length, 'object')} with finalizers remain` : ''}`,
      evidence: (ns.status?.conditions ?? []).filter((c) => c.status === 'True').map(conditionLine),
      nextStep: holders.length > 0 ? 'Resolve the finalizers of the remaining objects (see the cause chain)' : `List what remains: \`kubectl api-resources --verbs=list --namespaced -o name | xargs -n1 kubectl get -n ${name} --ignore-not-found\``,
      causes,
      status: 'Terminating',
      ...(deleted === undefined ? {} : { lastSeen: deleted }),
    });
  }
  return findings;
}

function quotaFindings(index: ClusterIndex, quota: ResourceQuota, t: AnomalyThresholds): RawFinding[] {
  const ref = index.refOf('ResourceQuota', quota);
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  const full: string[] = [];
  const near: string[] = [];
  for (const resource of Object.keys(hard).sort()) {
    const h = parseQuantity(hard[resource]);
    const u = parseQuantity(used[resource]) ?? 0;
    if (h === undefined || h <= 0) continue;
    const line = `${resource} ${used[resource] ?? '0'}/${hard[resource]}`;
    if (u >= h) full.push(line);
    else if (u / h >= t.quotaNearlyFullRatio) near.push(line);
  }
  if (full.length > 0) {
    return [
      {
        severity: 'warning',
        reason: 'QuotaExhausted',
        object: ref,
        message: `exhausted: ${full.join(', ')}; new objects asking for these are rejected`,
        evidence: near.length > 0 ? [`nearly full: ${near.join(', ')}`] : [],
        nextStep: `Raise the quota or free resources: \`kubectl -n ${ref.namespace} describe quota ${ref.name}\``,
        status: `exhausted (${full.join(', ')})`,
      },
    ];
  }
  if (near.length > 0) {
    return [
      {
        severity: 'info',
        reason: 'QuotaNearlyExhausted',
        object: ref,
        message: `nearly exhausted: ${near.join(', ')}`,
        evidence: [],
        nextStep: 'Plan a quota increase before the next rollout needs it',
      },
    ];
  }
  return [];
}

/**
 * Namespace-level checks: namespaces stuck Terminating (with the objects whose finalizers hold
 * them), finalizers blocking deletion, pods stuck Terminating, ResourceQuota exhausted or nearly so.
 */
export function detectNamespaces(index: ClusterIndex, t: AnomalyThresholds): RawFinding[] {
  const stuck = stuckNamespaces(index, t);
  const finalizers = finalizerFindings(index, t, stuck);
  return [
    ...namespaceFindings(index, stuck, finalizers),
    ...finalizers,
    ...index.list<ResourceQuota>('ResourceQuota').flatMap((q) => quotaFindings(index, q, t)),
  ];
}
