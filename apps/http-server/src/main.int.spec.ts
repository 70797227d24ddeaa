import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, integrationTest as test, waitFor } from '@k8s-mcp/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built entry point (dist/main.js) as a process manager runs it: how it logs (LOG_LEVEL,
// K8S_MCP_DEBUG, JSON lines on a pipe, K8S_MCP_LOG_DIR), which kubeconfig mistakes stop it
// (exit 2), and that SIGTERM ends it with exit code 0 whenever it arrives.

const root = fileURLToPath(new URL('../../..', import.meta.url));
const main = join(root, 'apps/http-server/dist/main.js');
const run = promisify(execFile);
// A home without ~/.kube/config: "nothing configured" unless a test configures a cluster.
const home = mkdtempSync(join(tmpdir(), 'k8s-mcp-main-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

beforeAll(async () => {
  // The lock keeps parallel test files from building the same outputs at once.
  await run('flock', [join(tmpdir(), 'k8s-mcp-http-server-build.lock'), 'npx', 'tsc', '-b', 'apps/http-server/tsconfig.app.json'], { cwd: root });
}, 5 * 60_000);

interface Spawned {
  readonly child: ChildProcessWithoutNullStreams;
  readonly base: string;
  stderr(): string;
  /** Resolves with the exit code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function spawnServer(env: Record<string, string>): Promise<Spawned> {
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env['PATH'] ?? '', HOME: home, K8S_MCP_HOST: '127.0.0.1', K8S_MCP_PORT: String(port), K8S_AUDIT_ENABLED: 'false', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, base: `http://127.0.0.1:${port}`, stderr: () => stderr, exited };
}

interface LogRecord {
  readonly level: string;
  readonly time: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** stderr as log records; fails when a line is not one (a pipe gets JSON lines only). */
function records(stderr: string): LogRecord[] {
  return stderr
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const record = JSON.parse(line) as LogRecord;
      expect(record, line).toMatchObject({ level: expect.stringMatching(/^(debug|info|warn|error)$/), time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), msg: expect.any(String) });
      return record;
    });
}

async function listening(server: Spawned): Promise<LogRecord> {
  let found: LogRecord | undefined;
  await waitFor(
    () => {
      if (server.child.exitCode !== null) throw new Error(`the server exited ${server.child.exitCode}:\n${server.stderr()}`);
      found = records(server.stderr().slice(0, server.stderr().lastIndexOf('\n') + 1)).find((r) => r.msg.includes(' HTTP server listening on '));
      return found !== undefined;
    },
    { description: 'the "listening on" record', timeoutMs: 60_000 },
  );
  return found as LogRecord;
}

async function stop(server: Spawned): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  const result = await server.exited;
  clearTimeout(timer);
  return result;
}

describe('HTTP server entry point: stop signals', () => {
  // The earliest moment a test can see: the first byte the server writes. With LOG_LEVEL=DEBUG
  // that is its first record, before it contacts the cluster; at INFO it is the start of the
  // initial sync; the delays reach into the listing, binding the port and the banner.
  const cases: [string, Record<string, string>, number][] = [
    ['at its first debug record (before the runtime starts)', { LOG_LEVEL: 'DEBUG' }, 0],
    ['at its first debug record, again', { LOG_LEVEL: 'DEBUG' }, 0],
    ['at its first info record (the initial sync starts)', {}, 0],
    ['at its first info record, again', {}, 0],
    ['20 ms after its first record', {}, 20],
    ['100 ms after its first record', {}, 100],
    ['300 ms after its first record', {}, 300],
  ];
  test.for(cases)('SIGTERM %s ends in exit code 0', async ([, env, delay], { controlPlane }) => {
    const server = await spawnServer({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, MONITORING_ENABLED: 'false', ...env });
    await new Promise<void>((resolve) => server.child.stderr.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, delay));
    const result = await stop(server);
    expect(result, `server log:\n${server.stderr()}`).toEqual({ code: 0, signal: null });
    expect(server.stderr()).toMatch(/SIGTERM/);
  });

  test('SIGINT while listening drains and exits 0', async ({ controlPlane }) => {
    const server = await spawnServer({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, MONITORING_ENABLED: 'false' });
    await listening(server);
    server.child.kill('SIGINT');
    expect(await server.exited, server.stderr()).toEqual({ code: 0, signal: null });
    expect(records(server.stderr()).map((r) => r.msg)).toContain('SIGINT: draining 0 MCP session(s), then stopping the informers');
  });
});

