import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMcpServer } from '@k8s-mcp/mcp-server';
import { createMonitoring } from '@k8s-mcp/metrics';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApp, type HttpAppOptions } from './app.js';
import { AuthTokenError } from './named-tokens.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(options: Partial<HttpAppOptions> = {}): Promise<number> {
  const { app } = createHttpApp({ stateless: true, createMcpServer: () => createMcpServer({ name: 'k8s-mcp', version: '0.0.1' }), ...options });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return (server.address() as AddressInfo).port;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function http(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
});
const mcpHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe('createHttpApp', () => {
  it('answers GET /health with {"status":"ok"} on an ephemeral port', async () => {
    const port = await listen();
    const reply = await http(port, 'GET', '/health');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(reply.body)).toEqual({ status: 'ok' });
  });

  it('answers 404 for unknown paths', async () => {
    const port = await listen();
    expect((await http(port, 'GET', '/nope')).status).toBe(404);
  });

  it('serves MCP over stateless Streamable HTTP to the SDK client', async () => {
    const port = await listen();
    const client = new Client({ name: 'spec', version: '0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
    try {
      expect(client.getServerVersion()).toEqual({ name: 'k8s-mcp', version: '0.0.1' });
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['k8s-mcp-info']);
      const result = await client.callTool({ name: 'k8s-mcp-info', arguments: {} });
      expect(result.structuredContent).toEqual({ name: 'k8s-mcp', version: '0.0.1' });
    } finally {
      await client.close();
    }
  });

  it('echoes a supported protocol version on initialize', async () => {
    const port = await listen();
    const reply = await http(port, 'POST', '/mcp', mcpHeaders, initialize);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('"protocolVersion":"2025-06-18"');
  });

  it('answers GET and DELETE /mcp with 405 in stateless mode', async () => {
    const port = await listen();
    for (const method of ['GET', 'DELETE']) {
      const reply = await http(port, method, '/mcp');
      expect(reply.status).toBe(405);
      expect(reply.headers['allow']).toBe('POST');
    }
  });

  it('answers malformed JSON with a JSON-RPC parse error', async () => {
    const port = await listen();
    const reply = await http(port, 'POST', '/mcp', mcpHeaders, '{not json');
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toMatchObject({ error: { code: -32700 } });
  });

  it('rejects bodies over the size limit', async () => {
    const port = await listen({ maxBodyBytes: 100 });
    expect((await http(port, 'POST', '/mcp', mcpHeaders, initialize)).status).toBe(413);
  });

  it('requires a listed bearer token on /mcp when tokens are configured', async () => {
    const port = await listen({ authTokens: ['s3cret', 'other'] });
    const none = await http(port, 'POST', '/mcp', mcpHeaders, initialize);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="k8s-mcp"');
    expect((await http(port, 'POST', '/mcp', { ...mcpHeaders, authorization: 'Bearer wrong' }, initialize)).status).toBe(401);
    expect((await http(port, 'POST', '/mcp', { ...mcpHeaders, authorization: 'Bearer other' }, initialize)).status).toBe(200);
    expect((await http(port, 'GET', '/health')).status).toBe(200);
  });

  it('rejects Host headers not in the allowed list, except on /health', async () => {
    const port = await listen({ allowedHosts: ['mcp.example.com', 'host.docker.internal:8766'] });
    expect((await http(port, 'POST', '/mcp', { ...mcpHeaders, host: 'evil.example' }, initialize)).status).toBe(403);
    expect((await http(port, 'POST', '/mcp', { ...mcpHeaders, host: 'mcp.example.com:1234' }, initialize)).status).toBe(200);
    expect((await http(port, 'POST', '/mcp', { ...mcpHeaders, host: 'host.docker.internal:8766' }, initialize)).status).toBe(200);
    expect((await http(port, 'GET', '/health', { host: 'evil.example' })).status).toBe(200);
  });

  it('accepts only loopback Host names when bound to loopback without an allowlist (DNS rebinding)', async () => {
    const port = await listen({ listenHost: '127.0.0.1', monitoring: createMonitoring() });
    for (const path of ['/mcp', '/sse', '/metrics']) {
      const method = path === '/mcp' ? 'POST' : 'GET';
      const evil = await http(port, method, path, { ...mcpHeaders, host: `evil.example:${port}` }, method === 'POST' ? initialize : undefined);
      expect(evil.status, path).toBe(403);
      expect(JSON.parse(evil.body)).toEqual({ error: `Host "evil.example:${port}" is not allowed; add it to K8S_MCP_ALLOWED_HOSTS` });
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost']) {
      expect((await http(port, 'POST', '/mcp', { ...mcpHeaders, host }, initialize)).status, host).toBe(200);
    }
    expect((await http(port, 'GET', '/health', { host: 'evil.example' })).status).toBe(200);
  });

  it('accepts any Host when bound beyond loopback without an allowlist', async () => {
    const port = await listen({ listenHost: '0.0.0.0' });
    for (const host of ['host.docker.internal:8766', '10.0.0.12:30080', 'mcp.example.com']) {
      expect((await http(port, 'POST', '/mcp', { ...mcpHeaders, host }, initialize)).status, host).toBe(200);
    }
  });

  it('puts the monitoring endpoints behind the token when auth is on, except /health', async () => {
    const port = await listen({ authTokens: ['prometheus=scrape-token'], monitoring: createMonitoring() });
    for (const path of ['/metrics', '/metrics/prometheus', '/metrics/history', '/metrics/summary', '/performance', '/alerts', '/intelligent/status', '/intelligent/health']) {
      const refused = await http(port, 'GET', path);
      expect(refused.status, path).toBe(401);
      expect(refused.headers['www-authenticate']).toBe('Bearer realm="k8s-mcp"');
      expect((await http(port, 'GET', path, { authorization: 'Bearer scrape-token' })).status, path).not.toBe(401);
    }
    expect((await http(port, 'GET', '/metrics/prometheus', { authorization: 'Bearer scrape-token' })).status).toBe(200);
    expect((await http(port, 'GET', '/health')).status).toBe(200);
  });

  it('serves the monitoring endpoints without a token when monitoringPublic is set (MCP still needs one)', async () => {
    const port = await listen({ authTokens: ['t'], monitoringPublic: true, monitoring: createMonitoring() });
    expect((await http(port, 'GET', '/metrics')).status).toBe(200);
    expect((await http(port, 'GET', '/metrics/prometheus')).status).toBe(200);
    expect((await http(port, 'POST', '/mcp', mcpHeaders, initialize)).status).toBe(401);
  });

  it('refuses a token list that gives one name two tokens', () => {
    expect(() => createHttpApp({ createMcpServer: () => createMcpServer({ name: 'k8s-mcp', version: '0' }), authTokens: ['a=x', 'a=y'] })).toThrow(AuthTokenError);
  });
});
