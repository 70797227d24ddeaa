import { describe, expect, it } from 'vitest';
import { podStatus } from './pod-status.js';

const pod = (status: Record<string, unknown>, spec: Record<string, unknown> = { containers: [{ name: 'a' }] }, meta: Record<string, unknown> = {}) => ({
  metadata: { name: 'p', namespace: 'ns', ...meta },
  spec,
  status,
});
const cs = (state: Record<string, unknown>, ready = false, restartCount = 0) => ({ name: 'a', ready, restartCount, state });

describe('podStatus', () => {
  it.each([
    ['running and ready', pod({ phase: 'Running', containerStatuses: [cs({ running: {} }, true)] }), 'Running 1/1 ready'],
    ['restarts', pod({ phase: 'Running', containerStatuses: [cs({ running: {} }, true, 3)] }), 'Running 1/1 ready, 3 restarts'],
    ['one restart', pod({ phase: 'Running', containerStatuses: [cs({ running: {} }, true, 1)] }), 'Running 1/1 ready, 1 restart'],
    ['crash loop', pod({ phase: 'Running', containerStatuses: [cs({ waiting: { reason: 'CrashLoopBackOff' } }, false, 5)] }), 'CrashLoopBackOff 0/1 ready, 5 restarts'],
    ['OOM killed', pod({ phase: 'Running', containerStatuses: [cs({ terminated: { reason: 'OOMKilled', exitCode: 137 } })] }), 'OOMKilled 0/1 ready'],
    ['exit code without reason', pod({ phase: 'Failed', containerStatuses: [cs({ terminated: { exitCode: 2 } })] }), 'ExitCode:2 0/1 ready'],
    ['evicted', pod({ phase: 'Failed', reason: 'Evicted' }), 'Evicted 0/1 ready'],
    [
      'unschedulable',
      pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }),
      'Pending (Unschedulable) 0/1 ready',
    ],
    [
      'init container failing',
      pod(
        { phase: 'Pending', initContainerStatuses: [cs({ waiting: { reason: 'CrashLoopBackOff' } }, false, 2)], containerStatuses: [cs({ waiting: { reason: 'PodInitializing' } })] },
        { initContainers: [{ name: 'i' }], containers: [{ name: 'a' }] },
      ),
      'Init:CrashLoopBackOff 0/1 ready, 2 restarts',
    ],
    [
      'init containers progressing',
      pod(
        { phase: 'Pending', initContainerStatuses: [cs({ terminated: { exitCode: 0 } }), cs({ running: {} })] },
        { initContainers: [{ name: 'i' }, { name: 'j' }], containers: [{ name: 'a' }] },
      ),
      'Init:1/2 0/1 ready',
    ],
    ['terminating', pod({ phase: 'Running', containerStatuses: [cs({ running: {} }, true)] }, undefined, { deletionTimestamp: '2024-01-01T00:00:00Z' }), 'Terminating 1/1 ready'],
    ['no status', { metadata: { name: 'p' } }, 'Unknown'],
  ])('%s', (_name, object, expected) => {
    expect(podStatus(object)).toBe(expected);
  });
});
