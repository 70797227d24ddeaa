import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, describe, expect, it } from 'vitest';
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
