import { describe, expect, it, vi } from 'vitest';
import { GraphError } from './graph-error.js';
import { MEMORY_ESTIMATE } from './memory-estimate.js';
import { createKnowledgeGraph } from './knowledge-graph.js';
import { edgeString, edgeStrings, graphOf, obj, pod } from './spec-support/graph-fixtures.js';

const usesConfig = (name: string, configMap = 'cfg') =>
  pod('shop', name, { serviceAccountName: 'sa', volumes: [{ name: 'c', configMap: { name: configMap } }] });

describe('placeholders', () => {
  it('stand in for missing targets, become the object when it appears, and go when unreferenced', () => {
    const graph = graphOf([obj('ServiceAccount', 'shop', 'sa'), usesConfig('a')]);
    expect(graph.node('ConfigMap/shop/cfg')).toEqual({ id: 'ConfigMap/shop/cfg', kind: 'ConfigMap', namespace: 'shop', name: 'cfg', status: 'missing', missing: true });
    expect(graph.brokenReferences().map(edgeString)).toEqual(['uses-configmap Pod/shop/a -> ConfigMap/shop/cfg ! {"via":"volume","optional":false}']);

    graph.upsert('ConfigMap', obj('ConfigMap', 'shop', 'cfg', { data: { k: 'v' } }).object);
    expect(graph.node('ConfigMap/shop/cfg')).toMatchObject({ missing: false, uid: 'uid-ConfigMap-cfg', status: '1 keys' });
    expect(graph.brokenReferences()).toEqual([]);
    expect(graph.inEdges('ConfigMap/shop/cfg').map(edgeString)).toEqual(['uses-configmap Pod/shop/a -> ConfigMap/shop/cfg {"via":"volume","optional":false}']);

    graph.remove('ConfigMap', 'shop', 'cfg');
    expect(graph.node('ConfigMap/shop/cfg')).toMatchObject({ missing: true, status: 'missing' });
    expect(graph.node('ConfigMap/shop/cfg')?.uid).toBeUndefined();

    graph.upsert('Pod', usesConfig('b').object);
    graph.upsert('Pod', usesConfig('a', 'other').object); // a no longer references cfg; b still does
    expect(graph.node('ConfigMap/shop/cfg')?.missing).toBe(true);
    graph.remove('Pod', 'shop', 'b');
    expect(graph.node('ConfigMap/shop/cfg')).toBeUndefined();
    expect(graph.stats()).toMatchObject({ nodes: 3, missing: 1, edges: 2 }); // sa, Pod a, ConfigMap other (missing)
  });

  it('drops a removed object nothing references, and keeps brokenReferences filterable by namespace', () => {
    const graph = graphOf([usesConfig('a'), obj('Pod', 'other', 'b', { spec: { serviceAccountName: 'x' } })]);
    graph.remove('Pod', 'shop', 'a');
    expect(graph.node('Pod/shop/a')).toBeUndefined();
    expect(graph.node('ConfigMap/shop/cfg')).toBeUndefined();
    expect(graph.brokenReferences({ namespace: 'other' }).map(edgeString)).toEqual(['service-account Pod/other/b -> ServiceAccount/other/x !']);
    expect(graph.brokenReferences({ namespace: 'shop' })).toEqual([]);
    graph.remove('Pod', 'nowhere', 'ghost'); // unknown: ignored
    graph.remove('Pod', 'bad/ns', 'ghost');
  });
});

