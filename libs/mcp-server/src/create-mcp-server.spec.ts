import { dirname } from 'node:path';
import { type ClusterReader, createNamespacePolicy, demoSnapshotPath, loadDemoCluster } from '@k8s-mcp/k8s-client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from './audit-log.js';
import { createMcpServer, INFO_TOOL_NAME } from './create-mcp-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function connect(name = 'k8s-mcp', version = '1.2.3') {
  const server = createMcpServer({ name, version });
  const client = new Client({ name: 'spec-client', version: '0.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  cleanups.push(async () => {
    await client.close();
    await server.close();
  });
  return { server, client };
}

describe('createMcpServer', () => {
  it('reports its name and version in initialize', async () => {
    const { client } = await connect('k8s-mcp', '9.8.7');
    expect(client.getServerVersion()).toEqual({ name: 'k8s-mcp', version: '9.8.7' });
  });

  it('lists the k8s-mcp-info tool with read-only annotations and an output schema', async () => {
    const { client } = await connect();
    const { tools, nextCursor } = await client.listTools();
    expect(nextCursor).toBeUndefined();
    expect(tools.map((t) => t.name)).toEqual([INFO_TOOL_NAME]);
    const tool = tools[0];
    expect(tool?.annotations).toEqual({
      title: 'k8s-mcp server info',
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
    expect(tool?.inputSchema.type).toBe('object');
    expect(tool?.outputSchema).toMatchObject({
      type: 'object',
      properties: { name: { type: 'string' }, version: { type: 'string' } },
    });
  });

  it('answers k8s-mcp-info with the same data as text and structured content', async () => {
    const { client } = await connect('k8s-mcp', '1.2.3');
    const result = await client.callTool({ name: INFO_TOOL_NAME, arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ name: 'k8s-mcp', version: '1.2.3' });
    expect(result.content).toEqual([{ type: 'text', text: '{"name":"k8s-mcp","version":"1.2.3"}' }]);
  });

  it('reports an unknown tool as an error result', async () => {
    const { client } = await connect();
    const result = await client.callTool({ name: 'no-such-tool', arguments: {} });
    expect(result.isError).toBe(true);
  });

  it('creates an independent server per call (one per transport)', async () => {
    const a = await connect('a', '1');
    const b = await connect('b', '2');
    expect(a.server).not.toBe(b.server);
    expect(b.client.getServerVersion()?.name).toBe('b');
    const [, extra] = InMemoryTransport.createLinkedPair();
    await expect(a.server.connect(extra)).rejects.toThrow(/Already connected/);
  });
});

let demo: ClusterReader;
beforeAll(async () => {
  demo = await loadDemoCluster({ policy: createNamespacePolicy({ allowed: [], forbidden: [] }), maxResources: 10_000 });
});

interface RpcError {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** A server over the demo cluster (every tool enabled) and a raw JSON-RPC line to it, so malformed requests can be sent. */
async function rawSession() {
  const audit: AuditRecord[] = [];
  const server = createMcpServer({
    name: 'k8s-mcp',
    version: 'test',
    call: { transport: 'memory', caller: 'token:ci', session: 'session-7' },
    kubernetes: {
      context: { reader: demo, defaultNamespace: 'shop', maxResources: 500, now: Date.now },
      mode: { allowWrites: true, allowDestructive: true },
      audit: { write: (r) => audit.push(r) },
    },
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const replies = new Map<number | string, JSONRPCMessage>();
  clientSide.onmessage = (message) => {
    if ('id' in message && message.id !== undefined && !('method' in message)) replies.set(message.id, message);
  };
  await server.connect(serverSide);
  await clientSide.start();
  cleanups.push(() => server.close());
  let nextId = 0;
  const request = async (method: string, params?: unknown): Promise<{ result?: Record<string, unknown>; error?: RpcError }> => {
    const id = ++nextId;
    await clientSide.send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) } as JSONRPCMessage);
    for (let i = 0; i < 500 && !replies.has(id); i++) await new Promise((r) => setTimeout(r, 2));
    return replies.get(id) as { result?: Record<string, unknown>; error?: RpcError };
  };
  await request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } });
  await clientSide.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  const callText = async (name: string, args: unknown) => {
    const reply = await request('tools/call', { name, arguments: args });
    return ((reply.result?.['content'] as { text: string }[] | undefined)?.[0]?.text ?? '') as string;
  };
  return { request, callText, audit };
}

