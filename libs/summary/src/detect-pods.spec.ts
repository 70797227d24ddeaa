import { describe, expect, it } from 'vitest';
import { missingRefFromMessage } from './detect-pods.js';
import { findingsOf, only } from './testing/detect.js';
import { ago, type ClusterBuilder, healthyCluster } from './testing/fixtures.js';

const cluster = (): ClusterBuilder => healthyCluster();

describe('pod detectors', () => {
  it('reports CrashLoopBackOff with the last termination reason and exit code', () => {
    const f = only(findingsOf(cluster().pod('shop', 'worker', { state: 'oomkilled' })), 'CrashLoopBackOff');
    expect(f.severity).toBe('critical');
    expect(f.object).toEqual({ kind: 'Pod', namespace: 'shop', name: 'worker' });
    expect(f.message).toContain('OOMKilled, code 137');
    expect(f.message).toContain('7 restarts');
    expect(f.nextStep).toContain('memory limit');
    expect(f.evidence[0]).toContain('last terminated OOMKilled, exit 137');
  });

  it('reports ImagePullBackOff and InvalidImageName with the image', () => {
    const pull = only(findingsOf(cluster().pod('shop', 'a', { state: 'imagepull' })), 'ImagePullBackOff');
    expect(pull.message).toContain('registry.example/app:1.0');
    expect(only(findingsOf(cluster().pod('shop', 'b', { state: 'invalidimage' })), 'InvalidImageName').severity).toBe('critical');
  });

  it('reads a missing Secret out of CreateContainerConfigError and chains to it', () => {
    const f = only(findingsOf(cluster().pod('shop', 'cfg', { state: 'configerror' }), { useGraph: false }), 'CreateContainerConfigError');
    expect(f.chain.at(-1)).toMatchObject({ ref: { kind: 'Secret', namespace: 'shop', name: 'db-creds' } });
    expect(missingRefFromMessage('couldn\'t find key x in ConfigMap shop/cfg', 'shop')).toBeUndefined();
    expect(missingRefFromMessage('configmap "app-cfg" not found', 'shop')?.ref).toEqual({ kind: 'ConfigMap', namespace: 'shop', name: 'app-cfg' });
  });

  it('reports RunContainerError', () => {
    const b = cluster().pod('shop', 'run', { state: 'running' });
    const pod = b.objects['Pod']!.at(-1)! as unknown as { status: { containerStatuses: { state: unknown }[] } };
    pod.status.containerStatuses[0]!.state = { waiting: { reason: 'RunContainerError', message: 'exec: "/app": permission denied' } };
    expect(only(findingsOf(b), 'RunContainerError').message).toContain('permission denied');
  });

  it('reports pods stuck in ContainerCreating with FailedMount events, and chains to the missing Secret', () => {
    const b = cluster().pod('shop', 'mount', { state: 'creating' });
    b.event('shop', { kind: 'Pod', name: 'mount' }, 'FailedMount', 'MountVolume.SetUp failed for volume "creds" : secret "gone" not found', { count: 12 });
    const f = only(findingsOf(b), 'FailedMount');
    expect(f.severity).toBe('critical');
    expect(f.evidence.join('\n')).toContain('x12');
    expect(f.chain.at(-1)).toMatchObject({ ref: { kind: 'Secret', name: 'gone' }, missing: true });
    // Without events and not yet old, creating is normal.
    const fresh = cluster().pod('shop', 'new', { state: 'creating' });
    (fresh.objects['Pod']!.at(-1)!.status as { conditions: { lastTransitionTime: string }[] }).conditions[0]!.lastTransitionTime = ago(1);
    expect(findingsOf(fresh)).toEqual([]);
  });

  it('reports Unschedulable with the scheduler message and the nodeSelector nobody matches', () => {
    const f = only(findingsOf(cluster().pod('shop', 'big', { state: 'unschedulable', spec: { nodeSelector: { disktype: 'ssd' } } })), 'Unschedulable');
    expect(f.message).toContain('0/3 nodes are available');
    expect(f.evidence).toContain('no node has labels disktype=ssd (pod nodeSelector)');
    expect(f.nextStep).toContain('nodeSelector disktype=ssd');
  });

  it('reports SchedulingGated and Evicted', () => {
    expect(only(findingsOf(cluster().pod('shop', 'g', { state: 'gated' })), 'SchedulingGated').message).toContain('example.com/quota');
    expect(only(findingsOf(cluster().pod('shop', 'e', { state: 'evicted' })), 'Evicted').message).toContain('low on resource: memory');
  });

  it('reports terminated non-zero containers of failed pods', () => {
    const f = only(findingsOf(cluster().pod('shop', 'task', { state: 'error' })), 'TerminatedWithError');
    expect(f.message).toContain('exit code 1');
  });

  it('reports running-but-unready pods with Unhealthy events, and quietly waits without them', () => {
    const b = cluster().pod('shop', 'slow', { state: 'unready' });
    b.event('shop', { kind: 'Pod', name: 'slow' }, 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', { count: 30 });
    expect(only(findingsOf(b), 'Unhealthy').message).toContain('statuscode: 503');
    // Unready for 30 minutes without events: NotReady.
    expect(only(findingsOf(cluster().pod('shop', 'quiet', { state: 'unready' })), 'NotReady').message).toContain('30m');
  });

  it('checks init containers too', () => {
    const b = cluster().pod('shop', 'init', { state: 'running' });
    const pod = b.objects['Pod']!.at(-1)! as unknown as { status: Record<string, unknown> };
    pod.status['phase'] = 'Pending';
    pod.status['initContainerStatuses'] = [{ name: 'migrate', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'Error', exitCode: 3 } } }];
    const f = only(findingsOf(b), 'CrashLoopBackOff');
    expect(f.message).toContain('init container migrate');
    expect(f.message).toContain('code 3');
  });

  it('reports high restart counts of running pods', () => {
    const f = only(findingsOf(cluster().pod('shop', 'flaky', { state: 'restarting' })), 'HighRestartCount');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('restarted 9 times');
  });

  it('ignores Succeeded and Terminating pods', () => {
    expect(findingsOf(cluster().pod('shop', 'done', { state: 'succeeded' }))).toEqual([]);
    expect(findingsOf(cluster().pod('shop', 'bye', { state: 'crashloop', deleted: ago(1) }))).toEqual([]);
  });
});
