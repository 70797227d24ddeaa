import { createNamespacePolicy } from '@k8s-mcp/k8s-client';
import { describe, expect, it } from 'vitest';
import { ClusterIndex } from './cluster-index.js';
import { stateFromObjects } from './cluster-state.js';
import { crashLogTargets } from './crash-log.js';
import { ago, ClusterBuilder, NOW, type PodState } from './testing/fixtures.js';

type Json = Record<string, unknown>;

function setStatus(b: ClusterBuilder, patch: Json): void {
  const pod = b.objects['Pod']!.at(-1)! as unknown as { status: { containerStatuses: Json[] } };
  Object.assign(pod.status.containerStatuses[0]!, patch);
}

/** Three broken Deployments, a lone crash-looping pod, a failed pod, a restarting one and healthy pods. */
function brokenCluster(): ClusterBuilder {
  const b = new ClusterBuilder().node('node-1').namespace('shop').namespace('secret-ns');
  b.deployment('shop', 'api', { replicas: 4, state: 'crashloop' });
  b.deployment('shop', 'web', { replicas: 2, state: 'running' });
  b.deployment('shop', 'worker', { replicas: 2, state: 'oomkilled' });
  b.pod('shop', 'lone', { state: 'crashloop' });
  setStatus(b, { restartCount: 30 });
  b.pod('shop', 'task', { state: 'error' });
  b.pod('shop', 'flaky', { state: 'restarting' });
  b.pod('shop', 'pulling', { state: 'imagepull' });
  b.pod('secret-ns', 'hidden', { state: 'crashloop' });
  return b;
}

const keys = (targets: readonly { key: string }[]): string[] => targets.map((t) => t.key);

describe('crashLogTargets', () => {
  it('picks failing containers worst first, one per controller, within the limit', () => {
    const targets = crashLogTargets(stateFromObjects(brokenCluster().build()));
    // lone restarted 30 times, the other crash loops 7 times.
    expect(keys(targets)).toEqual([
      'shop/lone/app',
      'secret-ns/hidden/app',
      'shop/api-5d9f7c-a0/app',
      'shop/worker-5d9f7c-a0/app',
      'shop/task/app',
      'shop/flaky/app',
    ]);
    expect(targets.find((t) => t.pod === 'lone')).toEqual({
      namespace: 'shop',
      pod: 'lone',
      container: 'app',
      previous: true,
      key: 'shop/lone/app',
      reason: 'CrashLoopBackOff',
      owner: 'Pod/shop/lone',
    });
    expect(targets.find((t) => t.pod === 'task')).toMatchObject({ previous: false, reason: 'TerminatedWithError' });
    expect(targets.find((t) => t.pod === 'flaky')).toMatchObject({ previous: true, reason: 'HighRestartCount' });
    expect(targets.find((t) => t.pod.startsWith('api'))?.owner).toBe('Deployment/shop/api');
  });

  it('honours maxTargets, the namespace, the policy and a ClusterIndex alike', () => {
    const state = stateFromObjects(brokenCluster().build());
    expect(keys(crashLogTargets(state, { maxTargets: 2 }))).toEqual(['shop/lone/app', 'secret-ns/hidden/app']);
    expect(crashLogTargets(state, { maxTargets: 0 })).toEqual([]);
    const policy = createNamespacePolicy({ allowed: [], forbidden: ['secret-ns'] });
    expect(keys(crashLogTargets(state, { policy, maxTargets: 2 }))).toEqual(['shop/lone/app', 'shop/api-5d9f7c-a0/app']);
    expect(keys(crashLogTargets(state, { namespace: 'secret-ns' }))).toEqual(['secret-ns/hidden/app']);
    const index = new ClusterIndex(state, { now: NOW, policy });
    expect(crashLogTargets(index)).toEqual(crashLogTargets(state, { policy }));
    // restartCount 10 leaves the 9-restart pod out.
    expect(keys(crashLogTargets(state, { restartCount: 10 }))).not.toContain('shop/flaky/app');
  });

  it('gives left-over slots to other containers of a controller already picked', () => {
    const b = new ClusterBuilder().node('node-1').namespace('shop');
    b.pod('shop', 'two', { state: 'crashloop' as PodState });
    const pod = b.objects['Pod']!.at(-1)! as unknown as { status: { containerStatuses: Json[] } };
    pod.status.containerStatuses.push({ name: 'sidecar', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(1) } } });
    expect(keys(crashLogTargets(stateFromObjects(b.build())))).toEqual(['shop/two/app', 'shop/two/sidecar']);
    expect(keys(crashLogTargets(stateFromObjects(b.build()), { maxTargets: 1 }))).toEqual(['shop/two/app']);
    // Pods of one Deployment with the same failing container take one slot, even when slots are left.
    const d = new ClusterBuilder().node('node-1').namespace('shop');
    d.deployment('shop', 'api', { replicas: 5, state: 'crashloop' });
    expect(keys(crashLogTargets(stateFromObjects(d.build())))).toEqual(['shop/api-5d9f7c-a0/app']);
  });

  it('skips deleted and succeeded pods and containers that never ran', () => {
    const b = new ClusterBuilder().node('node-1').namespace('shop');
    b.pod('shop', 'bye', { state: 'crashloop', deleted: ago(1) });
    b.pod('shop', 'done', { state: 'succeeded' });
    b.pod('shop', 'cfg', { state: 'configerror' });
    b.pod('shop', 'evicted', { state: 'evicted' });
    const evicted = b.objects['Pod']!.at(-1)! as unknown as { status: Json };
    evicted.status['containerStatuses'] = [{ name: 'app', restartCount: 0, state: { terminated: { reason: 'Error', exitCode: 137 } } }];
    expect(crashLogTargets(stateFromObjects(b.build()))).toEqual([]);
  });
});

describe('containerLogs on the index', () => {
  it('drops logs of hidden namespaces from the index', () => {
    const state = stateFromObjects(brokenCluster().build());
    const containerLogs = new Map([
      ['shop/lone/app', { lines: ['x'], previous: true }],
      ['secret-ns/hidden/app', { lines: ['y'], previous: true }],
    ]);
    const index = new ClusterIndex(state, { now: NOW, policy: createNamespacePolicy({ allowed: [], forbidden: ['secret-ns'] }), containerLogs });
    expect([...index.containerLogs.keys()]).toEqual(['shop/lone/app']);
    expect(new ClusterIndex(state, { now: NOW }).containerLogs.size).toBe(0);
  });
});
