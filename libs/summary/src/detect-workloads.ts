import type { ClusterIndex } from './cluster-index.js';
import { conditionLine, eventLines, newestEventTime } from './evidence.js';
import type { CauseRef, ObjectRef, RawFinding } from './finding.js';
import { conditionOf, type Workload } from './kube-types.js';
import { formatLabels } from './label-selector.js';
import type { AnomalyThresholds } from './thresholds.js';
import { formatAge, timeOf } from './text.js';

function selectorHint(w: Workload): string {
  const labels = w.spec?.selector?.matchLabels;
  return labels && Object.keys(labels).length > 0 ? ` -l ${formatLabels(labels)}` : '';
}

function podsCommand(ref: ObjectRef, w: Workload): string {
  return `\`kubectl -n ${ref.namespace} get pods${selectorHint(w)}\``;
}

/** The ResourceQuota named in a FailedCreate message (`exceeded quota: compute, requested: ...`). */
export function quotaFromMessage(message: string | undefined, namespace: string): CauseRef | undefined {
  const match = message ? /exceeded quota: ([a-z0-9.-]+)/.exec(message) : null;
  return match ? { ref: { kind: 'ResourceQuota', namespace, name: match[1] as string }, relation: 'limited by' } : undefined;
}

function replicasFinding(ref: ObjectRef, w: Workload, desired: number, ready: number, evidence: string[], lastSeen: number | undefined): RawFinding {
  return {
    severity: ready === 0 ? 'critical' : 'warning',
    reason: 'ReplicasUnavailable',
    object: ref,
    message: `${ready}/${desired} replicas ready`,
    evidence,
    nextStep: `See why its pods are not ready: ${podsCommand(ref, w)}`,
    status: `${ready}/${desired} ready`,
    ...(lastSeen === undefined ? {} : { lastSeen }),
  };
}

function deploymentFindings(index: ClusterIndex, d: Workload, t: AnomalyThresholds): RawFinding[] {
  const ref = index.refOf('Deployment', d);
  const status = d.status ?? {};
  const conditions = status.conditions ?? [];
  const desired = d.spec?.replicas ?? 1;
  const ready = status.readyReplicas ?? 0;
  const evidence = conditions.filter((c) => c.status !== 'True' || c.type === 'ReplicaFailure').map(conditionLine);
  const progressing = conditionOf(conditions, 'Progressing');
  const lastSeen = timeOf(progressing?.lastUpdateTime) ?? timeOf(progressing?.lastTransitionTime);
  const findings: RawFinding[] = [];
  if (d.spec?.paused) {
    findings.push({
      severity: 'info',
      reason: 'RolloutPaused',
      object: ref,
      message: 'rollout is paused',
      evidence,
      nextStep: `Resume it when ready: \`kubectl -n ${ref.namespace} rollout resume deployment/${ref.name}\``,
    });
  }
  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
    findings.push({
      severity: 'critical',
      reason: 'ProgressDeadlineExceeded',
      object: ref,
      message: `rollout exceeded its progress deadline (${ready}/${desired} ready, ${status.updatedReplicas ?? 0} updated)`,
      evidence,
      nextStep: `Find what blocks the new pods: ${podsCommand(ref, d)}; roll back with \`kubectl -n ${ref.namespace} rollout undo deployment/${ref.name}\` if needed`,
      status: `ProgressDeadlineExceeded (${ready}/${desired} ready)`,
      ...(lastSeen === undefined ? {} : { lastSeen }),
    });
  } else if (desired > 0 && ready < desired) {
    findings.push(replicasFinding(ref, d, desired, ready, evidence, lastSeen));
  }
  const generation = d.metadata.generation;
  if (generation !== undefined && status.observedGeneration !== undefined && status.observedGeneration < generation) {
    findings.push({
      severity: 'warning',
      reason: 'RolloutNotObserved',
      object: ref,
      message: `controller has not observed generation ${generation} (observed ${status.observedGeneration})`,
      evidence,
      nextStep: 'Check that kube-controller-manager is running and healthy',
    });
  } else if (!d.spec?.paused && desired > 0 && (status.updatedReplicas ?? 0) < desired && lastSeen !== undefined && index.now - lastSeen >= t.rolloutStallMs) {
    findings.push({
      severity: 'warning',
      reason: 'RolloutStalled',
      object: ref,
      message: `rollout stalled: ${status.updatedReplicas ?? 0}/${desired} updated, no progress for ${formatAge(index.now - lastSeen)}`,
      evidence,
      nextStep: `Check the new ReplicaSet's pods: ${podsCommand(ref, d)}`,
      lastSeen,
    });
  }
  return findings;
}

