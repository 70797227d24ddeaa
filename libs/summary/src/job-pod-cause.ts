import { commandText, containerSpec, explainExit } from './container-diagnosis.js';
import type { ClusterIndex } from './cluster-index.js';
import { conditionOf, type ContainerStatus, type Pod } from './kube-types.js';
import { plural, shorten } from './text.js';

/** The most telling reason a Job's pods give for failing. */
export interface JobPodCause {
  /** `container app exit 127 (command not found: migrate --all) in 3 pods`. */
  readonly text: string;
  /** A few words for chain statuses: `exit 127, command not found`. */
  readonly short: string;
  /** Pods that gave this reason. */
  readonly pods: number;
}

interface Candidate {
  /** 0 is the most telling. */
  readonly rank: number;
  readonly text: string;
  readonly short: string;
}

// Waiting reasons that stop a Job's pods before they run, with how telling each is.
const WAITING_RANK: Readonly<Record<string, number>> = {
  CreateContainerConfigError: 1,
  InvalidImageName: 1,
  ErrImagePull: 1,
  ImagePullBackOff: 1,
  ErrImageNeverPull: 1,
  CreateContainerError: 1,
  RunContainerError: 1,
};

function containerCandidates(pod: Pod, status: ContainerStatus, init: boolean): Candidate[] {
  const label = `${init ? 'init container' : 'container'} ${status.name}`;
  const out: Candidate[] = [];
  const waiting = status.state?.waiting;
  const rank = waiting?.reason ? WAITING_RANK[waiting.reason] : undefined;
  if (waiting?.reason && rank !== undefined) {
    out.push({ rank, text: `${label} ${waiting.reason}${waiting.message ? `: ${shorten(waiting.message, 80)}` : ''}`, short: waiting.reason });
  }
  for (const terminated of [status.state?.terminated, status.lastState?.terminated]) {
    if (!terminated || (terminated.exitCode === 0 && terminated.reason !== 'OOMKilled')) continue;
    const code = terminated.exitCode === undefined ? '' : `exit ${terminated.exitCode}`;
    const spec = containerSpec(pod, status.name, init);
    if (terminated.reason === 'OOMKilled') {
      const limit = spec?.resources?.limits?.['memory'];
      out.push({ rank: 0, text: `${label} OOMKilled (${[code, limit ? `memory limit ${limit}` : 'no memory limit'].filter((p) => p).join(', ')})`, short: 'OOMKilled' });
      break;
    }
    const exit = explainExit(terminated);
    const command = exit?.aboutCommand ? commandText(spec, 60) : undefined;
    const meaning = exit ? `${exit.meaning}${command ? `: ${command}` : ''}` : (terminated.reason ?? 'error');
    const own = terminated.message ? `; ${shorten(terminated.message, 80)}` : '';
    out.push({ rank: 1, text: `${label} ${code || (terminated.reason ?? 'terminated')} (${meaning})${own}`, short: `${code}${exit ? `, ${exit.short}` : ''}` });
    break;
  }
  return out;
}

function podCandidates(pod: Pod): Candidate[] {
  const out: Candidate[] = [];
  for (const s of pod.status?.initContainerStatuses ?? []) out.push(...containerCandidates(pod, s, true));
  for (const s of pod.status?.containerStatuses ?? []) out.push(...containerCandidates(pod, s, false));
  const scheduled = conditionOf(pod.status?.conditions, 'PodScheduled');
  if (pod.status?.phase === 'Pending' && scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    out.push({ rank: 2, text: `pods unschedulable: ${shorten(scheduled.message ?? 'no scheduler message', 100)}`, short: 'Unschedulable' });
  }
  const reason = pod.status?.reason;
  if (pod.status?.phase === 'Failed' && reason) {
    out.push({ rank: 3, text: `pod ${reason}${pod.status?.message ? `: ${shorten(pod.status.message, 80)}` : ''}`, short: reason });
  }
  return out;
}

/**
 * The most telling reason among a Job's pods: OOMKilled first, then a non-zero exit with its
 * meaning (and the command, for "command not found" and the like) or a container that cannot
 * start (image pull, missing ConfigMap/Secret), then unschedulable pods, then the pod's own
 * failure reason (DeadlineExceeded, Evicted). Ties go to the reason most pods share.
 * Undefined when no pod says anything.
 */
export function jobPodCause(pods: readonly Pod[]): JobPodCause | undefined {
  const byText = new Map<string, { candidate: Candidate; pods: number }>();
  for (const pod of pods) {
    const seen = new Set<string>();
    for (const candidate of podCandidates(pod)) {
      if (seen.has(candidate.text)) continue;
      seen.add(candidate.text);
      const entry = byText.get(candidate.text);
      if (entry) entry.pods += 1;
      else byText.set(candidate.text, { candidate, pods: 1 });
    }
  }
  let best: { candidate: Candidate; pods: number } | undefined;
  for (const entry of byText.values()) {
    if (!best || entry.candidate.rank < best.candidate.rank || (entry.candidate.rank === best.candidate.rank && entry.pods > best.pods)) best = entry;
  }
  if (!best) return undefined;
  return { text: `${best.candidate.text}${best.pods > 1 ? ` in ${plural(best.pods, 'pod')}` : ''}`, short: best.candidate.short, pods: best.pods };
}

/** Pods controlled by each Job, by the Job's `namespace/name`. */
export function podsByJob(index: ClusterIndex): Map<string, Pod[]> {
  const map = new Map<string, Pod[]>();
  for (const { controller, pods } of index.podGroups().groups) {
    if (controller?.kind === 'Job') map.set(`${controller.namespace}/${controller.name}`, [...pods]);
  }
  return map;
}
