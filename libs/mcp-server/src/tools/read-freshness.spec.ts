import { type ClusterReader, createNamespacePolicy, loadDemoCluster } from '@k8s-mcp/k8s-client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../create-mcp-server.js';
import type { Freshness } from './tool-context.js';

// During the initial sync a kind can finish syncing while a read of it is under way at the API
// server. The answer must name where it was served from (the API), not where the next read would be.

let demo: ClusterReader;

beforeAll(async () => {
  demo = await loadDemoCluster({ policy: createNamespacePolicy({ allowed: [], forbidden: [] }), maxResources: 10_000 });
});

/** A reader served "live" whose kinds count as synced from the moment a read returns. */
async function syncingServer() {
  let synced = false;
  const reader: ClusterReader = {
    ...demo,
    source: 'live',
    list: async (kind, options) => {
      const result = await demo.list(kind, { ...options, continue: undefined });
      synced = true;
      // An API-style page: one object and a continue token.
      return { ...result, items: result.items.slice(0, 1), truncated: result.items.length > 1, ...(result.items.length > 1 ? { continue: 'api-token' } : {}) };
    },
    get: async (kind, name, namespace) => {
      const object = await demo.get(kind, name, namespace);
      synced = true;
      return object;
    },
  };
  const freshness = (): Freshness => (synced ? { source: 'cache', lagMs: 0, state: 'synced' } : { source: 'live', state: 'listing' });
  const server = createMcpServer({
    name: 'k8s-mcp',
    version: 'test',
    kubernetes: { context: { reader, freshness, defaultNamespace: 'shop', maxResources: 500, now: Date.now }, mode: { allowWrites: false, allowDestructive: false } },
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'spec', version: '0' });
  await Promise.all([server.connect(a), client.connect(b)]);
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = await client.callTool({ name, arguments: args });
    return { text: (r.content as { text: string }[])[0]?.text ?? '', structured: r.structuredContent as Record<string, unknown> | undefined };
  };
  return { client, call, unsync: () => (synced = false) };
}

describe('source lines of reads racing the initial sync', () => {
  it('list, get, describe and events report the API when the kind synced during the read', async () => {
    const { client, call, unsync } = await syncingServer();
    const list = await call('k8s-get-pods', {});
    expect(list.text).toMatch(/\(source: live API\)/);
    expect(list.structured?.['source']).toBe('source: live API');
    unsync();
    expect((await call('k8s-get-resource', { kind: 'deploy', name: 'checkout' })).text).toMatch(/^source: live API\n/);
    unsync();
    expect((await call('k8s-describe', { kind: 'deploy', name: 'checkout' })).text).toMatch(/^Deployment shop\/checkout \(source: live API\)/);
    unsync();
    expect((await call('k8s-get-events', {})).text).toMatch(/^Events in namespace shop \(source: live API\)/);
    // Now synced: the next read is served (here: said to be served) from the cache.
    expect((await call('k8s-get-resource', { kind: 'deploy', name: 'checkout' })).text).toMatch(/^source: watch cache/);
    await client.close();
  });

  it('later pages of a list begun at the API stay live, though the kind synced meanwhile', async () => {
    const { client, call } = await syncingServer();
    const first = await call('k8s-get-pods', { limit: 1 });
    expect(first.text).toMatch(/source: live API/);
    const cursor = first.structured?.['nextCursor'];
    expect(typeof cursor).toBe('string');
    const second = await call('k8s-get-pods', { limit: 1, cursor });
    expect(second.text).toMatch(/source: live API/);
    // A list begun now, with the kind synced, is a cache list.
    expect((await call('k8s-get-pods', { limit: 1 })).text).toMatch(/source: watch cache/);
    await client.close();
  });
});
