import { conditionOf, type Pod } from './kube-types.js';

const FAILING_WAITING = new Set(['CrashLoopBackOff', 'RunContainerError', 'CreateContainerError']);

/**
 * Whether a pod is failing now: phase Failed, a container (or init container) crash-looping, in
 * a run/create error or terminated with a non-zero code, a restarted container whose last run
 * failed, or a running pod that is not Ready. Findings about a pod's intent (the Service it
 * calls, the permission it lacks) are critical when it fails, warnings otherwise.
 */
export function isPodFailing(pod: Pod): boolean {
  const status = pod.status;
  if (!status) return false;
  if (status.phase === 'Failed') return true;
  for (const s of [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? [])]) {
    if (FAILING_WAITING.has(s.state?.waiting?.reason ?? '')) return true;
    if ((s.state?.terminated?.exitCode ?? 0) !== 0) return true;
    if ((s.restartCount ?? 0) > 0 && (s.lastState?.terminated?.exitCode ?? 0) !== 0) return true;
  }
  return status.phase === 'Running' && conditionOf(status.conditions, 'Ready')?.status === 'False';
}
