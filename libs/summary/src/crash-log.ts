import type { KubeObject, NamespacePolicy } from '@k8s-mcp/k8s-client';
import { ClusterIndex } from './cluster-index.js';
import type { ClusterState } from './cluster-state.js';
import { refId } from './finding.js';
import type { ContainerStatus, Pod } from './kube-types.js';
import { DEFAULT_THRESHOLDS } from './thresholds.js';
import { compareText, timeOf } from './text.js';

/**
 * The log tail of one container, read for a summary (see `AnomalyOptions.containerLogs`). The
 * lines are untrusted cluster text: they are quoted as evidence, never followed.
 */
export interface ContainerLog {
  /** The tail as read (bounded by the reader), oldest first; already-picked telling lines work too. */
  readonly lines: readonly string[];
  /** Read from the previous (crashed) instance of the container, as `kubectl logs --previous`. */
  readonly previous: boolean;
}

/** A container whose log {@link crashLogTargets} says is worth reading. */
export interface CrashLogTarget {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  /** Whether the crash is in the previous instance (`--previous`): the container has restarted since. */
  readonly previous: boolean;
  /** `${namespace}/${pod}/${container}`: the key of `containerLogs` for its log. */
  readonly key: string;
  /** Why it was picked: `CrashLoopBackOff`, `TerminatedWithError` or `HighRestartCount`. */
  readonly reason: string;
  /** The outermost controller (`Kind/namespace/name`), or the pod itself when it has none. */
  readonly owner: string;
}

/** Options of {@link crashLogTargets}. */
export interface CrashLogTargetOptions {
  /** Most containers returned. Default {@link DEFAULT_CRASH_LOG_TARGETS}. */
  readonly maxTargets?: number;
  /** Restarts of a running container that make it worth reading. Default `DEFAULT_THRESHOLDS.restartCount` (5). */
  readonly restartCount?: number;
  /** Only this namespace's pods. Default: every visible namespace. */
  readonly namespace?: string;
  /** Namespaces hidden by the policy are skipped (a `ClusterIndex` has applied its own already). */
  readonly policy?: NamespacePolicy;
  /**
   * Fill slots the failing containers leave with running ones (reason `Running`, current log),
   * one per controller: a container that looks healthy can still log the cause (a `forbidden`
   * from the API, an exception per request), which is why k8sgpt's log analyzer reads every pod.
   * Meant for one namespace's summary, where the slots cover its workloads. Default false.
   */
  readonly includeRunning?: boolean;
}

/** Default number of containers whose logs a summary reads. */
export const DEFAULT_CRASH_LOG_TARGETS = 6;

/** The key of a container's log in `containerLogs`: `${namespace}/${pod}/${container}`. */
export function containerLogKey(namespace: string, pod: string, container: string): string {
  return `${namespace}/${pod}/${container}`;
}

interface Candidate extends CrashLogTarget {
  readonly tier: number;
  readonly restarts: number;
  readonly finished: number;
}

function candidateOf(status: ContainerStatus, restartLimit: number, includeRunning: boolean): { tier: number; reason: string; previous: boolean; finished: number } | undefined {
  const restarts = status.restartCount ?? 0;
  const term = status.state?.terminated;
  const last = status.lastState?.terminated;
  // A container that never ran (image pull, config errors) has no log; RunContainerError neither.
  if (status.state?.waiting?.reason === 'CrashLoopBackOff') {
    return { tier: 0, reason: 'CrashLoopBackOff', previous: restarts > 0 || last !== undefined, finished: timeOf(last?.finishedAt) ?? 0 };
  }
  if (term && (term.exitCode ?? 0) !== 0) return { tier: 1, reason: 'TerminatedWithError', previous: false, finished: timeOf(term.finishedAt) ?? 0 };
  if (restarts >= restartLimit && last) return { tier: 2, reason: 'HighRestartCount', previous: true, finished: timeOf(last.finishedAt) ?? 0 };
  if (includeRunning && status.state?.running) return { tier: 3, reason: 'Running', previous: false, finished: timeOf(status.state.running.startedAt) ?? 0 };
  return undefined;
}