function replicaSetFindings(index: ClusterIndex, rs: Workload, t: AnomalyThresholds): RawFinding[] {
  if ((rs.spec?.replicas ?? 1) === 0) return [];
  const ref = index.refOf('ReplicaSet', rs);
  const failure = conditionOf(rs.status?.conditions, 'ReplicaFailure');
  const events = index.events(ref).filter((e) => e.reason === 'FailedCreate' && e.type === 'Warning');
  const recent = events.filter((e) => e.time !== undefined && index.now - e.time <= t.recentWindowMs);
  if (failure?.status !== 'True' && recent.length === 0) return [];
  const message = failure?.status === 'True' ? failure.message : recent[0]?.message;
  const quota = quotaFromMessage(message, ref.namespace as string);
  return [
    {
      severity: 'critical',
      reason: 'FailedCreate',
      object: ref,
      message: `cannot create pods: ${message ?? 'unknown reason'}`,
      evidence: [...(failure ? [conditionLine(failure)] : []), ...eventLines(events, index.now)],
      nextStep: quota
        ? `Raise ResourceQuota ${quota.ref.name} or lower the requests: \`kubectl -n ${ref.namespace} describe quota ${quota.ref.name}\``
        : `Check admission (quota, LimitRange, policies, PodSecurity): \`kubectl -n ${ref.namespace} describe rs ${ref.name}\``,
      ...(quota ? { causes: [quota] } : {}),
      ...(newestEventTime(events) === undefined ? {} : { lastSeen: newestEventTime(events) as number }),
    },
  ];
}

function statefulSetFindings(index: ClusterIndex, s: Workload): RawFinding[] {
  const ref = index.refOf('StatefulSet', s);
  const ns = ref.namespace as string;
  const findings: RawFinding[] = [];
  const serviceName = s.spec?.serviceName;
  if (serviceName && !index.get({ kind: 'Service', namespace: ns, name: serviceName })) {
    findings.push({
      severity: 'warning',
      reason: 'MissingGoverningService',
      object: ref,
      message: `governing Service ${serviceName} does not exist (pods get no stable DNS names)`,
      evidence: [],
      nextStep: `Create the headless Service ${serviceName} (clusterIP: None) selecting the StatefulSet's pods`,
      key: serviceName,
      causes: [{ ref: { kind: 'Service', namespace: ns, name: serviceName }, relation: 'governed by', missing: true }],
    });
  }
  for (const template of s.spec?.volumeClaimTemplates ?? []) {
    const className = template.spec?.storageClassName;
    if (className && !index.get({ kind: 'StorageClass', name: className })) {
      findings.push({
        severity: 'critical',
        reason: 'MissingStorageClass',
        object: ref,
        message: `volumeClaimTemplate ${template.metadata?.name ?? ''} names StorageClass ${className}, which does not exist`,
        evidence: [],
        nextStep: `Create StorageClass ${className} or change storageClassName (claim templates are immutable: recreate the StatefulSet)`,
        key: className,
        causes: [{ ref: { kind: 'StorageClass', name: className }, relation: 'provisions from', missing: true }],
      });
    }
  }
  const desired = s.spec?.replicas ?? 1;
  const ready = s.status?.readyReplicas ?? 0;
  if (desired > 0 && ready < desired) {
    findings.push(replicasFinding(ref, s, desired, ready, (s.status?.conditions ?? []).map(conditionLine), undefined));
  }
  return findings;
}

function daemonSetFindings(index: ClusterIndex, ds: Workload): RawFinding[] {
  const ref = index.refOf('DaemonSet', ds);
  const status = ds.status ?? {};
  const desired = status.desiredNumberScheduled ?? 0;
  const ready = status.numberReady ?? 0;
  const findings: RawFinding[] = [];
  if (desired > 0 && ready < desired) {
    findings.push({
      severity: ready === 0 ? 'critical' : 'warning',
      reason: 'DaemonSetUnavailable',
      object: ref,
      message: `${ready}/${desired} daemon pods ready`,
      evidence: [`available ${status.numberAvailable ?? 0}, updated ${status.updatedNumberScheduled ?? 0}`],
      nextStep: `See which nodes lack a ready pod: ${podsCommand(ref, ds)} -o wide`,
      status: `${ready}/${desired} ready`,
    });
  }
  if ((status.numberMisscheduled ?? 0) > 0) {
    findings.push({
      severity: 'warning',
      reason: 'Misscheduled',
      object: ref,
      message: `${status.numberMisscheduled} daemon pods run on nodes they should not`,
      evidence: [],
      nextStep: 'Check node labels and taints against the DaemonSet nodeSelector and tolerations',
    });
  }
  return findings;
}

/**
 * Workload checks: Deployment ready < desired, ProgressDeadlineExceeded, rollout not observed
 * or stalled, paused; ReplicaSet FailedCreate (quota, admission); StatefulSet missing governing
 * Service or StorageClass, pods not ready; DaemonSet numberReady < desired, misscheduled.
 */
export function detectWorkloads(index: ClusterIndex, t: AnomalyThresholds): RawFinding[] {
  return [
    ...index.list<Workload>('Deployment').flatMap((d) => deploymentFindings(index, d, t)),
    ...index.list<Workload>('ReplicaSet').flatMap((rs) => replicaSetFindings(index, rs, t)),
    ...index.list<Workload>('StatefulSet').flatMap((s) => statefulSetFindings(index, s)),
    ...index.list<Workload>('DaemonSet').flatMap((ds) => daemonSetFindings(index, ds)),
  ];
}
