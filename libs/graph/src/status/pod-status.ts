import type { KubeObject } from '@k8s-mcp/k8s-client';
import { type JsonObject, arrayAt, numberAt, objectAt, objectsAt, pathAt, stringAt } from '../json-fields.js';

function terminatedReason(terminated: JsonObject): string {
  const reason = stringAt(terminated['reason']);
  if (reason) return reason;
  const signal = numberAt(terminated['signal']);
  if (signal) return `Signal:${signal}`;
  return `ExitCode:${numberAt(terminated['exitCode']) ?? 0}`;
}

/** `Init:<reason>` or `Init:i/n` while init containers run, else undefined. */
function initReason(statuses: readonly JsonObject[], total: number): string | undefined {
  for (const [i, cs] of statuses.entries()) {
    const terminated = objectAt(pathAt(cs, 'state', 'terminated'));
    if (terminated && numberAt(terminated['exitCode']) === 0) continue;
    if (terminated) return `Init:${terminatedReason(terminated)}`;
    const waiting = stringAt(pathAt(cs, 'state', 'waiting', 'reason'));
    if (waiting && waiting !== 'PodInitializing') return `Init:${waiting}`;
    return `Init:${i}/${total}`;
  }
  return undefined;
}

/**
 * One line for a Pod, like `kubectl get pods`: the reason (phase, `Evicted`, a container's waiting
 * or terminated reason such as `CrashLoopBackOff` / `OOMKilled`, `Init:...`, `Terminating`,
 * `Pending (Unschedulable)`), then `ready/total ready` and restarts when any:
 * `Running 1/1 ready, 3 restarts`.
 */
export function podStatus(pod: KubeObject): string {
  const status = objectAt(pod['status']) ?? {};
  const containers = arrayAt(pathAt(pod, 'spec', 'containers')).length;
  const statuses = objectsAt(status['containerStatuses']);
  const initStatuses = objectsAt(status['initContainerStatuses']);
  let reason = stringAt(status['reason']) ?? stringAt(status['phase']) ?? 'Unknown';
  const init = initReason(initStatuses, arrayAt(pathAt(pod, 'spec', 'initContainers')).length || initStatuses.length);
  if (init) {
    reason = init;
  } else {
    let running = false;
    for (const cs of statuses) {
      const waiting = stringAt(pathAt(cs, 'state', 'waiting', 'reason'));
      const terminated = objectAt(pathAt(cs, 'state', 'terminated'));
      if (waiting) reason = waiting;
      else if (terminated) reason = terminatedReason(terminated);
      else if (objectAt(pathAt(cs, 'state', 'running'))) running = true;
    }
    // A completed sidecar-less container next to running ones: the pod still runs.
    if (reason === 'Completed' && running) reason = 'Running';
  }
  if (reason === 'Pending') {
    const scheduled = objectsAt(status['conditions']).find((c) => c['type'] === 'PodScheduled');
    if (scheduled?.['status'] === 'False' && stringAt(scheduled['reason'])) reason = `Pending (${stringAt(scheduled['reason'])})`;
  }
  if (pod.metadata.deletionTimestamp) reason = 'Terminating';
  const total = containers || statuses.length;
  if (total === 0) return reason;
  const ready = statuses.filter((cs) => cs['ready'] === true).length;
  const restarts = [...statuses, ...initStatuses].reduce((n, cs) => n + (numberAt(cs['restartCount']) ?? 0), 0);
  return `${reason} ${ready}/${total} ready${restarts > 0 ? `, ${restarts} restart${restarts === 1 ? '' : 's'}` : ''}`;
}
