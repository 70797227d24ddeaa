import { createKnowledgeGraph, type KnowledgeGraph } from '@k8s-mcp/graph';
import type { KubeObject } from '@k8s-mcp/k8s-client';
import { describe, expect, it } from 'vitest';
import { edgeText, nodeText, renderPath, renderTree } from './render-relations.js';

function obj(namespace: string, name: string, extra: Record<string, unknown> = {}): KubeObject {
  return { metadata: { name, namespace, uid: `${namespace}-${name}`, resourceVersion: '1' }, ...extra };
}

function shopGraph(): KnowledgeGraph {
  const graph = createKnowledgeGraph();
  graph.upsert('Service', obj('shop', 'web', { spec: { selector: { app: 'web' } } }));
  graph.upsert('Pod', obj('shop', 'web-1', { metadata: { name: 'web-1', namespace: 'shop', uid: 'p1', resourceVersion: '1', labels: { app: 'web' } }, spec: { containers: [{ name: 'app', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db', key: 'p' } } }] }] } }));
  graph.upsert('Ingress', obj('shop', 'front', { spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } }));
  return graph;
}

describe('renderTree', () => {
  it('indents related objects under the one they were reached from, edges in their true direction', () => {
    const text = renderTree(shopGraph().dependents('Service/shop/web'));
    expect(text.split('\n').slice(0, 5)).toEqual([
      '# dependents of Service shop/web (ClusterIP)',
      'depth 3, 1 related object(s)',
      '',
      '- Service shop/web (ClusterIP)',
      '  - <--routes-to :80 via defaultBackend-- Ingress shop/front (no address)',
    ]);
  });

  it('marks missing objects and broken edges, and says when nothing relates', () => {
    const graph = shopGraph();
    const deps = renderTree(graph.dependencies('Pod/shop/web-1'));
    expect(deps).toContain('--uses-secret via env BROKEN--> Secret shop/db (MISSING)');
    expect(deps).toContain('--service-account BROKEN--> ServiceAccount shop/default (MISSING)');
    const none = renderTree(graph.dependents('Ingress/shop/front'));
    expect(none).toContain('(no dependents found)');
  });

  it('notes omitted objects and unexplored depth', () => {
    const text = renderTree(shopGraph().neighbors('Service/shop/web', { maxNodes: 1 }));
    expect(text).toMatch(/^note: 1 related object\(s\) within depth 1 not shown/m);
    expect(text).toContain('note: more relations exist beyond depth 1\n');
    expect(text).toMatch(/hint: raise --depth or --max-nodes to see more\n$/);
    expect(renderTree(shopGraph().dependents('Ingress/shop/front'))).not.toContain('hint:');
  });
});

describe('renderPath', () => {
  it('numbers the hops from the first object to the last', () => {
    const graph = shopGraph();
    const steps = graph.path('Ingress/shop/front', 'Secret/shop/db');
    expect(steps).toBeDefined();
    expect(renderPath('Ingress/shop/front', 'Secret/shop/db', steps!)).toBe(
      [
        '# path from Ingress/shop/front to Secret/shop/db',
        '3 hop(s)',
        '',
        '1. Ingress shop/front (no address)',
        '2. --routes-to :80 via defaultBackend--> Service shop/web (ClusterIP)',
        '3. --selects--> Pod shop/web-1 (' + graph.node('Pod/shop/web-1')!.status + ')',
        '4. --uses-secret via env BROKEN--> Secret shop/db (MISSING)',
        '',
      ].join('\n'),
    );
    expect(renderPath('Service/shop/web', 'Service/shop/web', [])).toContain('(the same object)');
  });
});

describe('nodeText and edgeText', () => {
  it('name cluster-scoped objects without a namespace and list edge details', () => {
    expect(nodeText({ id: 'Node/_cluster/n1', kind: 'Node', name: 'n1', status: 'Ready', missing: false })).toBe('Node n1 (Ready)');
    expect(edgeText({ type: 'uses-configmap', direction: 'in', broken: false, detail: { via: 'volume', optional: true } })).toBe('<--uses-configmap via volume optional--');
    expect(edgeText({ type: 'targets', direction: 'out', broken: false, detail: { ready: false } })).toBe('--targets not ready-->');
  });
});
