import type { KubeObject } from '@k8s-mcp/k8s-client';
import { describe, expect, it } from 'vitest';
import { EDGE_TYPES } from './graph-types.js';
import { createKnowledgeGraph, type KnowledgeGraph } from './knowledge-graph.js';
import { edgeStrings } from './spec-support/graph-fixtures.js';
import { createRandom, type Random, randomIdentity, randomObject } from './spec-support/random-objects.js';

interface Entry {
  readonly kind: string;
  readonly object: KubeObject;
}

/** Everything observable: nodes with all attributes, edges with type, broken flag and detail. */
function snapshot(graph: KnowledgeGraph): { nodes: string[]; edges: string[] } {
  return { nodes: graph.nodes().map((n) => JSON.stringify(n)).sort(), edges: edgeStrings(graph) };
}

/** Broken references as a scan of every node in graph order finds them (what brokenReferences promises). */
function brokenByScan(graph: KnowledgeGraph): ReturnType<KnowledgeGraph['brokenReferences']> {
  return graph.nodes({ missing: true }).flatMap((n) => graph.inEdges(n.id));
}

function fromScratch(entries: Iterable<Entry>, r: Random): KnowledgeGraph {
  const list = [...entries];
  for (let i = list.length - 1; i > 0; i -= 1) {
    const j = r.int(i + 1);
    [list[i], list[j]] = [list[j] as Entry, list[i] as Entry];
  }
  const graph = createKnowledgeGraph();
  for (const e of list) graph.upsert(e.kind, e.object);
  return graph;
}

describe('incremental updates', () => {
  it.each([1, 2, 3, 4])('equal a graph built from scratch after 3000 random creates, updates and deletes (seed %i)', (seed) => {
    const r = createRandom(seed);
    const graph = createKnowledgeGraph();
    const current = new Map<string, Entry>();
    let resourceVersion = 0;
    let deletes = 0;
    let edgesSeen = 0;
    const typesSeen = new Set<string>();
    let brokenSeen = 0;
    for (let i = 1; i <= 3000; i += 1) {
      const { kind, namespace, name } = randomIdentity(r);
      const key = `${kind}/${namespace ?? '_cluster'}/${name}`;
      const existing = current.get(key);
      if (existing && r.chance(0.3)) {
        if (r.chance(0.5)) graph.remove(kind, namespace, name);
        else graph.applyChange({ type: 'deleted', kind, object: existing.object });
        current.delete(key);
        deletes += 1;
      } else {
        resourceVersion += 1;
        const object = randomObject(r, kind, namespace, name, String(resourceVersion));
        if (r.chance(0.5)) graph.upsert(kind, object);
        else graph.applyChange({ type: existing ? 'modified' : 'added', kind, object });
        current.set(key, { kind, object });
      }
      // The placeholders are tracked as objects come and go, in the graph's node order.
      if (i % 50 === 0) expect(graph.brokenReferences()).toEqual(brokenByScan(graph));
      if (i % 250 === 0) {
        const expected = snapshot(fromScratch(current.values(), r));
        expect(snapshot(graph)).toEqual(expected);
        edgesSeen += expected.edges.length;
        for (const e of expected.edges) typesSeen.add(e.slice(0, e.indexOf(' ')));
        brokenSeen += expected.edges.filter((e) => / !( |$)/.test(e)).length;
      }
    }
    // The workload really exercised deletes, every edge type, and broken references.
    expect(deletes).toBeGreaterThan(300);
    expect(edgesSeen).toBeGreaterThan(1000);
    expect(brokenSeen).toBeGreaterThan(100);
    expect([...typesSeen].sort()).toEqual([...EDGE_TYPES].sort());

    // Removing everything leaves nothing behind: no stale edge, placeholder or index entry.
    for (const { kind, object } of current.values()) graph.remove(kind, object.metadata.namespace, object.metadata.name);
    expect(graph.stats()).toMatchObject({ nodes: 0, edges: 0, approxBytes: 0 });
  }, 60_000); // about 1 s each on an idle machine; generous for a busy CI runner

  it('upsert order does not matter for the same final object set', () => {
    const r = createRandom(42);
    const entries = new Map<string, Entry>();
    for (let i = 0; i < 400; i += 1) {
      const { kind, namespace, name } = randomIdentity(r);
      entries.set(`${kind}/${namespace ?? '_cluster'}/${name}`, { kind, object: randomObject(r, kind, namespace, name, String(i)) });
    }
    expect(snapshot(fromScratch(entries.values(), r))).toEqual(snapshot(fromScratch(entries.values(), r)));
  });
});