const nestedArray = (levels: number): unknown => {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};

describe('createMcpServer: hostile requests', () => {
  it.each([
    ['tools/call', undefined],
    ['tools/call', { name: 5 }],
    ['tools/call', { name: 'k8s-get-pods', arguments: 'namespace=shop' }],
    ['prompts/get', { name: 5 }],
    ['resources/read', {}],
    ['tools/list', { cursor: 5 }],
    ['resources/read', { uri: 7 }],
  ])('answers %s with malformed params %j as -32602 in one line, without a schema dump', async (method, params) => {
    const { request } = await rawSession();
    const { error } = await request(method, params);
    expect(error?.code).toBe(-32602);
    expect(error?.message).toMatch(new RegExp(`^Invalid params for ${method.replace('/', '\\/')}: `));
    expect(error?.message).not.toMatch(/\n|MCP error|"code":|expected.*received.*path/s);
    expect(error?.message.length).toBeLessThan(300);
  });

  it('answers an unknown resource with resource-not-found (-32002) and the uri in data', async () => {
    const { request } = await rawSession();
    for (const uri of ['k8s://nope', 'k8s://objects/Foo/shop/x', 'k8s://objects/pods/shop/no-such-pod']) {
      const { error } = await request('resources/read', { uri });
      expect(error, uri).toMatchObject({ code: -32002, data: { uri } });
      expect(error?.message).toMatch(/^Resource not found: /);
      expect(error?.message).not.toMatch(/resolveKind|listKinds|MCP error/);
      expect(error?.message).not.toContain(dirname(demoSnapshotPath()));
    }
    expect((await request('resources/read', { uri: 'not a uri' })).error?.code).toBe(-32602);
    expect((await request('resources/read', { uri: 'k8s://objects/pods/shop/%E0%A4%A' })).error?.code).toBe(-32602);
  });

  it('puts the error code into a message once (the client adds "MCP error <code>:")', async () => {
    const server = createMcpServer({ name: 'k8s-mcp', version: 'test', kubernetes: { context: { reader: demo, defaultNamespace: 'shop', maxResources: 500, now: Date.now }, mode: { allowWrites: false, allowDestructive: false } } });
    const client = new Client({ name: 'spec', version: '0' });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(a), client.connect(b)]);
    cleanups.push(() => client.close());
    const error = (await client.getPrompt({ name: 'nope' }).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('MCP error -32602: Unknown prompt "nope"; prompts/list shows the available prompts.');
    const missing = (await client.getPrompt({ name: 'troubleshoot-pod', arguments: {} }).catch((e: unknown) => e)) as Error;
    expect(missing.message).toMatch(/^MCP error -32602: Missing argument "name" for prompt "troubleshoot-pod"/);
    expect(missing.message.match(/MCP error/g)).toHaveLength(1);
  });

  it('names no machine path and no internal function in an unknown-kind error', async () => {
    const { callText } = await rawSession();
    const text = await callText('k8s-describe', { kind: 'Foo', name: 'x' });
    expect(text).toMatch(/^Error \(UNKNOWN_KIND\): .*"Foo"/);
    expect(text).not.toMatch(/resolveKind|listKinds/);
    expect(text).not.toContain(dirname(demoSnapshotPath()));
  });

  it('audits resource reads, prompt gets, unknown tools and malformed calls with caller, transport and session', async () => {
    const { request, audit } = await rawSession();
    await request('resources/read', { uri: 'k8s://objects/deployments/shop/checkout' });
    await request('resources/read', { uri: 'k8s://nope' });
    await request('prompts/get', { name: 'troubleshoot-pod', arguments: { name: 'web-1' } });
    await request('prompts/get', { name: 'nope' });
    await request('tools/call', { name: 'no-such-tool', arguments: {} });
    await request('tools/call');
    const who = { caller: 'token:ci', transport: 'memory', session: 'session-7' };
    expect(audit).toEqual([
      expect.objectContaining({ ...who, method: 'resources/read', tool: 'k8s://objects/deployments/shop/checkout', outcome: 'ok' }),
      expect.objectContaining({ ...who, method: 'resources/read', tool: 'k8s://nope', outcome: 'error', error: 'RESOURCE_NOT_FOUND' }),
      expect.objectContaining({ ...who, method: 'prompts/get', tool: 'troubleshoot-pod', args: { name: 'web-1' }, outcome: 'ok' }),
      expect.objectContaining({ ...who, method: 'prompts/get', tool: 'nope', outcome: 'error', error: 'INVALID_PARAMS' }),
      expect.objectContaining({ ...who, method: 'tools/call', tool: 'no-such-tool', outcome: 'error', error: 'UNKNOWN_TOOL' }),
      expect.objectContaining({ ...who, method: 'tools/call', tool: '<missing>', outcome: 'error', error: 'INVALID_PARAMS' }),
    ]);
  });

  it('refuses a __proto__ argument as unknown, and audits the call', async () => {
    const { request, audit } = await rawSession();
    const params = JSON.parse('{"name":"k8s-get-pods","arguments":{"namespace":"shop","__proto__":{"namespace":"kube-system"}}}') as unknown;
    const reply = await request('tools/call', params);
    expect(reply.result).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/^Error \(INVALID_ARGUMENT\): Unknown argument "__proto__"/) }] });
    expect(audit).toEqual([expect.objectContaining({ tool: 'k8s-get-pods', outcome: 'error', error: 'INVALID_ARGUMENT' })]);
  });

  it('echoes only a short prefix of a huge argument in an error', async () => {
    const { callText } = await rawSession();
    const namespace = await callText('k8s-get-pods', { namespace: 'A'.repeat(100_000) });
    expect(namespace).toMatch(/^Error \(INVALID\)/);
    expect(Buffer.byteLength(namespace)).toBeLessThan(1_000);
    const selector = await callText('k8s-get-pods', { namespace: 'shop', label_selector: `app=${'('.repeat(2_000_000)}` });
    expect(selector).toMatch(/^Error \(INVALID\)/);
    expect(Buffer.byteLength(selector)).toBeLessThan(1_000);
    const kind = await callText('k8s-get-resource', { kind: 'K'.repeat(100_000), name: 'x' });
    expect(Buffer.byteLength(kind)).toBeLessThan(1_000);
  });

  it('answers a deeply nested value for any parameter of any tool as INVALID_ARGUMENT naming it', async () => {
    const { request, callText } = await rawSession();
    const tools = (await request('tools/list')).result?.['tools'] as { name: string; inputSchema: { properties: Record<string, { type: string; minimum?: number }>; required?: string[] } }[];
    expect(tools.length).toBeGreaterThan(20);
    const deep = nestedArray(10_000);
    const valid = (p: { type: string; minimum?: number }) => (p.type === 'string' ? 'x' : p.type === 'boolean' ? false : p.type === 'array' ? ['x'] : (p.minimum ?? 1));
    for (const tool of tools) {
      for (const param of Object.keys(tool.inputSchema.properties)) {
        const args: Record<string, unknown> = {};
        for (const r of tool.inputSchema.required ?? []) args[r] = valid(tool.inputSchema.properties[r] as { type: string });
        args[param] = deep;
        const text = await callText(tool.name, args);
        expect(text, `${tool.name}.${param}`).toMatch(new RegExp(`^Error \\(INVALID_ARGUMENT\\): Invalid argument "${param}"`));
      }
    }
  });
});
