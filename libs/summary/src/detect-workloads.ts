import type { ClusterIndex } from './cluster-index.js';
import { conditionLine } from './evidence.js';
import type { ObjectRef, RawFinding } from './finding.js';
import { conditionOf, type Workload } from './kube-types.js';
import { formatLabels } from './label-selector.js';
import type { AnomalyThresholds } from './thresholds.js';
import { formatAge, timeOf } from './text.js';
import { type LiveServiceAccountUse, liveServiceAccountUse, type WorkloadProgress } from './template-checks.js';
import { workloadCreationFindings, type FailureSource } from './workload-failures.js';

/** What every workload check needs besides the workload. */
interface WorkloadContext {
  readonly index: ClusterIndex;
  readonly t: AnomalyThresholds;
  /** See {@link liveServiceAccountUse}. */
  readonly liveUse: LiveServiceAccountUse;
  /** ReplicaSets by the namespace and name of their controlling Deployment. */
  readonly replicaSets: ReadonlyMap<string, ReadonlyMap<string, readonly Workload[]>>;
}

function creationFindings(ctx: WorkloadContext, ref: ObjectRef, w: Workload, sources: readonly FailureSource[], progress: WorkloadProgress): RawFinding[] {
  return workloadCreationFindings(ctx.index, ctx.t, ctx.liveUse, { ref, spec: w.spec?.template?.spec, sources, progress });
}

/** A critical creation finding already says why the replicas are missing. */
function explainsReplicas(findings: readonly RawFinding[]): boolean {
  return findings.some((f) => f.severity === 'critical');
}

function selectorHint(w: Workload): string {
  const labels = w.spec?.selector?.matchLabels;
  return labels && Object.keys(labels).length > 0 ? ` -l ${formatLabels(labels)}` : '';
}

