import { describe, expect, it } from 'vitest';
import { stateFromObjects } from './cluster-state.js';
import { detectAnomalies } from './detect-anomalies.js';
import { findingsOf, only, reasons } from './testing/detect.js';
import { type ClusterBuilder, healthyCluster, NOW } from './testing/fixtures.js';

function claim(b: ClusterBuilder, name: string, spec: Record<string, unknown>, phase = 'Pending', uid?: string): ClusterBuilder {
  return b.add('PersistentVolumeClaim', {
    metadata: { name, namespace: 'shop', ...(uid ? { uid } : {}) },
    spec: { storageClassName: 'standard', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } }, ...spec },
    status: { phase },
  });
}

function volume(b: ClusterBuilder, name: string, spec: Record<string, unknown>, phase = 'Available'): ClusterBuilder {
  return b.add('PersistentVolume', {
    metadata: { name },
    spec: { storageClassName: 'standard', accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' }, ...spec },
    status: { phase },
  });
}

describe('pre-bound claims', () => {
  it('reports a claim pre-bound to a volume too small for it, naming both sizes', () => {
    const b = volume(claim(healthyCluster(), 'data', { volumeName: 'pv-x' }), 'pv-x', { capacity: { storage: '1Gi' } });
    b.event('shop', { kind: 'PersistentVolumeClaim', name: 'data' }, 'VolumeMismatch', 'Cannot bind to requested volume "pv-x": requested PV is too small');
    const f = only(findingsOf(b), 'PreBoundVolumeMismatch');
    expect(f).toMatchObject({ severity: 'critical', object: { kind: 'PersistentVolumeClaim', name: 'data' } });
    expect(f.message).toBe('Pending: pre-bound to PersistentVolume pv-x of 1Gi, smaller than the 5Gi requested');
    expect(f.evidence[0]).toContain('requested PV is too small');
  });

  it('names every mismatch: access modes, class, volume mode', () => {
    const b = volume(claim(healthyCluster(), 'data', { volumeName: 'pv-x', accessModes: ['ReadWriteMany'], volumeMode: 'Block' }), 'pv-x', { storageClassName: 'slow' });
    expect(only(findingsOf(b), 'PreBoundVolumeMismatch').message).toBe(
      'Pending: pre-bound to PersistentVolume pv-x which does not offer access mode ReadWriteMany (it offers ReadWriteOnce), and whose storageClassName is "slow", not "standard" as the claim\'s, and whose volumeMode is Filesystem, not Block',
    );
  });

  it('reports a volume reserved for another claim, or for an earlier claim of the same name', () => {
    const other = volume(claim(healthyCluster(), 'data', { volumeName: 'pv-x' }), 'pv-x', { claimRef: { namespace: 'shop', name: 'logs' } }, 'Bound');
    expect(only(findingsOf(other), 'PreBoundVolumeMismatch').message).toBe('Pending: pre-bound to PersistentVolume pv-x which is reserved for another claim shop/logs');
    const released = volume(claim(healthyCluster(), 'data', { volumeName: 'pv-x' }, 'Pending', 'uid-new'), 'pv-x', { claimRef: { namespace: 'shop', name: 'data', uid: 'uid-old' } }, 'Released');
    expect(only(findingsOf(released), 'PreBoundVolumeMismatch').message).toContain('which is Released and still reserved for an earlier claim of the same name');
    // Reserved for this very claim: the controller binds it without checks.
    const mutual = volume(claim(healthyCluster(), 'data', { volumeName: 'pv-x' }, 'Pending', 'uid-1'), 'pv-x', { capacity: { storage: '1Gi' }, claimRef: { namespace: 'shop', name: 'data', uid: 'uid-1' } });
    expect(findingsOf(mutual).filter((f) => f.reason === 'PreBoundVolumeMismatch')).toEqual([]);
  });

  it('reports a pre-bound volume that does not exist, critical while Pending and a warning once Bound', () => {
    for (const useGraph of [true, false]) {
      const pending = only(findingsOf(claim(healthyCluster(), 'data', { volumeName: 'pv-gone' }), { useGraph }), 'MissingPersistentVolume');
      expect(pending).toMatchObject({ severity: 'critical', message: 'Pending: pre-bound to PersistentVolume pv-gone, which does not exist' });
      expect(pending.chain.at(-1)).toMatchObject({ ref: { kind: 'PersistentVolume', name: 'pv-gone' }, missing: true });
      const bound = findingsOf(claim(healthyCluster(), 'data', { volumeName: 'pv-gone' }, 'Bound'), { useGraph });
      expect(only(bound, 'MissingPersistentVolume').severity).toBe('warning');
      // Reported once: not again as a generic dangling reference from the graph.
      expect(bound.filter((f) => f.object.name === 'data').map((f) => f.reason)).toEqual(['MissingPersistentVolume']);
    }
  });

  it('says nothing of a volume that fits, or when PersistentVolumes could not be read', () => {
    const fits = volume(claim(healthyCluster(), 'data', { volumeName: 'pv-x' }), 'pv-x', { capacity: { storage: '5Gi' } });
    expect(reasons(findingsOf(fits).filter((f) => f.object.name === 'data'))).toEqual(['PvcPending']);
    const unreadable = detectAnomalies(stateFromObjects(claim(healthyCluster(), 'data', { volumeName: 'pv-gone' }).build(), [{ kind: 'PersistentVolume', reason: 'forbidden' }]), { now: NOW });
    expect(reasons(unreadable.filter((f) => f.object.name === 'data'))).toEqual(['PvcPending']);
  });
});
