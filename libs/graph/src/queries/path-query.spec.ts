import { describe, expect, it } from 'vitest';
import type { PathStep } from '../graph-types.js';
import { graphOf, obj, shopFixtures } from '../spec-support/graph-fixtures.js';

const render = (steps: PathStep[] | undefined) =>
  steps?.map((s) => (s.direction === 'out' ? `${s.from.id} -${s.type}-> ${s.to.id}` : `${s.from.id} <-${s.type}- ${s.to.id}`));

describe('path', () => {
  const graph = graphOf(shopFixtures());

  it('finds the shortest path over the undirected view, giving each edge direction', () => {
    expect(render(graph.path('Ingress/shop/shop', 'Node/_cluster/worker-1'))).toEqual([
      'Ingress/shop/shop -routes-to-> Service/shop/web',
      'Service/shop/web -selects-> Pod/shop/web-5d8-a',
      'Pod/shop/web-5d8-a -scheduled-on-> Node/_cluster/worker-1',
    ]);
    expect(render(graph.path('HorizontalPodAutoscaler/shop/web', 'ConfigMap/shop/web-config'))).toEqual([
      'HorizontalPodAutoscaler/shop/web -scales-> Deployment/shop/web',
      'Deployment/shop/web <-owned-by- ReplicaSet/shop/web-5d8',
      'ReplicaSet/shop/web-5d8 <-owned-by- Pod/shop/web-5d8-a',
      'Pod/shop/web-5d8-a -uses-configmap-> ConfigMap/shop/web-config',
    ]);
  });

  it('returns [] for the same node and undefined when out of reach', () => {
    expect(graph.path('Service/shop/web', 'Service/shop/web')).toEqual([]);
    expect(graph.path('Ingress/shop/shop', 'Node/_cluster/worker-1', { maxDepth: 2 })).toBeUndefined();
    const isolated = graphOf([...shopFixtures(), obj('ConfigMap', 'shop', 'lonely')]);
    expect(isolated.path('Ingress/shop/shop', 'ConfigMap/shop/lonely')).toBeUndefined();
  });

  it('honours edge types and kinds of intermediate nodes', () => {
    expect(render(graph.path('Ingress/shop/shop', 'Node/_cluster/worker-1', { kinds: ['Service', 'Pod'] }))).toHaveLength(3);
    expect(graph.path('Ingress/shop/shop', 'Node/_cluster/worker-1', { kinds: ['Service'] })).toBeUndefined();
    expect(graph.path('Ingress/shop/shop', 'Node/_cluster/worker-1', { edgeTypes: ['routes-to', 'selects'] })).toBeUndefined();
  });

  it('marks broken steps and requires both ends to exist', () => {
    const broken = graphOf([obj('Pod', 'shop', 'p', { spec: { serviceAccountName: 'gone' } })]);
    expect(broken.path('Pod/shop/p', 'ServiceAccount/shop/gone')?.[0]).toMatchObject({ type: 'service-account', direction: 'out', broken: true });
    expect(() => graph.path('Ingress/shop/shop', 'Node/_cluster/worker-9')).toThrow(/^path: no object "Node\/_cluster\/worker-9".*did you mean "Node\/_cluster\/worker-1"/);
  });
});