function podsCommand(ref: ObjectRef, w: Workload): string {
  return `\`kubectl -n ${ref.namespace} get pods${selectorHint(w)}\``;
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

function deploymentFindings(ctx: WorkloadContext, d: Workload): RawFinding[] {
  const { index, t } = ctx;
  const ref = index.refOf('Deployment', d);
  const status = d.status ?? {};
  const conditions = status.conditions ?? [];
  const desired = d.spec?.replicas ?? 1;
  const ready = status.readyReplicas ?? 0;
  const evidence = conditions.filter((c) => c.status !== 'True' || c.type === 'ReplicaFailure').map(conditionLine);
  const progressing = conditionOf(conditions, 'Progressing');
  // Parsed only for a finding (most Deployments have none).
  const progressTime = (): number | undefined => timeOf(progressing?.lastUpdateTime) ?? timeOf(progressing?.lastTransitionTime);
  const replicaSets = (ctx.replicaSets.get(ref.namespace as string)?.get(ref.name) ?? []).filter((rs) => (rs.spec?.replicas ?? 1) > 0);
  const creating = desired > 0 || replicaSets.length > 0;
  const short = ready < desired || replicaSets.some((rs) => (rs.status?.replicas ?? 0) < (rs.spec?.replicas ?? 1));
  const sources: FailureSource[] = [...replicaSets.map((rs) => ({ ref: index.refOf('ReplicaSet', rs), conditions: rs.status?.conditions })), { ref, conditions }];
  const findings: RawFinding[] = creating ? creationFindings(ctx, ref, d, sources, { short, ...(desired > 0 ? { text: `${ready}/${desired} ready` } : {}) }) : [];
  const explained = explainsReplicas(findings);
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
  if (explained) {
    // The creation finding names the cause; "0/3 ready" is folded into its message.
  } else if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
    const lastSeen = progressTime();
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
    findings.push(replicasFinding(ref, d, desired, ready, evidence, progressTime()));
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
  } else if (!explained && !d.spec?.paused && desired > 0 && (status.updatedReplicas ?? 0) < desired) {
    const lastSeen = progressTime();
    if (lastSeen !== undefined && index.now - lastSeen >= t.rolloutStallMs) {
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
  }
  return findings;
}

function replicaSetFindings(ctx: WorkloadContext, rs: Workload): RawFinding[] {
  if ((rs.spec?.replicas ?? 1) === 0) return [];
  const { index } = ctx;
  // A Deployment's ReplicaSets are checked (and reported) as the Deployment.
  const owner = index.controllerOf(rs);
  if (owner?.kind === 'Deployment' && index.get(owner)) return [];
  const ref = index.refOf('ReplicaSet', rs);
  const desired = rs.spec?.replicas ?? 1;
  const short = (rs.status?.replicas ?? 0) < desired || (rs.status?.readyReplicas ?? 0) < desired;
  return creationFindings(ctx, ref, rs, [{ ref, conditions: rs.status?.conditions }], { short, text: `${rs.status?.readyReplicas ?? 0}/${desired} ready` });
}

function statefulSetFindings(ctx: WorkloadContext, s: Workload): RawFinding[] {
  const { index } = ctx;
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
  const creation =
    desired > 0 ? creationFindings(ctx, ref, s, [{ ref, conditions: s.status?.conditions }], { short: (s.status?.replicas ?? 0) < desired || ready < desired, text: `${ready}/${desired} ready` }) : [];
  findings.push(...creation);
  if (desired > 0 && ready < desired && !explainsReplicas(creation)) {
    findings.push(replicasFinding(ref, s, desired, ready, (s.status?.conditions ?? []).map(conditionLine), undefined));
  }
  return findings;
}

function daemonSetFindings(ctx: WorkloadContext, ds: Workload): RawFinding[] {
  const { index } = ctx;
  const ref = index.refOf('DaemonSet', ds);
  const status = ds.status ?? {};
  const desired = status.desiredNumberScheduled ?? 0;
  const ready = status.numberReady ?? 0;
  const short = (status.currentNumberScheduled ?? desired) < desired || ready < desired;
  const findings: RawFinding[] = creationFindings(ctx, ref, ds, [{ ref, conditions: status.conditions }], { short, ...(desired > 0 ? { text: `${ready}/${desired} daemon pods ready` } : {}) });
  if (desired > 0 && ready < desired && !explainsReplicas(findings)) {
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
 * or stalled, paused; pods that cannot be created (FailedCreate events and ReplicaFailure
 * conditions of Deployments' ReplicaSets, StatefulSets, DaemonSets, orphan ReplicaSets, read for
 * their cause: quota, ServiceAccount, admission webhook, PodSecurity, LimitRange), reported on
 * the workload and replacing its plain "not ready" finding; pod templates naming a
 * ServiceAccount that does not exist; StatefulSet missing governing Service or StorageClass,
 * pods not ready; DaemonSet numberReady < desired, misscheduled.
 */
export function detectWorkloads(index: ClusterIndex, t: AnomalyThresholds): RawFinding[] {
  const replicaSets = new Map<string, Map<string, Workload[]>>();
  for (const rs of index.list<Workload>('ReplicaSet')) {
    const owner = index.controllerOf(rs);
    if (owner?.kind !== 'Deployment') continue;
    let byName = replicaSets.get(owner.namespace as string);
    if (!byName) replicaSets.set(owner.namespace as string, (byName = new Map()));
    const list = byName.get(owner.name);
    if (list) list.push(rs);
    else byName.set(owner.name, [rs]);
  }
  const ctx: WorkloadContext = { index, t, liveUse: liveServiceAccountUse(index), replicaSets };
  return [
    ...index.list<Workload>('Deployment').flatMap((d) => deploymentFindings(ctx, d)),
    ...index.list<Workload>('ReplicaSet').flatMap((rs) => replicaSetFindings(ctx, rs)),
    ...index.list<Workload>('StatefulSet').flatMap((s) => statefulSetFindings(ctx, s)),
    ...index.list<Workload>('DaemonSet').flatMap((ds) => daemonSetFindings(ctx, ds)),
  ];
}
