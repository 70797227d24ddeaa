import type { ClusterIndex } from './cluster-index.js';
import { conditionLine } from './evidence.js';
import type { ObjectRef, RawFinding } from './finding.js';
import { conditionOf, type HorizontalPodAutoscaler, type PodDisruptionBudget, type Workload } from './kube-types.js';
import { matchesSelector } from './label-selector.js';
import { timeOf } from './text.js';

const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

function hpaFindings(index: ClusterIndex, hpa: HorizontalPodAutoscaler): RawFinding[] {
  const ref = index.refOf('HorizontalPodAutoscaler', hpa);
  const ns = ref.namespace as string;
  const conditions = hpa.status?.conditions ?? [];
  const target = hpa.spec?.scaleTargetRef;
  const findings: RawFinding[] = [];
  const targetRef: ObjectRef | undefined = target?.kind && target.name ? { kind: target.kind, namespace: ns, name: target.name } : undefined;
  const workload = targetRef && SCALABLE.has(targetRef.kind) ? index.get<Workload>(targetRef) : undefined;
  const able = conditionOf(conditions, 'AbleToScale');
  if (targetRef && SCALABLE.has(targetRef.kind) && !workload) {
    return [
      {
        severity: 'critical',
        reason: 'MissingScaleTarget',
        object: ref,
        message: `scale target ${targetRef.kind} ${targetRef.name} does not exist`,
        evidence: able ? [conditionLine(able)] : [],
        nextStep: `Fix spec.scaleTargetRef or create ${targetRef.kind} ${targetRef.name}`,
        key: `${targetRef.kind}/${targetRef.name}`,
        causes: [{ ref: targetRef, relation: 'scales', missing: true }],
      },
    ];
  }
  if (able?.status === 'False') {
    findings.push({
      severity: 'warning',
      reason: 'UnableToScale',
      object: ref,
      message: `cannot scale: ${able.message ?? able.reason ?? ''}`.trim(),
      evidence: [conditionLine(able)],
      nextStep: `\`kubectl -n ${ns} describe hpa ${ref.name}\``,
    });
  }
  const active = conditionOf(conditions, 'ScalingActive');
  if (active?.status === 'False') {
    const lastSeen = timeOf(active.lastTransitionTime);
    findings.push({
      severity: 'warning',
      reason: 'MetricsUnavailable',
      object: ref,
      message: `unable to compute metrics: ${active.message ?? active.reason ?? ''}`.trim(),
      evidence: [conditionLine(active)],
      nextStep: 'Check that metrics-server (or the custom metrics adapter) runs and the target pods have requests',
      ...(lastSeen === undefined ? {} : { lastSeen }),
    });
  }
  const limited = conditionOf(conditions, 'ScalingLimited');
  const max = hpa.spec?.maxReplicas;
  const current = hpa.status?.currentReplicas;
  if ((limited?.status === 'True' && limited.reason === 'TooManyReplicas') || (max !== undefined && current !== undefined && current >= max)) {
    findings.push({
      severity: 'warning',
      reason: 'AtMaxReplicas',
      object: ref,
      message: `at its maximum of ${max ?? '?'} replicas (desired ${hpa.status?.desiredReplicas ?? '?'}): load may exceed capacity`,
      evidence: limited ? [conditionLine(limited)] : [],
      nextStep: 'Raise maxReplicas if the cluster has room, or find why load grew',
      ...(targetRef ? { causes: [{ ref: targetRef, relation: 'scales' }] } : {}),
    });
  }
  if (workload && targetRef) {
    const resources = (hpa.spec?.metrics ?? []).filter((m) => m.type === 'Resource' && m.resource?.name).map((m) => m.resource?.name as string);
    const containers = workload.spec?.template?.spec?.containers ?? [];
    for (const resource of [...new Set(resources)].sort()) {
      const missing = containers.filter((c) => c.resources?.requests?.[resource] === undefined).map((c) => c.name);
      if (missing.length === 0) continue;
      findings.push({
        severity: 'warning',
        reason: 'TargetMissingRequests',
        object: ref,
        message: `scales on ${resource} but containers ${missing.join(', ')} of ${targetRef.kind} ${targetRef.name} have no ${resource} request`,
        evidence: [],
        nextStep: `Set resources.requests.${resource} on every container of ${targetRef.kind} ${targetRef.name}`,
        key: resource,
        causes: [{ ref: targetRef, relation: 'scales' }],
      });
    }
  }
  return findings;
}

function pdbFindings(index: ClusterIndex, pdb: PodDisruptionBudget): RawFinding[] {
  const ref = index.refOf('PodDisruptionBudget', pdb);
  const selector = pdb.spec?.selector;
  const matched = selector ? index.pods(ref.namespace as string).filter((p) => matchesSelector(selector, p.metadata.labels)).length : 0;
  if (matched === 0) {
    return [
      {
        severity: 'info',
        reason: 'PdbSelectsNoPods',
        object: ref,
        message: 'selects no pods: it protects nothing',
        evidence: [],
        nextStep: 'Fix spec.selector or delete the budget',
      },
    ];
  }
  const status = pdb.status;
  if (status?.disruptionsAllowed === 0) {
    return [
      {
        severity: 'warning',
        reason: 'NoDisruptionsAllowed',
        object: ref,
        message: `allows no voluntary disruption (healthy ${status.currentHealthy ?? '?'}, needed ${status.desiredHealthy ?? '?'} of ${status.expectedPods ?? matched}): node drains will block`,
        evidence: [],
        nextStep: 'Add replicas, fix unhealthy pods, or relax minAvailable/maxUnavailable before draining nodes',
      },
    ];
  }
  return [];
}

/**
 * HPA and PDB checks: HPA target missing, unable to scale, metrics unavailable, at max
 * replicas, target containers without the requests its resource metrics need; PDB selecting
 * nothing or allowing no disruption.
 */
export function detectAutoscaling(index: ClusterIndex): RawFinding[] {
  return [
    ...index.list<HorizontalPodAutoscaler>('HorizontalPodAutoscaler').flatMap((h) => hpaFindings(index, h)),
    ...index.list<PodDisruptionBudget>('PodDisruptionBudget').flatMap((p) => pdbFindings(index, p)),
  ];
}
