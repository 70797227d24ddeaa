import { describe, expect, it } from 'vitest';
import { GraphError } from '../graph-error.js';
import { graphOf, obj, renderTree, shopFixtures } from '../spec-support/graph-fixtures.js';

const shop = () => graphOf(shopFixtures());

describe('dependencies', () => {
  it('walks out-edges breadth-first with the edge on every step, to the default depth (3)', () => {
    const tree = shop().dependencies('Ingress/shop/shop');
    expect(renderTree(tree)).toEqual([
      'Ingress/shop/shop',
      '  -routes-to-> Service/shop/web',
      '    -selects-> Pod/shop/web-5d8-a',
      '      -owned-by-> ReplicaSet/shop/web-5d8',
      '      -scheduled-on-> Node/_cluster/worker-1',
      '      -service-account-> ServiceAccount/shop/default',
      '      -uses-configmap-> ConfigMap/shop/web-config',
      '    -selects-> Pod/shop/web-5d8-b',
      '      -owned-by-> ReplicaSet/shop/web-5d8 (repeated)',
      '      -scheduled-on-> Node/_cluster/worker-1 (repeated)',
      '      -service-account-> ServiceAccount/shop/default (repeated)',
    ]);
    expect(tree).toMatchObject({ query: 'dependencies', maxDepth: 3, nodeCount: 7, omitted: 0, deeper: true });
    expect(tree.notes).toEqual(['more relations exist beyond depth 3']);
    expect(tree.root.children[0]?.edge).toEqual({ type: 'routes-to', direction: 'out', broken: false, detail: { via: 'rule', port: '80' } });
  });

  it('counts repeated entries against maxNodes, after the new nodes of their level', () => {
    const tree = shop().dependencies('Ingress/shop/shop', { maxNodes: 8 });
    expect(renderTree(tree).filter((l) => l.includes('(repeated)'))).toEqual(['      -owned-by-> ReplicaSet/shop/web-5d8 (repeated)']);
    expect(tree).toMatchObject({ nodeCount: 7, omitted: 0 });
  });

  it('does not walk an edge back to the node it came from', () => {
    const lines = renderTree(shop().neighbors('ReplicaSet/shop/web-5d8', { maxDepth: 2 }));
    expect(lines.filter((l) => l.includes('ReplicaSet/shop/web-5d8'))).toEqual(['ReplicaSet/shop/web-5d8']);
  });
});

describe('dependents and impact', () => {
  it('dependents walks in-edges only', () => {
    expect(renderTree(shop().dependents('ConfigMap/shop/web-config'))).toEqual([
      'ConfigMap/shop/web-config',
      '  <-uses-configmap- Pod/shop/web-5d8-a',
      '    <-about- Event/shop/web-5d8-a.1',
      '    <-selects- Service/shop/web',
      '      <-routes-to- Ingress/shop/shop',
    ]);
  });

  it('impact adds the owners of impacted objects, not their other children, and leaves Events out', () => {
    const tree = shop().impact('ConfigMap/shop/web-config');
    expect(renderTree(tree)).toEqual([
      'ConfigMap/shop/web-config',
      '  <-uses-configmap- Pod/shop/web-5d8-a',
      '    -owned-by-> ReplicaSet/shop/web-5d8',
      '      -owned-by-> Deployment/shop/web',
      '    <-selects- Service/shop/web',
      '      <-routes-to- Ingress/shop/shop',
    ]);
    expect(tree.deeper).toBe(true); // the HPA scaling the Deployment is at depth 4
    expect(renderTree(shop().impact('ConfigMap/shop/web-config', { maxDepth: 4 }))).toContain('        <-scales- HorizontalPodAutoscaler/shop/web');
  });

  it('impact of a Deployment reaches its ReplicaSets, Pods and what selects them', () => {
    const lines = renderTree(shop().impact('Deployment/shop/web', { maxDepth: 5 }));
    expect(lines.slice(0, 5)).toEqual([
      'Deployment/shop/web',
      '  <-owned-by- ReplicaSet/shop/web-5d8',
      '    <-owned-by- Pod/shop/web-5d8-a',
      '      <-selects- Service/shop/web',
      '        <-routes-to- Ingress/shop/shop',
    ]);
    expect(lines).toContain('    <-owned-by- Pod/shop/web-5d8-b');
    expect(lines).toContain('  <-scales- HorizontalPodAutoscaler/shop/web');
    expect(lines.join('\n')).not.toContain('Event/');
    expect(renderTree(shop().impact('Pod/shop/web-5d8-a', { edgeTypes: ['about'] }))).toEqual(['Pod/shop/web-5d8-a', '  <-about- Event/shop/web-5d8-a.1']);
  });
});

describe('neighbors', () => {
  it('defaults to direct neighbours in both directions', () => {
    expect(renderTree(shop().neighbors('Pod/shop/web-5d8-b'))).toEqual([
      'Pod/shop/web-5d8-b',
      '  -owned-by-> ReplicaSet/shop/web-5d8',
      '  -scheduled-on-> Node/_cluster/worker-1',
      '  <-selects- Service/shop/web',
      '  -service-account-> ServiceAccount/shop/default',
    ]);
  });
});

