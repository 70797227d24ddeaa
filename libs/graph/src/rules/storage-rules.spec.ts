import { describe, expect, it } from 'vitest';
import { edgeStrings, graphOf, obj, outStrings } from '../spec-support/graph-fixtures.js';

describe('storage rules', () => {
  it('links Pod -> PVC -> PV -> StorageClass and PVC -> StorageClass', () => {
    const graph = graphOf([
      obj('StorageClass', undefined, 'fast'),
      obj('PersistentVolume', undefined, 'pv-1', { spec: { storageClassName: 'fast' }, status: { phase: 'Bound' } }),
      obj('PersistentVolumeClaim', 'shop', 'data', { spec: { storageClassName: 'fast', volumeName: 'pv-1' }, status: { phase: 'Bound' } }),
      obj('PersistentVolumeClaim', 'shop', 'pending', { spec: { storageClassName: '' } }),
      obj('PersistentVolumeClaim', 'shop', 'legacy', { spec: {} }, { annotations: { 'volume.beta.kubernetes.io/storage-class': 'slow' } }),
      obj('Pod', 'shop', 'db', { spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }], serviceAccountName: 'x' } }),
    ]);
    expect(edgeStrings(graph).filter((e) => !e.startsWith('service-account'))).toEqual([
      'bound-to PersistentVolumeClaim/shop/data -> PersistentVolume/_cluster/pv-1',
      'claims Pod/shop/db -> PersistentVolumeClaim/shop/data {"via":"volume"}',
      'storage-class PersistentVolume/_cluster/pv-1 -> StorageClass/_cluster/fast',
      'storage-class PersistentVolumeClaim/shop/data -> StorageClass/_cluster/fast',
      'storage-class PersistentVolumeClaim/shop/legacy -> StorageClass/_cluster/slow !',
    ]);
    expect(graph.node('PersistentVolumeClaim/shop/pending')?.status).toBe('Pending');
    expect(graph.node('PersistentVolume/_cluster/pv-1')?.status).toBe('Bound');
  });

  it('links a StatefulSet to its governing Service and the StorageClasses of its claim templates', () => {
    const graph = graphOf([
      obj('StatefulSet', 'shop', 'db', {
        spec: {
          serviceName: 'db-headless',
          replicas: 3,
          volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: 'fast' } }, { metadata: { name: 'logs' }, spec: {} }],
        },
        status: { readyReplicas: 2 },
      }),
    ]);
    expect(outStrings(graph, 'StatefulSet/shop/db')).toEqual([
      'governing-service StatefulSet/shop/db -> Service/shop/db-headless !',
      'storage-class StatefulSet/shop/db -> StorageClass/_cluster/fast ! {"via":"volumeClaimTemplate"}',
    ]);
    expect(graph.node('StatefulSet/shop/db')?.status).toBe('2/3 ready');
  });
});
