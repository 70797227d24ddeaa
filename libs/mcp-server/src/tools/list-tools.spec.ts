import { type ClusterReader, createNamespacePolicy, loadDemoCluster } from '@k8s-mcp/k8s-client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../create-mcp-server.js';

// List tools on the bundled demo cluster (recorded data, no network).

let reader: ClusterReader;

beforeAll(async () => {
  reader = await loadDemoCluster({ policy: createNamespacePolicy({ allowed: [], forbidden: [] }), maxResources: 10_000 });
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function connect(maxOutputBytes: number) {
  const server = createMcpServer({
    name: 'k8s-mcp',
    version: 'test',
    kubernetes: { context: { reader, defaultNamespace: 'shop', maxResources: 10_000, now: () => Date.parse('2026-11-21T00:00:00Z') }, mode: { allowWrites: false, allowDestructive: false }, maxOutputBytes },
  });
  const client = new Client({ name: 'spec', version: '0' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(a), client.connect(b)]);
  cleanups.push(async () => {
    await client.close();
    await server.close();
  });
  return async (args: Record<string, unknown>) => {
    const r = await client.callTool({ name: 'k8s-list-resources', arguments: args });
    return { text: (r.content as { text: string }[])[0]?.text ?? '', structured: r.structuredContent as { returned: number; nextCursor?: string; rows: string[][] } };
  };
}

describe('list tools within the output cap', () => {
  it('list a page too large again with fewer items: text and structured content fit, and the cursor resumes right after the last item', async () => {
    const all = await (await connect(1_000_000))({ kind: 'Event', all_namespaces: true, limit: 1000 });
    const total = all.structured.returned;
    expect(total).toBeGreaterThan(20);
    const cap = 4000;
    const call = await connect(cap);
    const seen: string[][] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 200; page++) {
      const r = await call({ kind: 'Event', all_namespaces: true, limit: 1000, format: page % 2 === 0 ? 'json' : 'table', ...(cursor ? { cursor } : {}) });
      expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(cap);
      expect(Buffer.byteLength(JSON.stringify(r.structured))).toBeLessThanOrEqual(cap);
      expect(r.text).not.toMatch(/more line\(s\) omitted/);
      seen.push(...r.structured.rows);
      cursor = r.structured.nextCursor;
      if (!cursor) break;
      // json: one document carrying the note; table: the note on the last line.
      const notes = page % 2 === 0 ? ((JSON.parse(r.text) as { notes?: string[] }).notes ?? []).join('\n') : r.text;
      expect(notes).toMatch(/page shortened from 1000 to \d+ item\(s\) to fit the output cap of 4000 bytes; pass cursor for the next page/);
    }
    // Every event exactly once, in order: nothing skipped between shortened pages.
    expect(seen).toEqual(all.structured.rows);
  });
});