describe('HTTP server entry point: logging', () => {
  test('writes JSON lines on a pipe, with the banner as fields', async ({ controlPlane }) => {
    const server = await spawnServer({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, MONITORING_ENABLED: 'false' });
    const banner = await listening(server);
    expect(banner).toMatchObject({ level: 'info', url: server.base, namespace: 'default', safety: 'read-only; auth off', cluster: expect.stringMatching(/^kubeconfig /) });
    expect(await stop(server)).toEqual({ code: 0, signal: null });
    const messages = records(server.stderr()).map((r) => r.msg);
    expect(messages).toContain('initial sync: listing every kind');
    expect(messages).not.toEqual(expect.arrayContaining([expect.stringMatching(/^\[(info|warn|error)\]/)]));
  });

  test('LOG_LEVEL=ERROR keeps a healthy start-up and shutdown silent', async ({ controlPlane }) => {
    const server = await spawnServer({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, MONITORING_ENABLED: 'false', LOG_LEVEL: 'ERROR' });
    await waitFor(async () => fetch(`${server.base}/health`).then((r) => r.ok, () => false), { description: '/health answering', timeoutMs: 60_000 });
    expect(await stop(server)).toEqual({ code: 0, signal: null });
    expect(server.stderr()).toBe('');
  });

  test('K8S_MCP_DEBUG logs debug records, but a failing tool call answers without a stack', async ({ controlPlane }) => {
    const server = await spawnServer({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, MONITORING_ENABLED: 'false', K8S_MCP_DEBUG: 'true', LOG_LEVEL: 'ERROR' });
    await listening(server);
    const client = new Client({ name: 'main-spec', version: '0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.base}/mcp`)));
    const answer = await client.callTool({ name: 'k8s-get-resource', arguments: { kind: 'NoSuchKind', name: 'x' } });
    await client.close();
    expect(answer.isError).toBe(true);
    expect(JSON.stringify(answer.content)).not.toMatch(/\n\s+at |\.js:\d+/);
    expect(await stop(server)).toEqual({ code: 0, signal: null });
    expect(records(server.stderr()).filter((r) => r.level === 'debug').length).toBeGreaterThan(0);
  });

  test('logs an SSE client that resets its connection at debug, without a stack', async () => {
    const server = await spawnServer({ LOG_LEVEL: 'DEBUG' });
    await listening(server);
    const socket = await new Promise<Socket>((resolve, reject) => {
      const req = request(`${server.base}/sse`, { headers: { accept: 'text/event-stream' } }, (res) => {
        expect(res.statusCode).toBe(200);
        res.once('data', () => resolve(res.socket));
      });
      req.on('error', reject);
      req.end();
    });
    socket.resetAndDestroy();
    await waitFor(() => /client disconnected: GET \/sse/.test(server.stderr()), { description: 'the disconnect record', timeoutMs: 10_000 });
    expect(await stop(server)).toEqual({ code: 0, signal: null });
    const disconnects = records(server.stderr()).filter((r) => r.msg.includes('client disconnected'));
    expect(disconnects.map((r) => r.level)).toEqual(['debug']);
    expect(server.stderr()).not.toMatch(/Error: read ECONNRESET|\bat .*\(node:/);
  });

  it('writes k8s-mcp.log, error.log and the audit log to K8S_MCP_LOG_DIR (nothing configured: the demo cluster)', async () => {
    const logDir = join(mkdtempSync(join(tmpdir(), 'k8s-mcp-logdir-')), 'logs');
    const server = await spawnServer({ K8S_MCP_LOG_DIR: logDir, K8S_AUDIT_ENABLED: 'true' });
    try {
      const banner = await listening(server);
      expect(banner).toMatchObject({ demo: true, cluster: expect.stringMatching(/bundled demo cluster/) });
      expect(await fetch(`${server.base}/health`).then(async (r) => (await r.json()) as unknown)).toMatchObject({ mode: 'demo', demo: true });
      const client = new Client({ name: 'main-spec', version: '0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${server.base}/mcp`)));
      await client.callTool({ name: 'k8s-get-pods', arguments: { namespace: 'shop' } });
      await client.close();
      expect(await stop(server)).toEqual({ code: 0, signal: null });
      const file = (name: string) => readFileSync(join(logDir, name), 'utf8');
      expect(records(file('k8s-mcp.log')).map((r) => r.msg)).toEqual(records(server.stderr()).map((r) => r.msg));
      expect(file('k8s-mcp.log')).toMatch(/HTTP server listening on/);
      expect(file('error.log')).toBe('');
      expect(file('audit.log')).toMatch(/"tool":"k8s-get-pods"/);
    } finally {
      rmSync(join(logDir, '..'), { recursive: true, force: true });
    }
  });
});

describe('HTTP server entry point: kubeconfig', () => {
  it.each([
    ['KUBECONFIG_PATH', '/nonexistent'],
    ['KUBECONFIG', '/nonexistent/kubeconfig'],
  ])('%s naming a missing file is a configuration error (exit 2), never the demo cluster', async (variable, path) => {
    const server = await spawnServer({ [variable]: path });
    const result = await server.exited;
    expect(result, server.stderr()).toEqual({ code: 2, signal: null });
    expect(server.stderr()).toContain(`${variable}="${path}" (from environment): no kubeconfig file exists at ${path}; point ${variable} at an existing kubeconfig file`);
    expect(server.stderr()).not.toContain('listening on');
  });
});
