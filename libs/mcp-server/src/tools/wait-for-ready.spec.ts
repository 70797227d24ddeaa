import { createKnowledgeGraph, type KnowledgeGraph } from '@k8s-mcp/graph';
import { BUILTIN_KINDS, type ClusterReader, createNamespacePolicy, loadDemoCluster } from '@k8s-mcp/k8s-client';
import { type ClusterState, stateFromReader } from '@k8s-mcp/summary';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../create-mcp-server.js';

// A server during its initial sync: the graph and the summary state are empty until `whenReady`
// resolves, as in the runtime, where both are filled when the sync is done. The tools that answer
// from the whole cluster must wait; plain reads must not.

let reader: ClusterReader;
let fullState: ClusterState;

beforeAll(async () => {
  reader = await loadDemoCluster({ policy: createNamespacePolicy({ allowed: [], forbidden: [] }), maxResources: 10_000 });
  fullState = await stateFromReader(reader);
});

async function fillGraph(graph: KnowledgeGraph): Promise<void> {
  for (const kind of BUILTIN_KINDS) {
    for (const object of (await reader.list(kind, { limit: 10_000 })).items) graph.upsert(kind.kind, object);
  }
}

async function startingServer() {
  const graph = createKnowledgeGraph();
  let state: ClusterState = { list: () => [], incomplete: [] };
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const server = createMcpServer({
    name: 'k8s-mcp',
    version: 'test',
    kubernetes: {
      context: {
        reader,
        graph,
        whenReady: () => gate,
        summary: { state: async () => state, maxSizeKb: 10, source: 'watch cache' },
        defaultNamespace: 'shop',
        maxResources: 500,
        now: () => Date.parse('2026-11-21T00:00:00Z'),
      },
      mode: { allowWrites: false, allowDestructive: false },
    },
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'spec', version: '0' });
  await Promise.all([server.connect(a), client.connect(b)]);
  /** Ends the "initial sync": fills the graph and the state, then resolves `whenReady`. */
  const finishSync = async () => {
    await fillGraph(graph);
    state = fullState;
    open();
  };
  return { client, finishSync };
}

const textOf = (r: unknown) => ((r as { content: { text: string }[] }).content[0]?.text ?? '');
const settledWithin = <T>(p: Promise<T>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('tools during the initial sync', () => {
  it('answer tools/list and plain reads at once, and hold relation and summary answers until ready', async () => {
    const { client, finishSync } = await startingServer();
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(expect.arrayContaining(['k8s-relation-query', 'k8s-cluster-summary']));
    expect(textOf(await client.callTool({ name: 'k8s-get-pods', arguments: { namespace: 'shop' } }))).toMatch(/checkout-/);

    const relation = client.callTool({ name: 'k8s-relation-query', arguments: { resource_type: 'deploy', resource_name: 'checkout' } });
    const summary = client.callTool({ name: 'k8s-cluster-summary', arguments: { summary_type: 'anomalies' } });
    const resource = client.readResource({ uri: 'k8s://cluster/anomalies' });
    const stats = client.readResource({ uri: 'k8s://graph/stats' });
    expect(await settledWithin(Promise.race([relation, summary, resource, stats]), 100)).toBe(false);

    await finishSync();
    // Answered from the complete graph and state: an empty graph would know no Secret, an empty state no crash loop.
    expect(textOf(await relation)).toMatch(/Secret shop\/checkout-db-credentials \[MISSING\]/);
    expect(textOf(await summary)).toMatch(/checkout-db-credentials/);
    expect(((await resource).contents[0] as { text: string }).text).toMatch(/CrashLoopBackOff/);
    expect(JSON.parse(((await stats).contents[0] as { text: string }).text).nodes).toBeGreaterThan(100);
    await client.close();
  });

  it('reports a disabled graph at once instead of waiting', async () => {
    const server = createMcpServer({
      name: 'k8s-mcp',
      version: 'test',
      kubernetes: {
        context: { reader, whenReady: () => new Promise<void>(() => undefined), defaultNamespace: 'shop', maxResources: 500, now: Date.now },
        mode: { allowWrites: false, allowDestructive: false },
      },
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'spec', version: '0' });
    await Promise.all([server.connect(a), client.connect(b)]);
    expect(textOf(await client.callTool({ name: 'k8s-relation-query', arguments: { resource_type: 'deploy', resource_name: 'checkout' } }))).toMatch(/GRAPH_DISABLED|disabled/);
    await client.close();
  });
});
