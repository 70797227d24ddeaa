import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMcpServer } from '@k8s-mcp/mcp-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApp, type HttpAppOptions } from './app.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(options: Partial<HttpAppOptions> = {}): Promise<string> {
  const { app } = createHttpApp({ createMcpServer: () => createMcpServer({ name: 'k8s-mcp', version: '0.0.1' }), ...options });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, method: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Opens GET /sse and collects raw SSE text until `until` matches or the timeout passes. */
function openSse(url: string, until: RegExp, timeoutMs: number, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string; ms: number }>((resolve, reject) => {
    const started = Date.now();
    const req = request(`${url}/sse`, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      const done = () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, ms: Date.now() - started });
      };
      const timer = setTimeout(done, timeoutMs);
      res.on('data', (c: string) => {
        text += c;
        if (until.test(text)) {
          clearTimeout(timer);
          done();
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const initialize = (id = 0) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
  });
const jsonHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe('legacy SSE', () => {
  it('sends a relative endpoint event at once, without proxy buffering', async () => {
    const url = await listen();
    const sse = await openSse(url, /event: endpoint\ndata: .*\n\n/, 2000);
    expect(sse.status).toBe(200);
    expect(sse.headers['x-accel-buffering']).toBe('no');
    expect(sse.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(sse.text).toMatch(/^event: endpoint\ndata: messages\?sessionId=[0-9a-f-]{36}\n\n/);
    expect(sse.ms).toBeLessThan(1000);
  });

  it('sends keep-alive comments', async () => {
    const url = await listen({ keepAliveMs: 50 });
    const sse = await openSse(url, /: keep-alive\n\n/, 2000);
    expect(sse.text).toContain(': keep-alive\n\n');
  });

  it('serves the SDK SSE client: tools/list and a call, POSTs answered 202', async () => {
    const url = await listen();
    const client = new Client({ name: 'sse-test', version: '0' });
    await client.connect(new SSEClientTransport(new URL(`${url}/sse`)));
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('k8s-mcp-info');
    const result = await client.callTool({ name: 'k8s-mcp-info', arguments: {} });
    expect(result.isError).toBeFalsy();
    await client.close();
  });

  it('keeps a reverse-proxy prefix: the endpoint resolves under the configured URL', async () => {
    const url = await listen();
    const sse = await openSse(url, /event: endpoint\ndata: .*\n\n/, 2000);
    const data = /data: (.*)\n/.exec(sse.text)?.[1] ?? '';
    expect(new URL(data, 'https://proxy.example/k8s/sse').pathname).toBe('/k8s/messages');
  });

  it('answers 404 for an unknown SSE session and 400 for a non-JSON-RPC body', async () => {
    const url = await listen();
    const unknown = await send(`${url}/messages?sessionId=nope`, 'POST', jsonHeaders, initialize());
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('Unknown SSE session');
  });
});

describe('Streamable HTTP', () => {
  it('keeps stateful sessions for the SDK client and ends them with DELETE', async () => {
    const url = await listen();
    const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`));
    const client = new Client({ name: 'http-test', version: '0' });
    await client.connect(transport);
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    const sid = transport.sessionId as string;
    await transport.terminateSession();
    const after = await send(`${url}/mcp`, 'POST', { ...jsonHeaders, 'mcp-session-id': sid }, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }));
    expect(after.status).toBe(404);
    await client.close();
  });

  it('answers 404 for an unknown session and 400 for a request without one', async () => {
    const url = await listen();
    const unknown = await send(`${url}/mcp`, 'POST', { ...jsonHeaders, 'mcp-session-id': 'nope' }, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }));
    expect(unknown.status).toBe(404);
    const missing = await send(`${url}/mcp`, 'POST', jsonHeaders, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }));
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('initialize');
  });

  it('in stateless mode answers GET and DELETE with an immediate 405', async () => {
    const url = await listen({ stateless: true });
    const started = Date.now();
    const get = await send(`${url}/mcp`, 'GET', { accept: 'text/event-stream' });
    expect(get.status).toBe(405);
    expect((await send(`${url}/mcp`, 'DELETE')).status).toBe(405);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('authentication', () => {
  it('accepts a bearer token with any scheme case and X-API-Key, refuses others with 401', async () => {
    const url = await listen({ authTokens: ['s3cret'] });
    const post = (headers: Record<string, string>) => send(`${url}/mcp`, 'POST', { ...jsonHeaders, ...headers }, initialize());
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: 'Bearer wrong' })).status).toBe(401);
    const refused = await post({});
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((await post({ authorization: 'bearer s3cret' })).status).toBe(200);
    expect((await post({ authorization: 'BEARER s3cret' })).status).toBe(200);
    expect((await post({ 'x-api-key': 's3cret' })).status).toBe(200);
    expect((await openSse(url, /event: endpoint/, 500)).status).toBe(401);
    expect((await send(`${url}/health`, 'GET')).status).toBe(200);
    expect((await send(`${url}/.well-known/oauth-protected-resource`, 'GET')).status).toBe(404);
  });
});
