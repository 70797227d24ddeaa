import { readFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { loadConfig } from '@k8s-mcp/config';
import { startRuntime, type Runtime } from '@k8s-mcp/runtime';
import { waitFor } from '@k8s-mcp/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningHttpServer } from './start-http-server.js';

// Dify's MCP client (api/core/mcp/ in langgenius/dify), reproduced on raw HTTP with no SDK, against
// the real server and runtime on the bundled demo cluster. What Dify does, per
// shared/docs/field-reference.md: JSON-RPC ids from 0; a fresh Streamable HTTP session per list or
// call (initialize, notifications/initialized, a GET stream, one request, DELETE); no
// MCP-Protocol-Version header; protocol 2025-06-18 or 2025-03-26, rejecting a server that answers
// another; legacy SSE resolving the endpoint event with urljoin(configured URL, data), same scheme
// and host, within 1 s; POSTs expecting 202; tools/list read once; empty and null arguments dropped.

type Json = Record<string, unknown>;
interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}
interface RpcMessage {
  jsonrpc: '2.0';
  id?: number | string | null;
  result?: Json;
  error?: { code: number; message: string };
}

const DIFY_CLIENT = { name: 'Dify', version: '1.9.1' };
// httpx's defaults plus what Dify sets; never MCP-Protocol-Version, never Origin.
const DIFY_HEADERS = { 'user-agent': 'python-httpx/0.28.1', accept: 'application/json, text/event-stream', 'content-type': 'application/json' };

function send(url: string, method: string, headers: Record<string, string>, body?: Json): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** The JSON-RPC messages of a reply: a JSON body, or the `message` events of an SSE body. */
function rpcMessages(reply: Reply): RpcMessage[] {
  if (String(reply.headers['content-type']).startsWith('application/json')) return [JSON.parse(reply.body) as RpcMessage];
  return parseSse(reply.body)
    .filter((e) => e.event === 'message')
    .map((e) => JSON.parse(e.data) as RpcMessage);
}

function parseSse(text: string): { event: string; data: string }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .flatMap((block) => {
      const lines = block.split('\n').filter((l) => !l.startsWith(':'));
      if (lines.length === 0) return []; // a keep-alive comment
      const event = lines.find((l) => l.startsWith('event:'))?.slice(6).trim() ?? 'message';
      const data = lines
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).replace(/^ /, ''))
        .join('\n');
      return [{ event, data }];
    });
}

const initialize = (protocolVersion: string) => ({
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion, capabilities: { sampling: {}, roots: { listChanged: true } }, clientInfo: DIFY_CLIENT },
});

/** What one Dify Streamable HTTP session saw, step by step. */
interface StreamableTrace {
  initialize: Reply;
  initializeResult: RpcMessage;
  sessionId: string;
  initialized: Reply;
  getStreamStatus: number;
  request: Reply;
  response: RpcMessage;
  deleted: Reply;
  afterDelete: Reply;
}

