import { type KnowledgeGraph } from '@k8s-mcp/graph';
import { type ClusterReader, createNamespacePolicy, loadDemoCluster } from '@k8s-mcp/k8s-client';
import { graphFromState, stateFromReader } from '@k8s-mcp/summary';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../create-mcp-server.js';

// k8s-relation-query on the bundled demo cluster (recorded data, no network).

let reader: ClusterReader;
let graph: KnowledgeGraph;

beforeAll(async () => {
  reader = await loadDemoCluster({ policy: createNamespacePolicy({ allowed: [], forbidden: [] }), maxResources: 10_000 });
  graph = graphFromState(await stateFromReader(reader));
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function connect(options: { graphMaxDepth?: number; maxOutputBytes?: number; withGraph?: boolean } = {}) {
  const server = createMcpServer({
    name: 'k8s-mcp',
    version: 'test',
    kubernetes: {
      context: {
        reader,
        defaultNamespace: 'shop',
        maxResources: 500,
        now: () => Date.parse('2026-11-21T00:00:00Z'),
        ...(options.withGraph === false ? {} : { graph }),
        ...(options.graphMaxDepth === undefined ? {} : { graphMaxDepth: options.graphMaxDepth }),
      },
      mode: { allowWrites: false, allowDestructive: false },
      ...(options.maxOutputBytes === undefined ? {} : { maxOutputBytes: options.maxOutputBytes }),
    },
  });
  const client = new Client({ name: 'spec', version: '0' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(a), client.connect(b)]);
  cleanups.push(async () => {
    await client.close();
    await server.close();
  });
  const call = async (args: Record<string, unknown>) => {
    const r = await client.callTool({ name: 'k8s-relation-query', arguments: args });
    return { text: (r.content as { text: string }[])[0]?.text ?? '', structured: r.structuredContent as Record<string, unknown> | undefined, isError: r.isError === true };
  };
  return { client, call };
}

const count = (text: string, pattern: RegExp) => (text.match(new RegExp(pattern.source, 'g')) ?? []).length;

describe('k8s-relation-query', () => {
  it('says once that more relations lie deeper, and once how many were omitted (depth 1)', async () => {
    const { call } = await connect();
    const text = await call({ query_type: 'dependents', resource_type: 'svc', resource_name: 'checkout', namespace: 'shop', max_depth: 1 });
    expect(text.text).toMatch(/^dependents of Service\/shop\/checkout:\n/);
    expect(count(text.text, /more relations/)).toBe(1);
    expect(text.text).toMatch(/raise max_depth, up to 10/);
    const small = await call({ query_type: 'dependents', resource_type: 'svc', resource_name: 'checkout', namespace: 'shop', max_depth: 1, max_nodes: 1 });
    expect(count(small.text, /omitted|not shown/)).toBe(1);
    const mermaid = await call({ query_type: 'dependents', resource_type: 'svc', resource_name: 'checkout', namespace: 'shop', max_depth: 1, max_nodes: 1, format: 'mermaid' });
    expect(mermaid.text).toMatch(/^flowchart LR\n/);
    expect(count(mermaid.text, /more relations/)).toBe(1);
    expect(count(mermaid.text, /omitted|not shown/)).toBe(1);
  });

  it('answers format=json with one JSON document, with no text line before it', async () => {
    const { call } = await connect();
    const r = await call({ query_type: 'dependencies', resource_type: 'deploy', resource_name: 'checkout', namespace: 'shop', format: 'json' });
    const doc = JSON.parse(r.text) as { query: string; root: string; tree: { node: { id: string } }; pods: { count: number; example: string } };
    expect(doc).toMatchObject({ query: 'dependencies', root: 'Deployment/shop/checkout', tree: { node: { id: 'Deployment/shop/checkout' } } });
    expect(doc.pods.count).toBe(3);
    expect(doc.pods.example).toMatch(/^Pod\/shop\/checkout-/);
    const path = await call({ query_type: 'path', resource_type: 'ingress', resource_name: 'storefront', namespace: 'shop', target: 'Secret/shop/checkout-db-credentials', format: 'json' });
    expect(JSON.parse(path.text)).toMatchObject({ query: 'path', hops: 3, steps: [{ from: 'Ingress/shop/storefront' }, {}, { to: 'Secret/shop/checkout-db-credentials', broken: true }] });
  });

  it('fits a big neighbourhood into the output cap as valid JSON: fewer objects, counted, with how to narrow', async () => {
    const maxOutputBytes = 1500;
    const { call } = await connect({ maxOutputBytes });
    for (const format of ['json', 'text', 'mermaid', 'dot']) {
      const r = await call({ query_type: 'neighbors', resource_type: 'node', resource_name: 'pool-b-1', max_depth: 3, format });
      expect(r.isError).toBe(false);
      expect(Buffer.byteLength(r.text), format).toBeLessThanOrEqual(maxOutputBytes);
      expect(r.text).not.toMatch(/cursor|more line\(s\) omitted/);
      expect(r.text).toMatch(/more related object\(s\) omitted to fit the output cap \(filter with edge_types\/kinds/);
    }
    const json = await call({ query_type: 'neighbors', resource_type: 'node', resource_name: 'pool-b-1', max_depth: 3, format: 'json' });
    const doc = JSON.parse(json.text) as { related: number; omitted: number; notes: string[] };
    expect(doc.related).toBeGreaterThan(0);
    expect(doc.omitted).toBeGreaterThan(0);
    expect(doc.notes[0]).toMatch(/^max_nodes lowered from 100 to \d+ so the answer fits the output cap \(1500 bytes\)$/);
    expect(json.structured).toMatchObject({ related: doc.related, omitted: doc.omitted });
    const path = await call({ query_type: 'path', resource_type: 'ingress', resource_name: 'storefront', namespace: 'shop', target: 'Secret/shop/checkout-db-credentials', format: 'json' });
    expect(Buffer.byteLength(path.text)).toBeLessThanOrEqual(maxOutputBytes);
    expect(JSON.parse(path.text)).toMatchObject({ hops: 3 });
  });

  it('treats GRAPH_MAX_DEPTH as an upper bound: the schema says so and a deeper request is clamped with a note', async () => {
    const { client, call } = await connect({ graphMaxDepth: 1 });
    const tool = (await client.listTools()).tools.find((t) => t.name === 'k8s-relation-query');
    expect(tool?.inputSchema.properties?.['max_depth']).toMatchObject({ minimum: 1, maximum: 1, description: expect.stringMatching(/upper bound 1 \(GRAPH_MAX_DEPTH\)/) });
    const r = await call({ query_type: 'dependencies', resource_type: 'ingress', resource_name: 'storefront', namespace: 'shop', max_depth: 3 });
    expect(r.isError).toBe(false);
    expect(r.structured).toMatchObject({ max_depth: 1, notes: ['max_depth 3 was clamped to 1 (GRAPH_MAX_DEPTH, the upper bound on this server)'] });
    expect(r.text).toMatch(/within depth 1/);
    // Only the Ingress's direct relations, each one hop away (indented once).
    expect(r.text.split('\n').filter((l) => /^\s+-\[/.test(l)).every((l) => /^ {2}-\[/.test(l))).toBe(true);
    expect(r.text).toMatch(/max_depth 3 was clamped to 1 \(GRAPH_MAX_DEPTH/);
    expect(r.text).toMatch(/more relations lie beyond 1 hop\(s\), the upper bound on this server \(GRAPH_MAX_DEPTH\)/);
    // A workload's pods are still found (ownership is not a traversal the caller asked for).
    const workload = await call({ query_type: 'dependencies', resource_type: 'deploy', resource_name: 'checkout', namespace: 'shop', max_depth: 2 });
    expect(workload.text).toMatch(/its pods \(3\) depend on/);
  });

  it('is not offered without the knowledge graph, and a call says why', async () => {
    const { client, call } = await connect({ withGraph: false });
    expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('k8s-relation-query');
    const r = await call({ resource_type: 'deploy', resource_name: 'checkout' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^Error \(TOOL_DISABLED\): Tool "k8s-relation-query" is unavailable: it needs the knowledge graph.*ENABLE_KNOWLEDGE_GRAPH/);
  });
});