describe('updates', () => {
  it('applyChange upserts added/modified objects and removes deleted ones', () => {
    const graph = createKnowledgeGraph();
    const p = usesConfig('a');
    graph.applyChange({ type: 'added', kind: 'Pod', object: p.object });
    graph.applyChange({ type: 'modified', kind: 'Pod', object: { ...p.object, spec: { serviceAccountName: 'other' } } });
    expect(edgeStrings(graph)).toEqual(['service-account Pod/shop/a -> ServiceAccount/shop/other !']);
    graph.applyChange({ type: 'deleted', kind: { kind: 'Pod' }, object: p.object });
    expect(graph.stats()).toMatchObject({ nodes: 0, edges: 0 });
  });

  it('skips recomputing an object whose resourceVersion did not change', () => {
    const graph = createKnowledgeGraph();
    graph.upsert('ConfigMap', obj('ConfigMap', 'shop', 'c', { data: { a: '1' } }, { resourceVersion: '7' }).object);
    graph.upsert('ConfigMap', obj('ConfigMap', 'shop', 'c', { data: { a: '1', b: '2' } }, { resourceVersion: '7' }).object);
    expect(graph.node('ConfigMap/shop/c')?.status).toBe('1 keys');
    graph.upsert('ConfigMap', obj('ConfigMap', 'shop', 'c', { data: { a: '1', b: '2' } }, { resourceVersion: '8' }).object);
    expect(graph.node('ConfigMap/shop/c')?.status).toBe('2 keys');
  });

  it('rejects objects without a usable identity', () => {
    const graph = createKnowledgeGraph();
    expect(() => graph.upsert('Pod', { metadata: { name: '' } })).toThrow(GraphError);
    expect(() => graph.upsert('Pod', { metadata: { name: 'a/b', namespace: 'x' } })).toThrow(/^upsert: cannot add a Pod/);
    try {
      graph.upsert('', { metadata: { name: 'a' } });
    } catch (error) {
      expect((error as GraphError).code).toBe('INVALID_OBJECT');
    }
    expect.assertions(3);
  });
});

describe('evictStale (GRAPH_TTL)', () => {
  it('removes objects not upserted within ttlMs; an unchanged resync refreshes them', () => {
    let now = 0;
    const graph = createKnowledgeGraph({ ttlMs: 1000, now: () => now });
    const cm = obj('ConfigMap', 'shop', 'cfg', {}, { resourceVersion: '1' });
    graph.upsert('ConfigMap', cm.object);
    graph.upsert('Pod', { ...usesConfig('a').object, metadata: { name: 'a', namespace: 'shop', resourceVersion: '1' } });
    now = 900;
    graph.upsert('Pod', { ...usesConfig('a').object, metadata: { name: 'a', namespace: 'shop', resourceVersion: '1' } }); // resync, unchanged
    now = 1500;
    expect(graph.evictStale()).toBe(1);
    // The Pod still names the ConfigMap, which is now unknown: a placeholder.
    expect(graph.node('ConfigMap/shop/cfg')?.missing).toBe(true);
    expect(graph.node('Pod/shop/a')?.missing).toBe(false);
    now = 2000;
    expect(graph.evictStale()).toBe(1);
    expect(graph.stats().nodes).toBe(0);
  });
});

