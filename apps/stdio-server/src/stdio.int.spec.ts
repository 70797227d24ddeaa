import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deploymentFixture, integrationTest as test, waitFor } from '@k8s-mcp/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
// A home without ~/.kube/config: "nothing configured" unless a test configures a cluster.
const home = mkdtempSync(join(tmpdir(), 'k8s-mcp-stdio-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

beforeAll(() => {
  // The interop test runs the real built entry point, as a desktop client would.
  execFileSync('npx', ['tsc', '-b', 'apps/stdio-server/tsconfig.app.json'], { cwd: root, stdio: 'inherit' });
}, 120_000);

async function connect(env: Record<string, string>) {
  const stderr: string[] = [];
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [main],
    env: { PATH: process.env['PATH'] ?? '', HOME: home, K8S_AUDIT_ENABLED: 'false', ...env },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (c: Buffer) => stderr.push(c.toString()));
  const client = new Client({ name: 'stdio-interop', version: '0' });
  await client.connect(transport);
  return { client, stderr };
}

describe('stdio server (built entry point, TS SDK client)', () => {
  test('serves the real control plane over stdio and logs only to stderr', async ({ controlPlane, namespace, admin }) => {
    await admin.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'via-stdio' } } });
    await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'stdio-app', replicas: 1 }) });
    await waitFor(async () => (await admin.apps.listNamespacedReplicaSet({ namespace })).items.length === 1, { description: 'the ReplicaSet of stdio-app' });
    const { client, stderr } = await connect({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, K8S_NAMESPACE: namespace });
    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools).toContain('k8s-get-pods');
    // Read at once, while the initial sync is (most likely) still running: served from the API.
    const result = await client.callTool({ name: 'k8s-list-resources', arguments: { kind: 'configmaps' } });
    expect((result.content as { text: string }[])[0]?.text).toContain('via-stdio');
    // The graph and summary tools wait for the sync, so their answers are complete.
    const text = async (name: string, args: Record<string, unknown>) => ((await client.callTool({ name, arguments: args })).content as { text: string }[])[0]?.text ?? '';
    expect(await text('k8s-relation-query', { query_type: 'dependents', resource_type: 'deploy', resource_name: 'stdio-app' })).toMatch(/ReplicaSet .*stdio-app-/);
    expect(await text('k8s-cluster-summary', { summary_type: 'namespace', namespace })).toMatch(/stdio-app/);
    await client.close();
    const log = stderr.join('');
    expect(log).toMatch(/serving MCP on stdio; cluster: kubeconfig/);
    // The transport was connected (banner) before the initial sync was done: clients need not wait for it.
    expect(log).toMatch(/serving MCP on stdio[\s\S]*initial sync done in [\d.]+s: (\d+)\/\1 kinds synced/);
  });

  test('serves the bundled demo cluster when no cluster is configured', async () => {
    const { client, stderr } = await connect({});
    const result = await client.callTool({ name: 'k8s-get-pods', arguments: { all_namespaces: true } });
    expect((result.content as { text: string }[])[0]?.text).toMatch(/offline snapshot/);
    await client.close();
    expect(stderr.join('')).toMatch(/demo cluster/);
  });
});

/** Spawns the built server with stdin, stdout and stderr piped. */
function spawnServer(env: Record<string, string>) {
  const child = spawn(process.execPath, [main], { env: { PATH: process.env['PATH'] ?? '', HOME: home, K8S_AUDIT_ENABLED: 'false', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('stdio server entry point (built): stdout, signals, kubeconfig', () => {
  test('keeps stdout for JSON-RPC only, even at debug level; logs are JSON lines on stderr', async ({ controlPlane }) => {
    const server = spawnServer({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, K8S_MCP_DEBUG: 'true' });
    const send = (message: object): boolean => server.child.stdin.write(`${JSON.stringify(message)}\n`);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'spec', version: '0' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'k8s-get-resource', arguments: { kind: 'NoSuchKind', name: 'x' } } });
    await waitFor(() => server.stdout().includes('"id":2') && /initial sync done/.test(server.stderr()), { description: 'the answer and the end of the initial sync', timeoutMs: 60_000 });
    server.child.stdin.end();
    expect(await server.exited, server.stderr()).toEqual({ code: 0, signal: null });
    const out = server.stdout().trim().split('\n').map((line) => JSON.parse(line) as { jsonrpc: string; id: number });
    expect(out.map((m) => [m.jsonrpc, m.id])).toEqual([
      ['2.0', 1],
      ['2.0', 2],
    ]);
    const levels = server.stderr().trim().split('\n').map((line) => (JSON.parse(line) as { level: string }).level);
    expect(levels).toContain('debug');
    expect(server.stderr()).toMatch(/"msg":"stdin closed: stopped"/);
  });

  // The earliest a test can see the server alive: its first byte on stderr (with LOG_LEVEL=DEBUG
  // before it contacts the cluster; at INFO when the initial sync starts), then a little later.
  const cases: [string, Record<string, string>, number][] = [
    ['at its first debug record', { LOG_LEVEL: 'DEBUG' }, 0],
    ['at its first debug record, again', { LOG_LEVEL: 'DEBUG' }, 0],
    ['at its first info record', {}, 0],
    ['50 ms after its first record', {}, 50],
    ['300 ms after its first record', {}, 300],
  ];
  test.for(cases)('SIGTERM %s ends in exit code 0, stdin still open', async ([, env, delay], { controlPlane }) => {
    const server = spawnServer({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, ...env });
    await new Promise<void>((resolve) => server.child.stderr.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, delay));
    server.child.kill('SIGTERM');
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
    const result = await server.exited;
    clearTimeout(timer);
    expect(result, server.stderr()).toEqual({ code: 0, signal: null });
    expect(server.stdout()).toBe('');
  });

  it.each([
    ['KUBECONFIG_PATH', '/nonexistent'],
    ['KUBECONFIG', '/nonexistent/kubeconfig'],
  ])('%s naming a missing file is a configuration error (exit 2), never the demo cluster', async (variable, path) => {
    const server = spawnServer({ [variable]: path });
    expect(await server.exited, server.stderr()).toEqual({ code: 2, signal: null });
    expect(server.stderr()).toContain(`${variable}="${path}" (from environment): no kubeconfig file exists at ${path}`);
    expect(server.stdout()).toBe('');
  });
});
