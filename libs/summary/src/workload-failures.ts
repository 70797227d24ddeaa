import type { ClusterIndex, EventInfo } from './cluster-index.js';
import { classifyFailure, type FailureCause } from './controller-failures.js';
import { conditionLine, eventLines, newestEventTime } from './evidence.js';
import type { CauseRef, ObjectRef, RawFinding } from './finding.js';
import { conditionOf, type Condition, type PodSpec, type WebhookConfiguration } from './kube-types.js';
import { type LiveServiceAccountUse, podSecurityLabels, templatePodSecurityFinding, templateServiceAccountFinding, type WorkloadProgress } from './template-checks.js';
import type { AnomalyThresholds } from './thresholds.js';

/** The API server's default event TTL (`--event-ttl`): older FailedCreate events are gone anyway. */
export const EVENT_TTL_MS = 60 * 60_000;

/** An object whose events and conditions may say why pods (or Jobs) cannot be created. */
export interface FailureSource {
  readonly ref: ObjectRef;
  readonly conditions?: readonly Condition[] | undefined;
}

/** A workload's current failure to create its pods, read from events and conditions. */
export interface CreateFailure {
  readonly cause: FailureCause;
  /** The object the failing event or condition is about (a ReplicaSet for a Deployment). */
  readonly source: ObjectRef;
  readonly evidence: readonly string[];
  readonly lastSeen?: number;
  /** What failed to be created when the message says (`PersistentVolumeClaims` for a StatefulSet's claims). */
  readonly creates?: string;
}

function isCreateFailure(e: EventInfo): boolean {
  return e.type === 'Warning' && e.reason === 'FailedCreate';
}

/**
 * The newest pod-creation failure among `sources`: a `ReplicaFailure=True` condition, or a
 * Warning `FailedCreate` event seen within the recent window, or within the event TTL when
 * `short` (the workload has fewer pods than it wants, so an older event still explains it).
 * Conditions win over events (they are current by construction). Undefined when none.
 */
export function createFailure(index: ClusterIndex, sources: readonly FailureSource[], short: boolean, t: AnomalyThresholds): CreateFailure | undefined {
  const window = short ? Math.max(EVENT_TTL_MS, t.recentWindowMs) : t.recentWindowMs;
  let best: { source: FailureSource; message: string; time: number; condition?: Condition; events: readonly EventInfo[] } | undefined;
  for (const source of sources) {
    const all = index.events(source.ref);
    // Most sources have neither events nor conditions: nothing to read.
    if (all.length === 0 && !source.conditions?.length) continue;
    const events = all.filter(isCreateFailure);
    const recent = events.filter((e) => e.time !== undefined && index.now - e.time <= window);
    const failure = conditionOf(source.conditions, 'ReplicaFailure');
    if (failure?.status === 'True' && failure.message && failure.reason !== 'FailedDelete') {
      const time = Number.MAX_SAFE_INTEGER;
      if (!best || best.time < time) best = { source, message: failure.message, time, condition: failure, events };
      continue;
    }
    const newest = recent[0];
    if (newest && (!best || (newest.time ?? 0) > best.time)) best = { source, message: newest.message, time: newest.time ?? 0, events };
  }
  if (!best) return undefined;
  const lastSeen = newestEventTime(best.events);
  return {
    cause: classifyFailure(best.message),
    source: best.source.ref,
    evidence: [...(best.condition ? [conditionLine(best.condition)] : []), ...eventLines(best.events, index.now, ['FailedCreate'])],
    ...(lastSeen === undefined ? {} : { lastSeen }),
    // stateful_pod_control.go: "create Claim data-db-0 for Pod db-0 in StatefulSet db failed error: ..."
    ...(/^create Claim /.test(best.message) ? { creates: 'PersistentVolumeClaims' } : {}),
  };
}

/** The webhook configuration that declares webhook `name`, if visible. */
function webhookConfigurationOf(index: ClusterIndex, name: string): ObjectRef | undefined {
  for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
    const config = index.list<WebhookConfiguration>(kind).find((c) => (c.webhooks ?? []).some((w) => w.name === name));
    if (config) return index.refOf(kind, config);
  }
  return undefined;
}

function causeRefs(index: ClusterIndex, ns: string, cause: FailureCause): CauseRef[] {
  switch (cause.type) {
    case 'quota-exceeded':
    case 'quota-unspecified':
    case 'quota-unknown':
      return cause.name ? [{ ref: { kind: 'ResourceQuota', namespace: ns, name: cause.name }, relation: 'limited by' }] : [];
    case 'service-account': {
      const ref: ObjectRef = { kind: 'ServiceAccount', namespace: cause.namespace ?? ns, name: cause.name as string };
      return [{ ref, relation: 'runs as', ...(index.get(ref) ? {} : { missing: true }) }];
    }
    case 'webhook-denied':
    case 'webhook-unreachable': {
      const config = webhookConfigurationOf(index, cause.name as string);
      return config ? [{ ref: config, relation: 'rejected by' }] : [];
    }
    case 'missing-object': {
      const ref: ObjectRef = { kind: cause.kind as string, namespace: ns, name: cause.name as string };
      return index.get(ref) ? [] : [{ ref, relation: 'references', missing: true }];
    }
    default:
      return [];
  }
}

