import { describe, expect, it } from 'vitest';
import { edgeStrings, graphOf, obj, pod } from '../spec-support/graph-fixtures.js';

const owner = (kind: string, name: string, controller?: boolean) => ({
  apiVersion: 'v1',
  kind,
  name,
  uid: `uid-${kind}-${name}`,
  ...(controller === undefined ? {} : { controller }),
});

describe('ownerRule', () => {
  it('links owned objects to owners, controller or not: CronJob <- Job <- Pod, Deployment <- ReplicaSet', () => {
    const graph = graphOf([
      obj('CronJob', 'shop', 'nightly', { spec: { schedule: '0 1 * * *', suspend: true } }),
      obj('Job', 'shop', 'nightly-1', { spec: { completions: 1 } }, { ownerReferences: [owner('CronJob', 'nightly', true)] }),
      obj('Pod', 'shop', 'nightly-1-x', { spec: { serviceAccountName: 'sa' } }, { ownerReferences: [owner('Job', 'nightly-1', true)] }),
      obj('ReplicaSet', 'shop', 'web-1', {}, { ownerReferences: [owner('Deployment', 'web', true), owner('ConfigMap', 'marker')] }),
    ]);
    expect(edgeStrings(graph, 'owned-by')).toEqual([
      'owned-by Job/shop/nightly-1 -> CronJob/shop/nightly {"controller":true}',
      'owned-by Pod/shop/nightly-1-x -> Job/shop/nightly-1 {"controller":true}',
      'owned-by ReplicaSet/shop/web-1 -> ConfigMap/shop/marker ! {"controller":false}',
      'owned-by ReplicaSet/shop/web-1 -> Deployment/shop/web ! {"controller":true}',
    ]);
    expect(graph.node('CronJob/shop/nightly')?.status).toBe('0 1 * * *, suspended');
    expect(graph.node('Job/shop/nightly-1')?.status).toBe('Running, 0/1 succeeded, 0 active');
  });

  it('puts cluster-scoped owners (a mirror pod owned by its Node) outside the namespace', () => {
    const graph = graphOf([pod('kube-system', 'etcd-worker-1', {}, {})]);
    graph.upsert('Pod', {
      metadata: { name: 'etcd-worker-1', namespace: 'kube-system', ownerReferences: [owner('Node', 'worker-1', true)] },
      spec: { nodeName: 'worker-1' },
    });
    expect(edgeStrings(graph).filter((e) => e.includes('Node'))).toEqual([
      'owned-by Pod/kube-system/etcd-worker-1 -> Node/_cluster/worker-1 ! {"controller":true}',
      'scheduled-on Pod/kube-system/etcd-worker-1 -> Node/_cluster/worker-1 !',
    ]);
  });

  it('knows extra cluster-scoped kinds from the options', () => {
    const graph = graphOf([obj('Certificate', 'shop', 'tls', {}, { ownerReferences: [owner('ClusterIssuer', 'letsencrypt')] })], {
      clusterScopedKinds: ['ClusterIssuer'],
    });
    expect(edgeStrings(graph)).toEqual(['owned-by Certificate/shop/tls -> ClusterIssuer/_cluster/letsencrypt ! {"controller":false}']);
  });
});
