import { describe, expect, it } from 'vitest';
import { findingsOf, only } from './testing/detect.js';
import { ago, healthyCluster } from './testing/fixtures.js';

type Obj = { metadata: Record<string, unknown>; spec: Record<string, unknown>; status: Record<string, unknown> };

describe('workload detectors', () => {
  it('reports a Deployment with fewer ready replicas than desired, explained by its pods', () => {
    const f = only(findingsOf(healthyCluster().deployment('shop', 'api', { replicas: 3, state: 'imagepull' })), 'ReplicasUnavailable');
    expect(f.severity).toBe('critical');
    expect(f.message).toBe('0/3 replicas ready');
    expect(f.chain[1]).toMatchObject({ relation: 'owns', ref: { kind: 'Deployment', name: 'api' }, status: 'ImagePullBackOff (3 pods)' });
  });

  it('reports ProgressDeadlineExceeded instead of plain unavailability', () => {
    const b = healthyCluster().deployment('shop', 'api', { replicas: 2, state: 'crashloop' });
    const d = b.objects['Deployment']!.at(-1)! as unknown as Obj;
    (d.status['conditions'] as Record<string, unknown>[])[1] = { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "api-5d9f7c" has timed out progressing.', lastUpdateTime: ago(20) };
    const findings = findingsOf(b);
    expect(only(findings, 'ProgressDeadlineExceeded').message).toContain('0/2 ready');
    expect(findings.some((f) => f.reason === 'ReplicasUnavailable')).toBe(false);
  });

  it('reports stalled and unobserved rollouts and paused ones', () => {
    const b = healthyCluster().deployment('shop', 'api', { replicas: 2 });
    const d = b.objects['Deployment']!.at(-1)! as unknown as Obj;
    d.status['updatedReplicas'] = 1;
    expect(only(findingsOf(b), 'RolloutStalled').message).toContain('1/2 updated');
    d.metadata['generation'] = 3;
    expect(only(findingsOf(b), 'RolloutNotObserved').message).toContain('generation 3');
    d.spec['paused'] = true;
    expect(only(findingsOf(b), 'RolloutPaused').severity).toBe('info');
  });

  it('reports ReplicaSet FailedCreate naming the exhausted quota as the cause', () => {
    const b = healthyCluster().deployment('shop', 'api', { replicas: 0 });
    b.add('ReplicaSet', { metadata: { name: 'api-77', namespace: 'shop', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: 'x', controller: true }] }, spec: { replicas: 2 }, status: { replicas: 0 } });
    b.event('shop', { kind: 'ReplicaSet', name: 'api-77' }, 'FailedCreate', 'pods "api-77-x" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=50, limited: pods=50', { count: 9 });
    const f = only(findingsOf(b), 'FailedCreate');
    expect(f.message).toContain('exceeded quota: compute');
    expect(f.nextStep).toContain('ResourceQuota compute');
  });

  it('reports DaemonSets with unready daemon pods', () => {
    const b = healthyCluster();
    (b.objects['DaemonSet']![0]! as unknown as Obj).status['numberReady'] = 1;
    const f = only(findingsOf(b), 'DaemonSetUnavailable');
    expect(f.message).toBe('1/3 daemon pods ready');
    expect(f.severity).toBe('warning');
  });

  it('reports StatefulSets missing their governing Service or StorageClass, and unready pods', () => {
    const b = healthyCluster();
    b.add('StatefulSet', {
      metadata: { name: 'cache', namespace: 'shop' },
      spec: { replicas: 2, serviceName: 'cache-headless', volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: 'fast' } }] },
      status: { replicas: 0, readyReplicas: 0 },
    });
    const findings = findingsOf(b);
    expect(only(findings, 'MissingGoverningService').chain.at(-1)).toMatchObject({ ref: { kind: 'Service', name: 'cache-headless' }, missing: true });
    expect(only(findings, 'MissingStorageClass', 'cache').chain.at(-1)).toMatchObject({ ref: { kind: 'StorageClass', name: 'fast' }, missing: true });
    expect(only(findings, 'ReplicasUnavailable', 'cache').message).toBe('0/2 replicas ready');
  });
});
