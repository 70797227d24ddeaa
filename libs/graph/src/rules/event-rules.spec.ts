import { describe, expect, it } from 'vitest';
import { edgeStrings, graphOf, obj, pod } from '../spec-support/graph-fixtures.js';

describe('eventRule', () => {
  it('links an Event to its involved object, namespaced or cluster-scoped, core or events.k8s.io', () => {
    const graph = graphOf([
      pod('shop', 'web', { serviceAccountName: 'sa' }),
      obj('Event', 'shop', 'web.1', { involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web' }, type: 'Warning', reason: 'BackOff', count: 5 }),
      obj('Event', 'default', 'node.1', { involvedObject: { kind: 'Node', name: 'worker-1' }, type: 'Normal', reason: 'NodeReady' }),
      obj('Event', 'shop', 'new.1', { regarding: { kind: 'Deployment', name: 'web' }, type: 'Normal', reason: 'ScalingReplicaSet', series: { count: 2 } }),
    ]);
    expect(edgeStrings(graph, 'about')).toEqual([
      'about Event/default/node.1 -> Node/_cluster/worker-1 !',
      'about Event/shop/new.1 -> Deployment/shop/web !',
      'about Event/shop/web.1 -> Pod/shop/web',
    ]);
    expect(graph.node('Event/shop/web.1')?.status).toBe('Warning BackOff x5');
    expect(graph.node('Event/shop/new.1')?.status).toBe('Normal ScalingReplicaSet x2');
  });
});
