import { describe, expect, it } from 'vitest';
import { createResourceGraph } from './resource-graph.js';

const deploy = { kind: 'Deployment', namespace: 'shop', name: 'web' };
const rs = { kind: 'ReplicaSet', namespace: 'shop', name: 'web-7d4' };
const pod = { kind: 'Pod', namespace: 'shop', name: 'web-7d4-abc' };
const svc = { kind: 'Service', namespace: 'shop', name: 'web' };
const node = { kind: 'Node', name: 'worker-1' };
const secret = { kind: 'Secret', namespace: 'shop', name: 'db-creds' };

function shopGraph() {
  const graph = createResourceGraph();
  for (const ref of [deploy, rs, pod, svc, node]) graph.addResource(ref);
  graph.addRelation(deploy, rs, 'owns');
  graph.addRelation(rs, pod, 'owns');
  graph.addRelation(svc, pod, 'selects');
  graph.addRelation(pod, node, 'scheduled-on');
  graph.addRelation(pod, secret, 'references', { optional: false });
  return graph;
}

describe('createResourceGraph', () => {
  it('is a graphology multi directed graph keyed by resource id', () => {
    const graph = shopGraph();
    expect(graph.type).toBe('directed');
    expect(graph.multi).toBe(true);
    expect(graph.hasNode('Pod/shop/web-7d4-abc')).toBe(true);
    expect(graph.getNodeAttributes('Node/_cluster/worker-1')).toEqual({ kind: 'Node', name: 'worker-1', present: true });
    expect(graph.order).toBe(6);
    expect(graph.size).toBe(5);
  });

  it('returns edges by type', () => {
    const graph = shopGraph();
    expect(graph.edgesByType('owns').map((e) => [e.source, e.target])).toEqual([
      ['Deployment/shop/web', 'ReplicaSet/shop/web-7d4'],
      ['ReplicaSet/shop/web-7d4', 'Pod/shop/web-7d4-abc'],
    ]);
    expect(graph.edgesByType('references')).toEqual([
      {
        key: 'references:Pod/shop/web-7d4-abc->Secret/shop/db-creds',
        source: 'Pod/shop/web-7d4-abc',
        target: 'Secret/shop/db-creds',
        attributes: { type: 'references', detail: { optional: false } },
      },
    ]);
    expect(graph.edgesByType('mounts')).toEqual([]);
  });

  it('keeps several relation types between the same pair, but one edge per type', () => {
    const graph = createResourceGraph();
    graph.addRelation(pod, secret, 'references');
    graph.addRelation(pod, secret, 'mounts');
    graph.addRelation(pod, secret, 'mounts', { volume: 'creds' });
    expect(graph.size).toBe(2);
    expect(graph.edgesByType('mounts')[0]?.attributes.detail).toEqual({ volume: 'creds' });
  });

  it('keeps dangling references visible as placeholder nodes', () => {
    const graph = shopGraph();
    expect(graph.missingResources()).toEqual(['Secret/shop/db-creds']);
    graph.addResource(secret, { type: 'Opaque' });
    expect(graph.missingResources()).toEqual([]);
    expect(graph.getNodeAttributes('Secret/shop/db-creds')).toMatchObject({ present: true, data: { type: 'Opaque' } });
    expect(graph.size).toBe(5);
  });

  it('accepts ids as relation endpoints', () => {
    const graph = createResourceGraph();
    graph.addRelation('HorizontalPodAutoscaler/shop/web', 'Deployment/shop/web', 'scales');
    expect(graph.getNodeAttributes('Deployment/shop/web')).toEqual({
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      present: false,
    });
  });

  it('walks the neighbourhood within a depth limit and direction', () => {
    const graph = shopGraph();
    const start = 'Deployment/shop/web';
    expect(graph.neighbourhood(start, 1, 'out')).toEqual(['ReplicaSet/shop/web-7d4']);
    expect(graph.neighbourhood(start, 2, 'out')).toEqual(['ReplicaSet/shop/web-7d4', 'Pod/shop/web-7d4-abc']);
    expect(new Set(graph.neighbourhood(start, 3, 'out'))).toEqual(
      new Set(['ReplicaSet/shop/web-7d4', 'Pod/shop/web-7d4-abc', 'Node/_cluster/worker-1', 'Secret/shop/db-creds']),
    );
    expect(graph.neighbourhood('Pod/shop/web-7d4-abc', 1, 'in').sort()).toEqual([
      'ReplicaSet/shop/web-7d4',
      'Service/shop/web',
    ]);
    expect(graph.neighbourhood('Service/shop/web', 2, 'both')).toContain('ReplicaSet/shop/web-7d4');
    expect(graph.neighbourhood('Nope/x/y', 3)).toEqual([]);
  });

  it('rejects self loops', () => {
    const graph = createResourceGraph();
    expect(() => graph.addRelation(pod, pod, 'references')).toThrow();
  });
});