function nextStepFor(ref: ObjectRef, cause: FailureCause, source: ObjectRef): string {
  const ns = ref.namespace as string;
  switch (cause.type) {
    case 'quota-exceeded':
      return `Raise ResourceQuota ${cause.name} (${cause.items.join(', ')}) or lower the pods' requests/limits: \`kubectl -n ${ns} describe quota ${cause.name}\``;
    case 'quota-unspecified':
      return `Set ${cause.items.join(', ')} in every container's resources (ResourceQuota ${cause.name} requires them), or add a LimitRange with defaults`;
    case 'quota-unknown':
      return `Check that kube-controller-manager (its resourcequota controller) is running; ResourceQuota ${cause.name} has no usage yet`;
    case 'service-account':
      return `Create it (\`kubectl -n ${cause.namespace ?? ns} create serviceaccount ${cause.name}\`) or fix serviceAccountName in the pod template`;
    case 'webhook-denied':
      return `Change the pod template to satisfy admission webhook ${cause.name}, or review that webhook's policy`;
    case 'webhook-unreachable':
      return `Restore the backend of admission webhook ${cause.name} (its Service and pods), or fix its configuration`;
    case 'pod-security':
      return `Make the pod template meet PodSecurity "${cause.name}" (${cause.items.join(', ')}), or relax the namespace label pod-security.kubernetes.io/enforce`;
    case 'limit-range':
      return `Fit the containers' requests/limits within the namespace LimitRange: \`kubectl -n ${ns} describe limitrange\``;
    case 'missing-object':
      return `Create ${cause.kind} ${cause.name} in ${ns}, or fix the reference`;
    default:
      return `Read the full error: \`kubectl -n ${ns} describe ${source.kind.toLowerCase()} ${source.name}\``;
  }
}

/**
 * The finding for a workload's creation failure, about the workload `ref` (a ReplicaSet's
 * failure is reported on its Deployment): `MissingServiceAccount` when the ServiceAccount
 * admission rejected the pods, else `FailedCreate`; the message carries the classified cause
 * (quota name and fields, webhook and its reason, PodSecurity level and controls...) so it
 * survives compression to one line; causes point at the quota, ServiceAccount, webhook
 * configuration or missing object. Critical while the workload is short of pods.
 */
function failureFinding(index: ClusterIndex, ref: ObjectRef, failure: CreateFailure, progress: WorkloadProgress): RawFinding {
  const ns = ref.namespace as string;
  const { cause } = failure;
  const creates = failure.creates ?? progress.creates ?? 'pods';
  // The ReplicaSet behind a Deployment is named in the evidence, not the message: the message
  // keeps its room for the cause words.
  const from = failure.source.kind !== ref.kind || failure.source.name !== ref.name ? `${failure.source.kind} ${failure.source.name}: ` : '';
  const counts = progress.text ? ` (${progress.text})` : '';
  const nsLabels = cause.type === 'pod-security' ? podSecurityLabels(index, ns) : undefined;
  const evidence = [...failure.evidence.map((e) => `${from}${e}`), ...cause.details.slice(0, 3).map((d) => `${cause.type === 'pod-security' ? 'control' : 'detail'}: ${d}`), ...(nsLabels ? [nsLabels] : [])];
  const causes = causeRefs(index, ns, cause);
  const saMissing = cause.type === 'service-account' && causes[0]?.missing === true;
  const base = {
    object: ref,
    evidence,
    nextStep: nextStepFor(ref, cause, failure.source),
    ...(causes.length > 0 ? { causes } : {}),
    ...(failure.lastSeen === undefined ? {} : { lastSeen: failure.lastSeen }),
  };
  if (cause.type === 'service-account') {
    return {
      ...base,
      severity: progress.short && saMissing ? 'critical' : 'warning',
      reason: 'MissingServiceAccount',
      message: saMissing
        ? `ServiceAccount ${cause.name} does not exist: admission rejects the pods that name it; cannot create ${creates}${counts}`
        : `${cause.summary.replace(/:.*$/, '')} when ${creates} were rejected${counts}; it exists now and the controller retries`,
      key: cause.name as string,
      status: saMissing ? `ServiceAccount ${cause.name} missing` : `ServiceAccount ${cause.name} was missing`,
    };
  }
  return {
    ...base,
    severity: progress.short ? 'critical' : 'warning',
    reason: 'FailedCreate',
    // Cause words first: a one-line summary keeps the leading clause.
    message: `${cause.summary}; cannot create ${creates}${counts}`,
    status: `FailedCreate: ${cause.status}`,
  };
}

/** What {@link workloadCreationFindings} checks. */
export interface CreationCheck {
  /** The workload the findings are about. */
  readonly ref: ObjectRef;
  /** Its pod template's spec. */
  readonly spec: PodSpec | undefined;
  /** Objects whose FailedCreate events and ReplicaFailure conditions count (the workload, its ReplicaSets or Jobs). */
  readonly sources: readonly FailureSource[];
  readonly progress: WorkloadProgress;
}

/**
 * Why a workload cannot create its pods: the newest FailedCreate event or ReplicaFailure
 * condition of its sources, read for its cause (a CronJob's own failure is about creating
 * Jobs); else, from the spec, a pod template naming a missing ServiceAccount or violating the
 * namespace's enforced PodSecurity level.
 */
export function workloadCreationFindings(index: ClusterIndex, t: AnomalyThresholds, liveUse: LiveServiceAccountUse, check: CreationCheck): RawFinding[] {
  const { ref, spec, sources, progress } = check;
  const failure = createFailure(index, sources, progress.short, t);
  const findings: RawFinding[] = [];
  if (failure) findings.push(failureFinding(index, ref, failure, failure.source.kind === 'CronJob' ? { ...progress, creates: 'Jobs' } : progress));
  if (failure?.cause.type !== 'service-account') {
    const sa = templateServiceAccountFinding(index, ref, spec, liveUse, progress);
    if (sa) findings.push(sa);
  }
  if (!failure) {
    const security = templatePodSecurityFinding(index, ref, spec, progress);
    if (security) findings.push(security);
  }
  return findings;
}