/** One Dify list or call over Streamable HTTP: a fresh session, one request (id 1), DELETE. */
async function difyStreamable(url: string, protocolVersion: string, method: string, params?: Json): Promise<StreamableTrace> {
  const init = await send(url, 'POST', DIFY_HEADERS, initialize(protocolVersion));
  const sessionId = String(init.headers['mcp-session-id'] ?? '');
  const withSession = { ...DIFY_HEADERS, 'mcp-session-id': sessionId };
  const initialized = await send(url, 'POST', withSession, { jsonrpc: '2.0', method: 'notifications/initialized' });
  // After notifications/initialized Dify opens the GET stream for server messages and keeps it until the end.
  const stream = await new Promise<{ status: number; close: () => void }>((resolve, reject) => {
    const req = request(url, { method: 'GET', headers: withSession }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
  try {
    const reply = await send(url, 'POST', withSession, { jsonrpc: '2.0', id: 1, method, ...(params ? { params } : {}) });
    const deleted = await send(url, 'DELETE', withSession);
    const afterDelete = await send(url, 'POST', withSession, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
    return {
      initialize: init,
      initializeResult: rpcMessages(init)[0] as RpcMessage,
      sessionId,
      initialized,
      getStreamStatus: stream.status,
      request: reply,
      response: rpcMessages(reply).find((m) => m.id === 1) as RpcMessage,
      deleted,
      afterDelete,
    };
  } finally {
    stream.close();
  }
}

/** Dify's tools/call: a fresh session, arguments with empty and null values dropped first. */
async function difyCall(url: string, name: string, args: Json): Promise<{ isError: boolean; text: string; structured?: Json }> {
  const kept = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== null && v !== undefined && v !== ''));
  const trace = await difyStreamable(url, '2025-06-18', 'tools/call', { name, arguments: kept });
  const result = trace.response.result as { isError?: boolean; content: { type: string; text: string }[]; structuredContent?: Json };
  return { isError: result.isError === true, text: result.content.map((c) => c.text).join('\n'), ...(result.structuredContent ? { structured: result.structuredContent } : {}) };
}

/** A loopback reverse proxy serving the backend under `/prefix` (as nginx `location /prefix/ { proxy_pass http://backend/; }`). */
async function startPrefixProxy(backend: string): Promise<{ url: string; server: Server }> {
  const target = new URL(backend);
  const server = createServer((req, res) => {
    if (!req.url?.startsWith('/prefix/')) {
      res.writeHead(404).end('not under /prefix');
      return;
    }
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url.slice('/prefix'.length), headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res); // unbuffered: every chunk goes on as it arrives
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Dify's legacy SSE session: GET the configured URL, resolve the endpoint, POST (202 each), read answers on the stream. */
async function difySse(configuredUrl: string, protocolVersion: string) {
  const events: { event: string; data: string; at: number }[] = [];
  let headersAt = 0;
  let buffer = '';
  let status = 0;
  let headers: IncomingHttpHeaders = {};
  const req = request(configuredUrl, { method: 'GET', headers: { 'user-agent': DIFY_HEADERS['user-agent'], accept: 'text/event-stream', 'cache-control': 'no-store' } }, (res) => {
    headersAt = Date.now();
    status = res.statusCode ?? 0;
    headers = res.headers;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut + 2);
        buffer = buffer.slice(cut + 2);
        for (const e of parseSse(block)) events.push({ ...e, at: Date.now() });
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
  const next = (predicate: (e: { event: string; data: string }) => boolean, description: string) =>
    waitFor(() => events.find(predicate), { description, timeoutMs: 10_000, intervalMs: 10 });
  try {
    const endpointEvent = await next((e) => e.event === 'endpoint', 'the endpoint event');
    // Python's urljoin and WHATWG URL resolution agree on relative references (RFC 3986 section 5.2).
    const endpoint = new URL(endpointEvent.data, configuredUrl);
    const post = (body: Json) => send(endpoint.href, 'POST', { 'user-agent': DIFY_HEADERS['user-agent'], 'content-type': 'application/json' }, body);
    const initPost = await post(initialize(protocolVersion));
    const initResult = JSON.parse((await next((e) => e.event === 'message' && (JSON.parse(e.data) as RpcMessage).id === 0, 'the initialize answer')).data) as RpcMessage;
    const initializedPost = await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const listPost = await post({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const listResult = JSON.parse((await next((e) => e.event === 'message' && (JSON.parse(e.data) as RpcMessage).id === 1, 'the tools/list answer')).data) as RpcMessage;
    return { status, headers, endpointData: endpointEvent.data, endpoint, endpointDelayMs: endpointEvent.at - headersAt, initPost, initResult, initializedPost, listPost, listResult };
  } finally {
    req.destroy();
  }
}

let runtime: Runtime;
let http: RunningHttpServer;
const proxies: Server[] = [];

beforeAll(async () => {
  const config = loadConfig({
    argv: [],
    env: { K8S_MCP_DEMO: 'true', K8S_MCP_HOST: '127.0.0.1', K8S_AUDIT_ENABLED: 'false', MONITORING_ENABLED: 'false' },
    readFile: (path) => readFileSync(path, 'utf8'),
    cwd: tmpdir(),
    homedir: tmpdir(),
    envFile: false,
  });
  runtime = await startRuntime({ config, server: { name: 'k8s-mcp', version: '0.0.0-interop' }, log: () => undefined });
  http = await startHttpServer(config, runtime, { authTokens: [], port: 0 });
});

afterAll(async () => {
  for (const proxy of proxies) {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  }
  await http?.close();
  await runtime?.close();
});

afterEach(async () => {
  // A session per call must not leak: every Streamable session was DELETEd, every SSE stream closed.
  await waitFor(() => http.sessionCount() === 0, { description: 'no MCP session left open', timeoutMs: 5000, intervalMs: 20 });
});

describe('Dify client behaviour over Streamable HTTP (raw HTTP, demo cluster)', () => {
  it.for(['2025-06-18', '2025-03-26'])('protocol %s: ids from 0, version echoed, 202 for the notification, DELETE ends the session', async (version) => {
    const trace = await difyStreamable(`${http.url}/mcp`, version, 'tools/list');
    expect(trace.initialize.status).toBe(200);
    expect(trace.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(trace.initializeResult.id).toBe(0);
    expect(trace.initializeResult.result?.['protocolVersion']).toBe(version);
    expect(trace.initializeResult.result?.['serverInfo']).toMatchObject({ name: 'k8s-mcp' });
    expect(trace.initialized.status).toBe(202);
    expect(trace.getStreamStatus).toBe(200);
    expect(trace.request.status).toBe(200);
    expect(trace.response.id).toBe(1);
    expect(trace.response.error).toBeUndefined();
    expect(trace.deleted.status).toBe(200);
    expect(trace.afterDelete.status).toBe(404);
  });

  it('lists every tool on one page with flat schemas: one JSON type per top-level property', async () => {
    const trace = await difyStreamable(`${http.url}/mcp`, '2025-06-18', 'tools/list');
    const result = trace.response.result as { tools: { name: string; inputSchema: Json }[]; nextCursor?: string };
    expect(result.nextCursor).toBeUndefined();
    expect(result.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['k8s-get-pods', 'k8s-get-logs', 'k8s-relation-query', 'k8s-cluster-summary']));
    const problems: string[] = [];
    for (const tool of result.tools) {
      const schema = tool.inputSchema;
      if (schema['type'] !== 'object') problems.push(`${tool.name}: top-level type ${JSON.stringify(schema['type'])}`);
      for (const key of ['anyOf', 'oneOf', 'allOf', '$ref', '$defs']) if (key in schema) problems.push(`${tool.name}: top-level ${key}`);
      for (const [name, prop] of Object.entries((schema['properties'] ?? {}) as Record<string, Json>)) {
        if (typeof prop['type'] !== 'string' || !['string', 'integer', 'number', 'boolean', 'array', 'object'].includes(prop['type'])) {
          problems.push(`${tool.name}.${name}: type ${JSON.stringify(prop['type'])}`);
        }
        for (const key of ['anyOf', 'oneOf', 'allOf', '$ref', 'nullable']) if (key in prop) problems.push(`${tool.name}.${name}: ${key}`);
        if (prop['type'] === 'array' && typeof (prop['items'] as Json | undefined)?.['type'] !== 'string') problems.push(`${tool.name}.${name}: array items without one type`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('accepts arguments as Dify sends them: numbers, booleans and arrays as strings; empty and null dropped or not', async () => {
    const url = `${http.url}/mcp`;
    const dropped = await difyCall(url, 'k8s-get-pods', { namespace: 'shop', limit: '3', label_selector: '', cursor: null, format: '' });
    expect(dropped.isError).toBe(false);
    expect(dropped.text).toMatch(/^Pod in namespace shop: 3 returned/);
    expect(dropped.structured).toMatchObject({ kind: 'Pod', namespace: 'shop', returned: 3, truncated: true });

    // A client that does not drop them (raw arguments) gets the same answer: empty and null mean absent.
    const raw = await difyStreamable(url, '2025-06-18', 'tools/call', {
      name: 'k8s-get-pods',
      arguments: { namespace: 'shop', limit: '3', label_selector: '', cursor: null },
    });
    expect((raw.response.result as { structuredContent: Json }).structuredContent['rows']).toEqual(dropped.structured?.['rows']);

    const everywhere = await difyCall(url, 'k8s-get-pods', { all_namespaces: 'true', limit: '2' });
    expect(everywhere.isError).toBe(false);
    expect(everywhere.structured).toMatchObject({ namespace: '*', returned: 2 });

    const related = await difyCall(url, 'k8s-relation-query', { resource_type: 'Deployment', resource_name: 'checkout', namespace: 'shop', kinds: '["Deployment","ReplicaSet","Pod"]', max_depth: '2' });
    expect(related.isError).toBe(false);
    expect(related.text).toContain('checkout');
  });

  it('answers a bad argument with isError text naming the argument', async () => {
    const bad = await difyCall(`${http.url}/mcp`, 'k8s-get-pods', { namespace: 'shop', limit: 'abc' });
    expect(bad.isError).toBe(true);
    expect(bad.text).toContain('"limit"');
    expect(bad.text).toContain('"abc"');
    const outOfRange = await difyCall(`${http.url}/mcp`, 'k8s-get-logs', { name: 'x', namespace: 'shop', tail_lines: '0' });
    expect(outOfRange.isError).toBe(true);
    expect(outOfRange.text).toContain('"tail_lines"');
  });

  it('answers a GET on /mcp without a session at once, so a client probing transports never hangs', async () => {
    const started = Date.now();
    const reply = await send(`${http.url}/mcp`, 'GET', { accept: 'text/event-stream' });
    expect(reply.status).toBe(400);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('Dify client behaviour over legacy SSE (raw HTTP, demo cluster)', () => {
  const variants = [
    { name: 'configured as /sse', prefix: false, path: '/sse' },
    { name: 'behind a reverse proxy at /prefix/sse', prefix: true, path: '/prefix/sse' },
    { name: 'behind a reverse proxy at /prefix/sse/ (trailing slash)', prefix: true, path: '/prefix/sse/' },
  ];
  it.for(variants)('$name: endpoint within 1 s resolved under the configured URL, POSTs 202, version echoed', async (variant) => {
    let base = http.url;
    if (variant.prefix) {
      const proxy = await startPrefixProxy(http.url);
      proxies.push(proxy.server);
      base = proxy.url;
    }
    const configured = `${base}${variant.path}`;
    const sse = await difySse(configured, '2025-06-18');
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(sse.headers['x-accel-buffering']).toBe('no');
    expect(sse.endpointDelayMs).toBeLessThan(1000);
    // Dify's check: the resolved endpoint keeps the configured scheme and host (and so the proxy prefix).
    const configuredUrl = new URL(configured);
    expect(sse.endpoint.protocol).toBe(configuredUrl.protocol);
    expect(sse.endpoint.host).toBe(configuredUrl.host);
    expect(sse.endpoint.pathname).toBe(variant.path.replace(/sse$/, 'messages').replace(/sse\/$/, 'sse/messages'));
    expect(sse.endpoint.searchParams.get('sessionId')).toMatch(/^[0-9a-f-]{36}$/);
    expect(sse.initPost.status).toBe(202);
    expect(sse.initResult.result?.['protocolVersion']).toBe('2025-06-18');
    expect(sse.initializedPost.status).toBe(202);
    expect(sse.listPost.status).toBe(202);
    expect(((sse.listResult.result as { tools: unknown[] }).tools).length).toBeGreaterThan(5);
    expect(sse.listResult.result?.['nextCursor']).toBeUndefined();
  });
});
