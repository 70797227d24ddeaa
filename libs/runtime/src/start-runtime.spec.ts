import { loadConfig } from '@k8s-mcp/config';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from './start-runtime.js';

// The settings that bound what a caller may ask (GRAPH_MAX_DEPTH, MAX_SUMMARY_SIZE_KB,
// K8S_MCP_MAX_OUTPUT_KB) and ENABLE_KNOWLEDGE_GRAPH, wired from the configuration to the tools,
// on the bundled demo cluster (no network).

const runtimes: Runtime[] = [];
afterEach(async () => {
  while (runtimes.length > 0) await runtimes.pop()?.close();
});

async function demo(env: Record<string, string>) {
  const config = loadConfig({ argv: [], env: { K8S_MCP_DEMO: 'true', K8S_AUDIT_ENABLED: 'false', ...env }, readFile: () => '', cwd: '/', homedir: '/nonexistent', envFile: false });
  const runtime = await startRuntime({ config, server: { name: 'k8s-mcp', version: 'test' }, log: () => undefined, now: () => Date.parse('2026-11-21T00:00:00Z') });
  runtimes.push(runtime);
  const server = runtime.createMcpServer({ transport: 'memory' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'spec', version: '0' });
  await Promise.all([server.connect(a), client.connect(b)]);
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = await client.callTool({ name, arguments: args });
    return { text: (r.content as { text: string }[])[0]?.text ?? '', structured: r.structuredContent as Record<string, unknown> | undefined, isError: r.isError === true };
  };
  const schemaOf = async (tool: string) => (await client.listTools()).tools.find((t) => t.name === tool)?.inputSchema.properties as Record<string, { maximum?: number; description?: string }> | undefined;
  return { client, call, schemaOf };
}

describe('settings that bound callers', () => {
  it('GRAPH_MAX_DEPTH=1: max_depth 3 walks one hop, says it was clamped, and the schema allows at most 1', async () => {
    const { call, schemaOf } = await demo({ GRAPH_MAX_DEPTH: '1' });
    expect((await schemaOf('k8s-relation-query'))?.['max_depth']).toMatchObject({ maximum: 1, description: expect.stringMatching(/upper bound/) });
    const r = await call('k8s-relation-query', { query_type: 'dependents', resource_type: 'svc', resource_name: 'checkout', namespace: 'shop', max_depth: 3, format: 'json' });
    expect(r.isError).toBe(false);
    const doc = JSON.parse(r.text) as { maxDepth: number; notes: string[]; tree: unknown };
    expect(doc.maxDepth).toBe(1);
    expect(doc.notes.join('\n')).toMatch(/max_depth 3 was clamped to 1 \(GRAPH_MAX_DEPTH/);
    const depthOf = (n: { children?: unknown[] }): number => 1 + Math.max(-1, ...((n.children ?? []) as { children?: unknown[] }[]).map(depthOf));
    expect(depthOf(doc.tree as { children?: unknown[] })).toBe(1);
  });

  it('MAX_SUMMARY_SIZE_KB=3: max_size_kb 10 returns at most 3 KB and says so; the schema allows at most 3', async () => {
    const { call, schemaOf } = await demo({ MAX_SUMMARY_SIZE_KB: '3' });
    expect((await schemaOf('k8s-cluster-summary'))?.['max_size_kb']).toMatchObject({ maximum: 3, description: expect.stringMatching(/upper bound/) });
    const markdown = await call('k8s-cluster-summary', { summary_type: 'anomalies', max_size_kb: 10 });
    expect(markdown.isError).toBe(false);
    expect(Buffer.byteLength(markdown.text)).toBeLessThanOrEqual(3 * 1024);
    expect(markdown.text).toMatch(/max_size_kb 10 was clamped to 3 KB \(MAX_SUMMARY_SIZE_KB/);
    const json = await call('k8s-cluster-summary', { summary_type: 'anomalies', max_size_kb: 10, format: 'json' });
    expect(Buffer.byteLength(json.text)).toBeLessThanOrEqual(3 * 1024);
    expect((JSON.parse(json.text) as { budget: unknown }).budget).toMatchObject({ requestedKb: 10, kb: 3, note: expect.stringMatching(/MAX_SUMMARY_SIZE_KB/) });
  });

  it('the output cap bounds summaries too: max_size_kb 30 in JSON with a 24 KB cap is one JSON document within 24 KB', async () => {
    const { call, schemaOf } = await demo({ MAX_SUMMARY_SIZE_KB: '64', K8S_MCP_MAX_OUTPUT_KB: '24' });
    expect((await schemaOf('k8s-cluster-summary'))?.['max_size_kb']?.maximum).toBe(24);
    const r = await call('k8s-cluster-summary', { summary_type: 'anomalies', max_size_kb: 30, format: 'json' });
    expect(r.isError).toBe(false);
    expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(24 * 1024);
    const doc = JSON.parse(r.text) as { budget: { kb: number; note: string } };
    expect(doc.budget.kb).toBe(24);
    expect(doc.budget.note).toMatch(/K8S_MCP_MAX_OUTPUT_KB/);
    expect(r.text).not.toMatch(/cursor/);
  });

  it('ENABLE_KNOWLEDGE_GRAPH=false: k8s-relation-query is not listed, and a call says it is unavailable and why', async () => {
    const { client, call } = await demo({ ENABLE_KNOWLEDGE_GRAPH: 'false' });
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('k8s-cluster-summary');
    expect(names).not.toContain('k8s-relation-query');
    const r = await call('k8s-relation-query', { resource_type: 'deploy', resource_name: 'checkout', namespace: 'shop' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^Error \(TOOL_DISABLED\): .*knowledge graph.*ENABLE_KNOWLEDGE_GRAPH/);
  });
});
