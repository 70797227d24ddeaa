import { type ClusterReader, createNamespacePolicy, loadDemoCluster } from '@k8s-mcp/k8s-client';
import { type ClusterState, stateFromReader } from '@k8s-mcp/summary';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../create-mcp-server.js';

// k8s-cluster-summary on the bundled demo cluster (recorded data, no network, no crash logs).

let reader: ClusterReader;
let state: ClusterState;

beforeAll(async () => {
  reader = await loadDemoCluster({ policy: createNamespacePolicy({ allowed: [], forbidden: [] }), maxResources: 10_000 });
  state = await stateFromReader(reader);
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function connect(options: { maxSizeKb: number; maxOutputBytes?: number }) {
  const server = createMcpServer({
    name: 'k8s-mcp',
    version: 'test',
    kubernetes: {
      context: {
        reader,
        defaultNamespace: 'shop',
        maxResources: 500,
        now: () => Date.parse('2026-11-21T00:00:00Z'),
        summary: { state: async () => state, maxSizeKb: options.maxSizeKb, source: 'spec' },
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
    const r = await client.callTool({ name: 'k8s-cluster-summary', arguments: args });
    return { text: (r.content as { text: string }[])[0]?.text ?? '', structured: r.structuredContent as Record<string, unknown> | undefined, isError: r.isError === true };
  };
  const maxSizeKb = async () => (await client.listTools()).tools.find((t) => t.name === 'k8s-cluster-summary')?.inputSchema.properties?.['max_size_kb'] as { maximum?: number; description?: string };
  return { call, maxSizeKb };
}

describe('k8s-cluster-summary budgets', () => {
  it('treats MAX_SUMMARY_SIZE_KB as an upper bound: a larger max_size_kb is clamped, within the bound, and the answer says so', async () => {
    const { call, maxSizeKb } = await connect({ maxSizeKb: 3 });
    expect(await maxSizeKb()).toMatchObject({ maximum: 3, description: expect.stringMatching(/upper bound 3 \(MAX_SUMMARY_SIZE_KB/) });
    const markdown = await call({ summary_type: 'anomalies', max_size_kb: 10 });
    expect(markdown.isError).toBe(false);
    expect(Buffer.byteLength(markdown.text)).toBeLessThanOrEqual(3 * 1024);
    expect(markdown.text).toMatch(/\nnote: max_size_kb 10 was clamped to 3 KB \(MAX_SUMMARY_SIZE_KB, the upper bound on this server\)\.\n$/);
    expect(markdown.structured).toMatchObject({ budget_kb: 3, bytes: Buffer.byteLength(markdown.text), note: expect.stringMatching(/clamped/) });
    const json = await call({ summary_type: 'anomalies', max_size_kb: 10, format: 'json' });
    expect(Buffer.byteLength(json.text)).toBeLessThanOrEqual(3 * 1024);
    const doc = JSON.parse(json.text) as { summary: string; budget: unknown };
    expect(doc.summary).toBe('anomalies');
    expect(doc.budget).toEqual({ requestedKb: 10, kb: 3, note: 'max_size_kb 10 was clamped to 3 KB (MAX_SUMMARY_SIZE_KB, the upper bound on this server).' });
  });

  it('keeps a request within the bound as it is, with no note', async () => {
    const { call } = await connect({ maxSizeKb: 10 });
    const r = await call({ summary_type: 'anomalies', max_size_kb: 2, format: 'json' });
    expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(2 * 1024);
    expect(JSON.parse(r.text)).not.toHaveProperty('budget');
    expect(r.structured).toMatchObject({ budget_kb: 2 });
    expect(r.structured).not.toHaveProperty('note');
  });

  it('never lets a budget exceed the output cap: JSON asked above it is one valid document within the cap, with no paging hint', async () => {
    const maxOutputBytes = 24 * 1024;
    const { call, maxSizeKb } = await connect({ maxSizeKb: 64, maxOutputBytes });
    expect((await maxSizeKb()).maximum).toBe(24);
    const r = await call({ summary_type: 'anomalies', max_size_kb: 30, format: 'json' });
    expect(r.isError).toBe(false);
    expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(maxOutputBytes);
    expect(r.text).not.toMatch(/cursor|more line\(s\) omitted/);
    expect((JSON.parse(r.text) as { budget: unknown }).budget).toMatchObject({ requestedKb: 30, kb: 24, note: expect.stringMatching(/K8S_MCP_MAX_OUTPUT_KB/) });
    // The default budget (MAX_SUMMARY_SIZE_KB) above the cap is clamped too.
    const byDefault = await call({ summary_type: 'anomalies', format: 'json' });
    expect(Buffer.byteLength(byDefault.text)).toBeLessThanOrEqual(maxOutputBytes);
    expect((JSON.parse(byDefault.text) as { budget: { note: string } }).budget.note).toMatch(/^the default budget of 64 KB was clamped to 24 KB/);
  });

  it('keeps findings before the inventory in tiny summaries', async () => {
    const { call } = await connect({ maxSizeKb: 10 });
    const shownIn = (text: string, title: string) => {
      const section = text.slice(text.indexOf(`## ${title}`)).split('\n## ')[0] as string;
      return section.split('\n').filter((l) => l.startsWith('- ')).length;
    };
    const overview = await call({ summary_type: 'overview', max_size_kb: 1 });
    expect(Buffer.byteLength(overview.text)).toBeLessThanOrEqual(1024);
    expect(shownIn(overview.text, 'Top findings')).toBeGreaterThanOrEqual(shownIn(overview.text, 'Resources'));
    const namespace = await call({ summary_type: 'namespace', namespace: 'shop', max_size_kb: 1 });
    expect(Buffer.byteLength(namespace.text)).toBeLessThanOrEqual(1024);
    expect(shownIn(namespace.text, 'Findings')).toBeGreaterThanOrEqual(3);
    expect(namespace.text).toMatch(/## Workloads \((\d+)\)\n\(\1 more omitted\)/);
  });
});