describe('query options', () => {
  it('filters by edge type and by kind (case-insensitive), the root exempt', () => {
    const graph = shop();
    expect(renderTree(graph.dependencies('Ingress/shop/shop', { edgeTypes: ['routes-to', 'selects'] }))).toEqual([
      'Ingress/shop/shop',
      '  -routes-to-> Service/shop/web',
      '    -selects-> Pod/shop/web-5d8-a',
      '    -selects-> Pod/shop/web-5d8-b',
    ]);
    expect(renderTree(graph.neighbors('Node/_cluster/worker-1', { maxDepth: 2, kinds: ['pod', 'REPLICASET'] }))).toEqual([
      'Node/_cluster/worker-1',
      '  <-scheduled-on- Pod/shop/web-5d8-a',
      '    -owned-by-> ReplicaSet/shop/web-5d8',
      '  <-scheduled-on- Pod/shop/web-5d8-b',
      '    -owned-by-> ReplicaSet/shop/web-5d8 (repeated)',
    ]);
  });

  it('bounds the size with maxNodes and counts exactly what was left out', () => {
    const tree = shop().neighbors('Node/_cluster/worker-1', { maxDepth: 2, maxNodes: 2 });
    expect(renderTree(tree)).toEqual(['Node/_cluster/worker-1', '  <-scheduled-on- Pod/shop/web-5d8-a', '  <-scheduled-on- Pod/shop/web-5d8-b']);
    // Within 2 hops: ReplicaSet, Event, Service, ServiceAccount, ConfigMap.
    expect(tree).toMatchObject({ nodeCount: 2, omitted: 5 });
    expect(tree.notes[0]).toMatch(/^5 related object\(s\) within depth 2 not shown \(maxNodes 2\)/);
  });

  it('clamps maxDepth to hardMaxDepth and says so; depth 0 is the root alone', () => {
    const graph = graphOf(shopFixtures(), { hardMaxDepth: 4 });
    const tree = graph.dependents('Node/_cluster/worker-1', { maxDepth: 50 });
    expect(tree.maxDepth).toBe(4);
    expect(tree.notes).toContain('maxDepth 50 was clamped to 4, the deepest traversal allowed');
    expect(renderTree(graph.dependents('Node/_cluster/worker-1', { maxDepth: 0 }))).toEqual(['Node/_cluster/worker-1']);
  });

  it.each([
    [{ maxDepth: -1 }, 'dependents: maxDepth must be a whole number >= 0, got -1'],
    [{ maxDepth: 1.5 }, 'dependents: maxDepth must be a whole number >= 0, got 1.5'],
    [{ maxNodes: 0 }, 'dependents: maxNodes must be a whole number >= 1, got 0'],
    [{ edgeTypes: ['owns'] as never }, 'dependents: unknown edge type(s) "owns"; valid types: owned-by, selects,'],
    [{ kinds: [''] }, 'dependents: kinds must be non-empty'],
  ])('rejects %j with INVALID_ARGUMENT', (q, message) => {
    const error = (() => {
      try {
        shop().dependents('Node/_cluster/worker-1', q);
      } catch (e) {
        return e as GraphError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('INVALID_ARGUMENT');
    expect(error?.message).toContain(message);
  });
});

describe('unknown ids', () => {
  it('throw NOT_FOUND prefixed with the function name, suggesting close ids', () => {
    const graph = shop();
    const error = (() => {
      try {
        graph.impact('pod/shop/web-5d8-c');
      } catch (e) {
        return e as GraphError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(GraphError);
    expect(error?.code).toBe('NOT_FOUND');
    expect(error?.message).toBe(
      'impact: no object "pod/shop/web-5d8-c" in the knowledge graph (ids look like Kind/namespace/name, Kind/_cluster/name when cluster-scoped); ' +
        'did you mean "Pod/shop/web-5d8-a", "Pod/shop/web-5d8-b"?',
    );
    expect(() => graph.dependencies('Deployment/shop/api')).toThrow(/^dependencies: .*did you mean "Deployment\/shop\/web"/);
    expect(() => graph.neighbors('nothing-like-it')).toThrow(/list objects to find the right id$/);
    expect(() => graph.neighbors('ConfigMap/shop/web-config-x')).toThrow(/"ConfigMap\/shop\/web-config"/);
  });
});

describe('namespace policy', () => {
  const fixtures = [
    ...shopFixtures(),
    obj('Pod', 'hidden', 'spy', { spec: { nodeName: 'worker-1' } }),
    obj('Pod', 'hidden', 'web-5d8-c', { spec: { nodeName: 'worker-1' } }),
  ];

  it('never shows, walks through or suggests nodes of hidden namespaces', () => {
    const graph = graphOf(fixtures, { isNamespaceVisible: (ns) => ns !== 'hidden' });
    const tree = graph.neighbors('Node/_cluster/worker-1', { maxDepth: 3 });
    expect(JSON.stringify(tree)).not.toContain('hidden');
    expect(tree.omitted).toBe(0);
    expect(() => graph.dependencies('Pod/hidden/spy')).toThrow(/^dependencies: no object "Pod\/hidden\/spy"/);
    const message = (() => {
      try {
        graph.dependencies('Pod/hidden/spy');
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(message).not.toContain('Pod/hidden/web-5d8-c');
    // Visible to a graph without the policy: the test above could fail.
    expect(JSON.stringify(graphOf(fixtures).neighbors('Node/_cluster/worker-1'))).toContain('Pod/hidden/spy');
  });
});
