import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMcpServer } from '@k8s-mcp/mcp-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApp, type HttpAppOptions } from './app.js';
import type { McpCallInfo, McpRefusal, McpSessions } from './mcp-routes.js';
import { tokenFingerprint } from './named-tokens.js';

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

/** Opens GET /sse and keeps it open: the session id of its endpoint event, the text so far, and close(). */
function holdSse(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; sessionId: string; text: () => string; close: () => void; closed: Promise<void> }>((resolve, reject) => {
    const req = request(`${url}/sse`, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      let text = '';
      const closed = new Promise<void>((done) => res.once('close', () => done()));
      const result = (sessionId: string) => ({ status: res.statusCode ?? 0, sessionId, text: () => text, close: () => req.destroy(), closed });
      if (res.statusCode !== 200) {
        res.resume();
        resolve(result(''));
        return;
      }
      res.setEncoding('utf8');
      let resolved = false;
      res.on('data', (c: string) => {
        text += c;
        const id = /sessionId=([0-9a-f-]{36})/.exec(text)?.[1];
        if (id && !resolved) {
          resolved = true;
          resolve(result(id));
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const mcpCalls: McpCallInfo[] = [];
async function listenRecording(options: Partial<HttpAppOptions> = {}): Promise<{ url: string; sessions: McpSessions; refusals: McpRefusal[] }> {
  mcpCalls.length = 0;
  const refusals: McpRefusal[] = [];
  const { app, sessions } = createHttpApp({
    createMcpServer: (call) => {
      mcpCalls.push(call);
      return createMcpServer({ name: 'k8s-mcp', version: '0.0.1' });
    },
    onRefused: (r) => refusals.push(r),
    ...options,
  });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sessions, refusals };
}

const toolsList = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });

describe('callers and sessions', () => {
  it('names the caller of each MCP server: the token name, a fingerprint for a bare token, with transport and session', async () => {
    const { url } = await listenRecording({ authTokens: ['alice=token-a', 'bare-token-b'] });
    const init = await send(`${url}/mcp`, 'POST', { ...jsonHeaders, authorization: 'Bearer token-a' }, initialize());
    expect(init.status).toBe(200);
    const sse = await holdSse(url, { 'x-api-key': 'bare-token-b' });
    sse.close();
    expect(mcpCalls).toEqual([
      { transport: 'streamable-http', caller: 'alice', session: init.headers['mcp-session-id'] },
      { transport: 'sse', caller: tokenFingerprint('bare-token-b'), session: sse.sessionId },
    ]);
    expect(JSON.stringify(mcpCalls)).not.toContain('token-');
  });

  it('calls callers of an unauthenticated server anonymous, and keeps no session in stateless mode', async () => {
    const { url } = await listenRecording({ stateless: true });
    expect((await send(`${url}/mcp`, 'POST', jsonHeaders, initialize())).status).toBe(200);
    expect(mcpCalls).toEqual([{ transport: 'streamable-http', caller: 'anonymous' }]);
  });

  it('refuses a request on a Streamable session from another token with 403, and reports it without the token', async () => {
    const { url, refusals } = await listenRecording({ authTokens: ['alice=token-a', 'bob=token-b'] });
    const init = await send(`${url}/mcp`, 'POST', { ...jsonHeaders, authorization: 'Bearer token-a' }, initialize());
    const sid = init.headers['mcp-session-id'] as string;
    const as = (token: string, method = 'POST') =>
      send(`${url}/mcp`, method, { ...jsonHeaders, authorization: `Bearer ${token}`, 'mcp-session-id': sid, 'mcp-protocol-version': '2025-06-18' }, method === 'POST' ? toolsList : undefined);
    const stolen = await as('token-b');
    expect(stolen.status).toBe(403);
    expect(JSON.parse(stolen.body)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32001, message: expect.stringMatching(/opened with another credential/) } });
    expect((await as('token-b', 'DELETE')).status).toBe(403);
    expect((await as('token-a')).status).toBe(200); // the session survived both attempts
    expect(refusals).toEqual([
      { reason: 'credential-mismatch', transport: 'streamable-http', session: sid, caller: 'bob', owner: 'alice' },
      { reason: 'credential-mismatch', transport: 'streamable-http', session: sid, caller: 'bob', owner: 'alice' },
    ]);
  });

  it('refuses a POST to an SSE session from another token with 403', async () => {
    const { url, refusals } = await listenRecording({ authTokens: ['alice=token-a', 'bob=token-b'] });
    const sse = await holdSse(url, { authorization: 'Bearer token-a' });
    try {
      const post = (token: string) => send(`${url}/messages?sessionId=${sse.sessionId}`, 'POST', { ...jsonHeaders, authorization: `Bearer ${token}` }, initialize(7));
      expect((await post('token-b')).status).toBe(403);
      expect(refusals).toEqual([{ reason: 'credential-mismatch', transport: 'sse', session: sse.sessionId, caller: 'bob', owner: 'alice' }]);
      expect((await post('token-a')).status).toBe(202);
    } finally {
      sse.close();
    }
  });

  it('answers a new session past the cap with 503 and Retry-After, and frees slots as sessions end', async () => {
    const { url, sessions, refusals } = await listenRecording({ maxSessions: 2 });
    const first = await send(`${url}/mcp`, 'POST', jsonHeaders, initialize());
    const sse = await holdSse(url);
    expect(sessions.count()).toBe(2);
    const over = await send(`${url}/mcp`, 'POST', jsonHeaders, initialize());
    expect(over.status).toBe(503);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(over.body)).toMatchObject({ error: { code: -32000, message: expect.stringMatching(/Too many open MCP sessions \(2\)/) } });
    expect((await holdSse(url)).status).toBe(503);
    expect(refusals.map((r) => `${r.reason} ${r.transport}`)).toEqual(['session-cap streamable-http', 'session-cap sse']);
    // Requests on open sessions still work at the cap.
    const sid = first.headers['mcp-session-id'] as string;
    expect((await send(`${url}/mcp`, 'POST', { ...jsonHeaders, 'mcp-session-id': sid, 'mcp-protocol-version': '2025-06-18' }, toolsList)).status).toBe(200);
    sse.close(); // an SSE session ends with its stream
    await waitUntil(() => sessions.count() === 1);
    expect((await send(`${url}/mcp`, 'POST', jsonHeaders, initialize())).status).toBe(200);
    expect((await send(`${url}/mcp`, 'DELETE', { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-06-18' })).status).toBe(200);
    expect(sessions.count()).toBe(1);
  });

  it('closes Streamable sessions idle past the timeout, but not one whose stream is open', async () => {
    const { url, sessions } = await listenRecording({ sessionIdleMs: 400 });
    const idle = await send(`${url}/mcp`, 'POST', jsonHeaders, initialize());
    const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`));
    const client = new Client({ name: 'held', version: '0' });
    await client.connect(transport); // the SDK client keeps a GET stream open on its session
    try {
      expect(sessions.count()).toBe(2);
      await waitUntil(() => sessions.count() === 1, 3000);
      const after = await send(`${url}/mcp`, 'POST', { ...jsonHeaders, 'mcp-session-id': idle.headers['mcp-session-id'] as string }, toolsList);
      expect(after.status).toBe(404);
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });
});

describe('an empty JSON-RPC batch', () => {
  const invalid = { jsonrpc: '2.0', id: null, error: { code: -32600, message: expect.stringMatching(/^Invalid Request/) } };

  it('is answered 400 with one Invalid Request error on /mcp (with and without a session) and /messages', async () => {
    const { url } = await listenRecording();
    const plain = await send(`${url}/mcp`, 'POST', jsonHeaders, '[]');
    expect(plain.status).toBe(400);
    expect(JSON.parse(plain.body)).toEqual(invalid);
    const sid = (await send(`${url}/mcp`, 'POST', jsonHeaders, initialize())).headers['mcp-session-id'] as string;
    const inSession = await send(`${url}/mcp`, 'POST', { ...jsonHeaders, 'mcp-session-id': sid, 'mcp-protocol-version': '2025-06-18' }, '[]');
    expect(inSession.status).toBe(400);
    expect(JSON.parse(inSession.body)).toEqual(invalid);
    const sse = await holdSse(url);
    try {
      const posted = await send(`${url}/messages?sessionId=${sse.sessionId}`, 'POST', jsonHeaders, '[]');
      expect(posted.status).toBe(400);
      expect(JSON.parse(posted.body)).toEqual(invalid);
    } finally {
      sse.close();
    }
  });

  it('is answered 400 in stateless mode too', async () => {
    const { url } = await listenRecording({ stateless: true });
    const reply = await send(`${url}/mcp`, 'POST', jsonHeaders, '[]');
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toEqual(invalid);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
