import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, waitFor } from '@k8s-mcp/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built HTTP server (dist/main.js, demo cluster) configured only through its environment:
// named tokens in the audit log, sessions bound to their token, the session cap, the loopback
// Host check, monitoring behind the token, and the empty batch.

const root = fileURLToPath(new URL('../../..', import.meta.url));
const main = join(root, 'apps/http-server/dist/main.js');
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-http-security-'));

beforeAll(async () => {
  // The lock keeps parallel test files from building the same outputs at once.
  await run('flock', [join(tmpdir(), 'k8s-mcp-http-server-build.lock'), 'npx', 'tsc', '-b', 'apps/http-server/tsconfig.app.json'], { cwd: root });
}, 5 * 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ALICE = 'alice-token-0123456789';
const BARE = 'bare-token-9876543210';

/** Starts the built server and waits for /health (not for a log line: the log format is not this test's business). */
async function startBuiltServer(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env['PATH'] ?? '', HOME: dir, K8S_MCP_HOST: '127.0.0.1', K8S_MCP_PORT: String(port), K8S_MCP_DEMO: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`the server exited ${child.exitCode}:\n${output}`);
      return fetch(`${base}/health`).then((r) => r.ok, () => false);
    },
    { description: 'the built server answering /health', timeoutMs: 60_000 },
  );
  return {
    base,
    port,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP (fetch cannot set Host). */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
});

describe('the built HTTP server hardening', () => {
  it('names callers in the audit log, binds sessions to their token, caps sessions, checks Host and guards monitoring', async () => {
    const auditLog = join(dir, 'audit.log');
    const server = await startBuiltServer({
      K8S_MCP_AUTH_TOKENS: `alice=${ALICE},${BARE}`,
      K8S_AUDIT_LOG: auditLog,
      K8S_MCP_MAX_SESSIONS: '2',
      MONITORING_ENABLED: 'true',
    });
    const transport = new StreamableHTTPClientTransport(new URL(`${server.base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${ALICE}` } } });
    const client = new Client({ name: 'alice', version: '0' });
    try {
      // Item 4: the audit record names the token, the transport and the session.
      await client.connect(transport);
      await client.callTool({ name: 'k8s-get-pods', arguments: { namespace: 'default' } });
      const sid = transport.sessionId as string;
      const records = await waitFor(
        () => {
          const lines = readFileSync(auditLog, 'utf8').trim().split('\n').filter(Boolean);
          return lines.length > 0 ? lines.map((l) => JSON.parse(l) as Record<string, unknown>) : undefined;
        },
        { description: 'an audit record', timeoutMs: 10_000 },
      );
      expect(records.find((r) => r['tool'] === 'k8s-get-pods')).toMatchObject({ caller: 'alice', transport: 'streamable-http', session: sid });

      // Item 5: the other token on alice's session is 403, and logged by name and fingerprint only
      // (a JSON log line escapes the quotes).
      const stolen = await send(server.port, 'POST', '/mcp', { ...json, authorization: `Bearer ${BARE}`, 'mcp-session-id': sid, 'mcp-protocol-version': '2025-06-18' }, JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }));
      expect(stolen.status).toBe(403);
      await waitFor(() => /refused a request from \\?"sha256:[0-9a-f]{12}\\?" on streamable-http session \S+, opened by \\?"alice\\?"/.test(server.output()), { description: 'the refusal in the log', timeoutMs: 5000 });
      expect(server.output()).not.toContain(ALICE);
      expect(server.output()).not.toContain(BARE);

      // Item 15: an empty batch is one Invalid Request error.
      const empty = await send(server.port, 'POST', '/mcp', { ...json, authorization: `Bearer ${ALICE}` }, '[]');
      expect(empty.status).toBe(400);
      expect(JSON.parse(empty.body)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });

      // Item 13: K8S_MCP_MAX_SESSIONS=2: alice's session, one more, then 503 with Retry-After.
      const auth = { ...json, authorization: `Bearer ${ALICE}` };
      expect((await send(server.port, 'POST', '/mcp', auth, initialize)).status).toBe(200);
      const over = await send(server.port, 'POST', '/mcp', auth, initialize);
      expect(over.status).toBe(503);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);

      // Item 14: bound to 127.0.0.1 with no K8S_MCP_ALLOWED_HOSTS, a rebinding Host is refused everywhere but /health.
      const evil = `evil.example:${server.port}`;
      expect((await send(server.port, 'POST', '/mcp', { ...auth, host: evil }, initialize)).status).toBe(403);
      expect((await send(server.port, 'GET', '/metrics', { authorization: `Bearer ${ALICE}`, host: evil })).status).toBe(403);
      expect((await send(server.port, 'GET', '/health', { host: evil })).status).toBe(200);
      expect((await send(server.port, 'GET', '/metrics', { authorization: `Bearer ${ALICE}`, host: `localhost:${server.port}` })).status).toBe(200);

      // Monitoring needs the token when auth is on (K8S_MCP_MONITORING_PUBLIC unset); /health does not.
      expect((await send(server.port, 'GET', '/metrics/prometheus', {})).status).toBe(401);
      expect((await send(server.port, 'GET', '/metrics/prometheus', { authorization: `Bearer ${BARE}` })).status).toBe(200);
      expect((await send(server.port, 'GET', '/health', {})).status).toBe(200);
    } finally {
      await client.close().catch(() => undefined);
      await server.stop();
    }
  }, 120_000);

  it('opens the monitoring endpoints with K8S_MCP_MONITORING_PUBLIC=true and accepts any Host beyond loopback', async () => {
    const server = await startBuiltServer({ K8S_MCP_AUTH_TOKENS: ALICE, K8S_MCP_MONITORING_PUBLIC: 'true', K8S_MCP_HOST: '0.0.0.0', K8S_AUDIT_ENABLED: 'false' });
    try {
      expect((await send(server.port, 'GET', '/metrics', { host: 'host.docker.internal:8766' })).status).toBe(200);
      expect((await send(server.port, 'POST', '/mcp', { ...json, host: 'host.docker.internal:8766' }, initialize)).status).toBe(401);
      expect((await send(server.port, 'POST', '/mcp', { ...json, host: 'host.docker.internal:8766', authorization: `Bearer ${ALICE}` }, initialize)).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
