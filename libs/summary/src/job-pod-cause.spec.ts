import { describe, expect, it } from 'vitest';
import { jobPodCause } from './job-pod-cause.js';
import type { Pod } from './kube-types.js';

function pod(name: string, status: Record<string, unknown>, spec: Record<string, unknown> = { containers: [{ name: 'app' }] }): Pod {
  return { metadata: { name, namespace: 'ns' }, spec, status } as Pod;
}

const exited = (code: number, reason = 'Error'): Record<string, unknown> => ({ phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: code, reason } } }] });

describe('jobPodCause', () => {
  it('is undefined when no pod says anything', () => {
    expect(jobPodCause([])).toBeUndefined();
    expect(jobPodCause([pod('a', { phase: 'Running', containerStatuses: [{ name: 'app', state: { running: {} } }] })])).toBeUndefined();
  });

  it('prefers OOMKilled, then the reason most pods share', () => {
    const oom = pod('c', exited(137, 'OOMKilled'), { containers: [{ name: 'app', resources: { limits: { memory: '128Mi' } } }] });
    expect(jobPodCause([pod('a', exited(1)), pod('b', exited(1)), oom])).toEqual({ text: 'container app OOMKilled (exit 137, memory limit 128Mi)', short: 'OOMKilled', pods: 1 });
    const cause = jobPodCause([pod('a', exited(1)), pod('b', exited(2)), pod('c', exited(2))]);
    expect(cause).toMatchObject({ short: 'exit 2, bad arguments', pods: 2 });
    expect(cause?.text).toBe('container app exit 2 (misuse: bad arguments or a shell syntax error) in 2 pods');
  });

  it('reads containers that cannot start, unschedulable pods and the pod failure reason', () => {
    const config = pod('a', { phase: 'Pending', containerStatuses: [{ name: 'app', state: { waiting: { reason: 'CreateContainerConfigError', message: 'configmap "jobs-cfg" not found' } } }] });
    expect(jobPodCause([config])?.text).toBe('container app CreateContainerConfigError: configmap "jobs-cfg" not found');
    const pending = pod('b', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient memory.' }] });
    expect(jobPodCause([pending])?.text).toBe('pods unschedulable: 0/3 nodes are available: 3 Insufficient memory.');
    const deadline = pod('c', { phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    expect(jobPodCause([deadline, pending])?.short).toBe('Unschedulable');
    expect(jobPodCause([deadline])?.text).toBe('pod DeadlineExceeded: Pod was active on the node longer than the specified deadline');
  });

  it('reads init containers and the last termination of a restarted container', () => {
    const init = pod('a', { phase: 'Pending', initContainerStatuses: [{ name: 'wait-db', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 126, reason: 'Error' } } }] }, {
      initContainers: [{ name: 'wait-db', command: ['/scripts/wait.sh'] }],
      containers: [{ name: 'app' }],
    });
    expect(jobPodCause([init])?.text).toBe('init container wait-db exit 126 (command found but not executable (permission denied): /scripts/wait.sh)');
  });
});