/** Pods and their outermost owner, from an index or (cheaply, without indexing everything) a state. */
function podSource(source: ClusterState | ClusterIndex, options: CrashLogTargetOptions): { pods: readonly Pod[]; owner: (pod: Pod) => string } {
  if (source instanceof ClusterIndex) {
    const pods = options.namespace === undefined ? source.list<Pod>('Pod') : source.pods(options.namespace);
    return { pods, owner: (pod) => refId(source.topOwner('Pod', pod)) };
  }
  const visible = (ns: string | undefined): boolean => ns !== undefined && (!options.policy || options.policy.isAllowed(ns));
  const pods = (source.list('Pod') as readonly Pod[]).filter((p) => visible(p.metadata.namespace) && (options.namespace === undefined || p.metadata.namespace === options.namespace));
  // Only ReplicaSets and Jobs own pods while being owned themselves (by Deployments, CronJobs).
  let owners: Map<string, KubeObject> | undefined;
  const ownerObject = (kind: string, namespace: string, name: string): KubeObject | undefined => {
    if (!owners) {
      owners = new Map();
      for (const k of ['ReplicaSet', 'Job']) for (const o of source.list(k)) owners.set(`${k}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o);
    }
    return owners.get(`${kind}/${namespace}/${name}`);
  };
  const owner = (pod: Pod): string => {
    const namespace = pod.metadata.namespace as string;
    let id = `Pod/${namespace}/${pod.metadata.name}`;
    let current: KubeObject | undefined = pod;
    for (let depth = 0; depth < 4 && current; depth++) {
      const ref = current.metadata.ownerReferences?.find((o) => o.controller);
      if (!ref) break;
      id = `${ref.kind}/${namespace}/${ref.name}`;
      current = ownerObject(ref.kind, namespace, ref.name);
    }
    return id;
  };
  return { pods, owner };
}

/**
 * Which containers' logs to read for a summary: failing containers that have run (waiting in
 * CrashLoopBackOff, terminated non-zero, or restarted at least `restartCount` times), worst
 * first (crash loops, then terminated, then restarting; more restarts, then the newest crash).
 * At most one container per outermost controller (Deployment, StatefulSet, CronJob...), so one
 * broken workload does not take every slot; slots left over go to other container names of
 * the same controllers. Pods being deleted, Succeeded or Evicted pods and hidden namespaces are
 * skipped.
 * Pure and deterministic; reads no logs itself. Returns `[]` when `maxTargets` is 0 or less.
 */
export function crashLogTargets(source: ClusterState | ClusterIndex, options: CrashLogTargetOptions = {}): CrashLogTarget[] {
  const max = Math.floor(options.maxTargets ?? DEFAULT_CRASH_LOG_TARGETS);
  if (!(max > 0)) return [];
  const restartLimit = options.restartCount ?? DEFAULT_THRESHOLDS.restartCount;
  const { pods, owner } = podSource(source, options);
  const candidates: Candidate[] = [];
  for (const pod of pods) {
    // Evicted pods' containers are gone with their logs.
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.reason === 'Evicted') continue;
    const namespace = pod.metadata.namespace as string;
    const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
    let ownerId: string | undefined;
    for (const status of statuses) {
      const c = candidateOf(status, restartLimit, options.includeRunning === true);
      if (!c) continue;
      ownerId ??= owner(pod);
      candidates.push({
        namespace,
        pod: pod.metadata.name,
        container: status.name,
        previous: c.previous,
        key: containerLogKey(namespace, pod.metadata.name, status.name),
        reason: c.reason,
        owner: ownerId,
        tier: c.tier,
        restarts: status.restartCount ?? 0,
        finished: c.finished,
      });
    }
  }
  candidates.sort((a, b) => a.tier - b.tier || b.restarts - a.restarts || b.finished - a.finished || compareText(a.key, b.key));
  const picked: Candidate[] = [];
  const taken = new Set<string>();
  const slots = (c: Candidate): [string, string] => [c.owner, `${c.owner}#${c.container}`];
  // First one container per controller, then other container names of the same controllers.
  for (const level of [0, 1]) {
    for (const c of candidates) {
      if (picked.length >= max) break;
      if (taken.has(slots(c)[level] as string) || picked.includes(c)) continue;
      for (const slot of slots(c)) taken.add(slot);
      picked.push(c);
    }
  }
  return picked.map(({ tier: _t, restarts: _r, finished: _f, ...target }) => target);
}
