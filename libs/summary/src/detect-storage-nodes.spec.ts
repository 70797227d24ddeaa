import { describe, expect, it } from 'vitest';
import { findingsOf, only } from './testing/detect.js';
import { ago, healthyCluster } from './testing/fixtures.js';

describe('storage detectors', () => {
  it('reports PVCs pending on a missing StorageClass or failed provisioning, and lost claims', () => {
    const b = healthyCluster();
    b.add('PersistentVolumeClaim', { metadata: { name: 'a', namespace: 'shop' }, spec: { storageClassName: 'gold' }, status: { phase: 'Pending' } });
    b.add('PersistentVolumeClaim', { metadata: { name: 'b', namespace: 'shop' }, spec: { storageClassName: 'standard' }, status: { phase: 'Pending' } });
    b.event('shop', { kind: 'PersistentVolumeClaim', name: 'b' }, 'ProvisioningFailed', 'failed to provision volume: quota exceeded', { count: 4 });
    b.add('PersistentVolumeClaim', { metadata: { name: 'c', namespace: 'shop' }, spec: { volumeName: 'pv-gone' }, status: { phase: 'Lost' } });
    const findings = findingsOf(b);
    const missing = only(findings, 'MissingStorageClass', 'a');
    expect(missing.chain.at(-1)).toMatchObject({ ref: { kind: 'StorageClass', name: 'gold' }, missing: true });
    expect(only(findings, 'ProvisioningFailed').message).toContain('quota exceeded');
    expect(only(findings, 'ClaimLost').severity).toBe('critical');
  });

  it('reports Released and Failed volumes and several default StorageClasses', () => {
    const b = healthyCluster();
    b.add('PersistentVolume', { metadata: { name: 'old' }, spec: { persistentVolumeReclaimPolicy: 'Retain', claimRef: { namespace: 'shop', name: 'gone' } }, status: { phase: 'Released' } });
    b.add('PersistentVolume', { metadata: { name: 'bad' }, status: { phase: 'Failed', message: 'recycler failed' } });
    b.add('StorageClass', { metadata: { name: 'other', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'x' });
    const findings = findingsOf(b);
    expect(only(findings, 'VolumeReleased').message).toContain('was bound to shop/gone');
    expect(only(findings, 'VolumeFailed').message).toContain('recycler failed');
    expect(only(findings, 'MultipleDefaultStorageClasses').message).toBe('2 StorageClasses are marked default: other, standard');
  });

  it('does not report WaitForFirstConsumer claims', () => {
    const b = healthyCluster();
    b.add('StorageClass', { metadata: { name: 'local' }, provisioner: 'x', volumeBindingMode: 'WaitForFirstConsumer' });
    b.add('PersistentVolumeClaim', { metadata: { name: 'w', namespace: 'shop', creationTimestamp: ago(60) }, spec: { storageClassName: 'local' }, status: { phase: 'Pending' } });
    expect(findingsOf(b)).toEqual([]);
  });
});

describe('node detectors', () => {
  it('reports NotReady nodes, pressure, network and cordoning', () => {
    const b = healthyCluster();
    b.node('node-4', { ready: 'False' });
    b.node('node-5', { unschedulable: true, conditions: [{ type: 'DiskPressure', status: 'True', message: 'disk 95% full' }, { type: 'NetworkUnavailable', status: 'True', reason: 'NoRouteCreated' }] });
    const findings = findingsOf(b);
    const notReady = only(findings, 'NodeNotReady');
    expect(notReady.message).toContain('KubeletNotReady');
    expect(notReady.object).toEqual({ kind: 'Node', name: 'node-4' });
    expect(only(findings, 'DiskPressure').message).toContain('disk 95% full');
    expect(only(findings, 'NetworkUnavailable').severity).toBe('critical');
    expect(only(findings, 'NodeCordoned').severity).toBe('info');
  });

  it('reports taints that keep otherwise-fitting pending pods off a node, and chains the pod to the node', () => {
    const b = healthyCluster();
    b.node('gpu-1', { labels: { accel: 'gpu' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    b.pod('shop', 'trainer', { state: 'unschedulable', spec: { nodeSelector: { accel: 'gpu' } } });
    const findings = findingsOf(b);
    const taint = only(findings, 'TaintBlocksPods');
    expect(taint.message).toBe('taint dedicated=gpu:NoSchedule is tolerated by none of 1 Pending pod that would otherwise fit');
    const pod = only(findings, 'Unschedulable');
    expect(pod.chain.at(-1)).toMatchObject({ ref: { kind: 'Node', name: 'gpu-1' }, relation: 'blocked by' });
    expect(pod.nextStep).toContain('toleration');
    // With the toleration, nothing blocks it at the node level.
    const tolerated = healthyCluster().node('gpu-1', { labels: { accel: 'gpu' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    tolerated.pod('shop', 'trainer', { state: 'unschedulable', spec: { nodeSelector: { accel: 'gpu' }, tolerations: [{ key: 'dedicated', operator: 'Exists' }] } });
    expect(findingsOf(tolerated).some((f) => f.reason === 'TaintBlocksPods')).toBe(false);
  });
});
