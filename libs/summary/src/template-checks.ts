import type { ClusterIndex } from './cluster-index.js';
import { refId, type ObjectRef, type RawFinding } from './finding.js';
import type { Pod, PodSpec } from './kube-types.js';
import { enforcedLevel, podSecurityViolations } from './pod-security.js';

/** How the workload is doing, for the finding's message and severity. */
export interface WorkloadProgress {
  /** `0/3 ready`, `0 pods`; absent when not meaningful. */
  readonly text?: string;
  /** The workload has fewer pods or Jobs than it wants (else the failure is a warning). */
  readonly short: boolean;
  /** What the workload creates, for the message: `pods` (default) or `Jobs`. */
  readonly creates?: string;
}

/** `namespace shop: pod-security.kubernetes.io/enforce=restricted, warn=restricted` or undefined. */
export function podSecurityLabels(index: ClusterIndex, namespace: string): string | undefined {
  const labels = index.get({ kind: 'Namespace', name: namespace })?.metadata.labels ?? {};
  const parts = ['enforce', 'warn', 'audit']
    .map((mode) => {
      const level = labels[`pod-security.kubernetes.io/${mode}`];
      const version = labels[`pod-security.kubernetes.io/${mode}-version`];
      return level ? `${mode}=${level}${version ? `:${version}` : ''}` : undefined;
    })
    .filter((p): p is string => p !== undefined);
  return parts.length > 0 ? `namespace ${namespace} PodSecurity labels: ${parts.join(', ')}` : undefined;
}

/** Whether a ServiceAccount can be judged present or missing from the state. */
type ServiceAccountState = 'exists' | 'missing' | 'unknown';

/**
 * Whether ServiceAccount `name` exists in `namespace`: `unknown` when the state could not read
 * ServiceAccounts completely or holds none at all (not synced), so absence proves nothing.
 */
function serviceAccountState(index: ClusterIndex, namespace: string, name: string): ServiceAccountState {
  if (index.incomplete.some((i) => i.kind === 'ServiceAccount') || index.list('ServiceAccount').length === 0) return 'unknown';
  return index.get({ kind: 'ServiceAccount', namespace, name }) ? 'exists' : 'missing';
}

/** The ServiceAccount a pod spec runs as (`serviceAccountName`, the deprecated `serviceAccount`, else `default`). */
function serviceAccountOf(spec: PodSpec | undefined): string {
  return spec?.serviceAccountName || spec?.serviceAccount || 'default';
}

// Workload and Job detectors both ask; one pass over the pods per index, and only once a
// template's ServiceAccount is found missing (rare), since the pass walks every pod's owners.
const liveUseCache = new WeakMap<ClusterIndex, Set<string>>();

/** Answers whether live pods of a workload run as a ServiceAccount (see {@link liveServiceAccountUse}). */
export interface LiveServiceAccountUse {
  /** `${topOwnerId}|${serviceAccount}`. */
  has(key: string): boolean;
}

/**
 * `${topOwnerId}|${serviceAccount}` for every live pod (not terminating, not finished): pods
 * already running as a ServiceAccount are reported by the reference checks, so the workload
 * check leaves them out rather than duplicate them. Computed on the first `has`.
 */
export function liveServiceAccountUse(index: ClusterIndex): LiveServiceAccountUse {
  const compute = (): Set<string> => {
    const cached = liveUseCache.get(index);
    if (cached) return cached;
    const used = new Set<string>();
    liveUseCache.set(index, used);
    for (const pod of index.list<Pod>('Pod')) {
      if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      used.add(`${refId(index.topOwner('Pod', pod))}|${serviceAccountOf(pod.spec)}`);
    }
    return used;
  };
  return { has: (key) => compute().has(key) };
}

/**
 * A workload whose pod template names a ServiceAccount that does not exist: the ServiceAccount
 * admission plugin rejects every pod it creates. Critical for a named ServiceAccount; for a
 * missing `default` (the controller-manager normally creates it, so its absence is unusual but
 * may be transient) a warning unless the workload is short of pods. Undefined when the
 * ServiceAccount exists, when ServiceAccounts were not read, or when live pods of the workload
 * already run as it (the reference checks report those pods).
 */
export function templateServiceAccountFinding(
  index: ClusterIndex,
  ref: ObjectRef,
  spec: PodSpec | undefined,
  liveUse: LiveServiceAccountUse,
  progress: WorkloadProgress,
): RawFinding | undefined {
  const ns = ref.namespace as string;
  const name = serviceAccountOf(spec);
  if (serviceAccountState(index, ns, name) !== 'missing' || liveUse.has(`${refId(ref)}|${name}`)) return undefined;
  const isDefault = name === 'default';
  const counts = progress.text ? ` (${progress.text})` : '';
  return {
    // A missing `default` is unusual (the controller-manager creates it) and may be transient:
    // a warning, unless the workload is short of pods right now because of it.
    severity: isDefault && !progress.short ? 'warning' : 'critical',
    reason: 'MissingServiceAccount',
    object: ref,
    message: `ServiceAccount ${name} (named by the pod template) does not exist; its ${progress.creates ?? 'pods'} cannot be created${counts}`,
    evidence: isDefault ? [`namespace ${ns} has no ServiceAccount default (kube-controller-manager creates it in every namespace)`] : [],
    nextStep: isDefault
      ? `Check kube-controller-manager's serviceaccount controller, or create it: \`kubectl -n ${ns} create serviceaccount default\``
      : `Create it (\`kubectl -n ${ns} create serviceaccount ${name}\`) or fix serviceAccountName in the pod template`,
    key: name,
    causes: [{ ref: { kind: 'ServiceAccount', namespace: ns, name }, relation: 'runs as', missing: true }],
    status: `ServiceAccount ${name} missing`,
  };
}

/**
 * A workload short of pods whose pod template violates the PodSecurity level its namespace
 * enforces (`pod-security.kubernetes.io/enforce`): the admission plugin rejects its pods. Read
 * from the spec, so it holds after the FailedCreate events have expired (Jobs keep no
 * condition). Undefined when the workload is not short, the namespace enforces nothing, or
 * the template complies.
 */
export function templatePodSecurityFinding(index: ClusterIndex, ref: ObjectRef, spec: PodSpec | undefined, progress: WorkloadProgress): RawFinding | undefined {
  if (!progress.short) return undefined;
  const ns = ref.namespace as string;
  const labels = index.get({ kind: 'Namespace', name: ns })?.metadata.labels;
  const level = enforcedLevel(labels);
  if (!level) return undefined;
  const violations = podSecurityViolations(spec, level);
  if (violations.length === 0) return undefined;
  const version = labels?.['pod-security.kubernetes.io/enforce-version'] ?? 'latest';
  const controls = violations.map((v) => v.control);
  const counts = progress.text ? ` (${progress.text})` : '';
  const nsLabels = podSecurityLabels(index, ns);
  return {
    severity: 'critical',
    reason: 'PodSecurityViolation',
    object: ref,
    message: `violates PodSecurity "${level}:${version}" (namespace ${ns}): ${controls.join(', ')}; its ${progress.creates ?? 'pods'} cannot be created${counts}`,
    evidence: [...violations.slice(0, 4).map((v) => `control: ${v.control} (${v.detail})`), ...(nsLabels ? [nsLabels] : [])],
    nextStep: `Make the pod template meet PodSecurity "${level}" (${controls.join(', ')}), or relax the namespace label pod-security.kubernetes.io/enforce`,
    status: `PodSecurity ${level} violated (${controls.slice(0, 3).join(', ')})`,
  };
}