describe('memory limit (GRAPH_MEMORY_LIMIT)', () => {
  it('refuses new nodes at the limit, says so, keeps updating present ones and recovers', () => {
    const onStatusChange = vi.fn();
    const graph = createKnowledgeGraph({ memoryLimitBytes: 3 * MEMORY_ESTIMATE.nodeBytes + 10, onStatusChange });
    graph.upsert('ConfigMap', obj('ConfigMap', 'shop', 'a').object);
    graph.upsert('ConfigMap', obj('ConfigMap', 'shop', 'b').object);
    graph.upsert('ConfigMap', obj('ConfigMap', 'shop', 'c').object);
    expect(graph.stats().status).toBe('ok');
    graph.upsert('ConfigMap', obj('ConfigMap', 'shop', 'd').object);
    const stats = graph.stats();
    expect(stats).toMatchObject({ nodes: 3, status: 'memory-limit', refused: 1, memoryLimitBytes: 3 * MEMORY_ESTIMATE.nodeBytes + 10 });
    expect(stats.message).toMatch(/GRAPH_MEMORY_LIMIT.*1 object\(s\) were left out.*Raise GRAPH_MEMORY_LIMIT/);
    expect(onStatusChange).toHaveBeenCalledWith('memory-limit', stats.message);
    expect(graph.node('ConfigMap/shop/d')).toBeUndefined();

    graph.upsert('ConfigMap', obj('ConfigMap', 'shop', 'a', { data: { x: '1' } }).object);
    expect(graph.node('ConfigMap/shop/a')?.status).toBe('1 keys');

    graph.remove('ConfigMap', 'shop', 'c');
    expect(graph.stats().status).toBe('memory-limit'); // d is still missing from the graph
    graph.upsert('ConfigMap', obj('ConfigMap', 'shop', 'd').object);
    expect(graph.stats()).toMatchObject({ status: 'ok', refused: 0, nodes: 3 });
    expect(onStatusChange).toHaveBeenLastCalledWith('ok', undefined);
  });

  it('marks an object incomplete when a placeholder for its reference does not fit', () => {
    const graph = createKnowledgeGraph({ memoryLimitBytes: MEMORY_ESTIMATE.nodeBytes + 10 });
    graph.upsert('Pod', usesConfig('a').object);
    expect(graph.stats()).toMatchObject({ nodes: 1, edges: 0, status: 'memory-limit', refused: 1 });
  });

  it('estimates bytes from nodes, edges and labels', () => {
    const graph = graphOf([pod('shop', 'a', {}, { app: 'a', tier: 'b' })]);
    const m = MEMORY_ESTIMATE;
    expect(graph.stats().approxBytes).toBe(2 * m.nodeBytes + 1 * m.edgeBytes + 2 * m.labelBytes);
  });
});

describe('options', () => {
  it.each([
    [{ maxDepth: 0 }, /maxDepth must be a whole number >= 1/],
    [{ maxDepth: 11 }, /maxDepth 11 exceeds hardMaxDepth 10/],
    [{ hardMaxDepth: 1.5 }, /hardMaxDepth/],
    [{ ttlMs: -1 }, /ttlMs/],
    [{ memoryLimitBytes: 0 }, /memoryLimitBytes/],
  ])('rejects %j', (options, message) => {
    expect(() => createKnowledgeGraph(options)).toThrow(message);
  });
});

describe('namespace policy', () => {
  it('hides nodes of hidden namespaces from lookups, edges and broken references', () => {
    const graph = graphOf(
      [
        pod('secret-ns', 'x', { nodeName: 'n1', serviceAccountName: 'sa' }),
        pod('shop', 'a', { nodeName: 'n1', serviceAccountName: 'sa' }),
        obj('ClusterRoleBinding', undefined, 'b', { roleRef: { kind: 'ClusterRole', name: 'r' }, subjects: [{ kind: 'ServiceAccount', namespace: 'secret-ns', name: 'sa' }] }),
      ],
      { isNamespaceVisible: (ns) => ns !== 'secret-ns' },
    );
    expect(graph.node('Pod/secret-ns/x')).toBeUndefined();
    expect(graph.nodes().map((n) => n.id)).not.toContain('Pod/secret-ns/x');
    const all = JSON.stringify([graph.edges(), graph.brokenReferences(), graph.inEdges('Node/_cluster/n1'), graph.outEdges('ClusterRoleBinding/_cluster/b')]);
    expect(all).not.toContain('secret-ns');
    expect(graph.inEdges('Node/_cluster/n1').map((e) => e.source)).toEqual(['Pod/shop/a']);
    expect(graph.outEdges('Pod/secret-ns/x')).toEqual([]);
  });

  it('lists nodes by kind, namespace and missing flag', () => {
    const graph = graphOf([usesConfig('a'), obj('ConfigMap', 'other', 'cfg')]);
    expect(graph.nodes({ kind: 'ConfigMap' }).map((n) => n.id)).toEqual(['ConfigMap/shop/cfg', 'ConfigMap/other/cfg']);
    expect(graph.nodes({ namespace: 'other' }).map((n) => n.id)).toEqual(['ConfigMap/other/cfg']);
    expect(graph.nodes({ missing: true }).map((n) => n.id)).toEqual(['ConfigMap/shop/cfg', 'ServiceAccount/shop/sa']);
  });
});
