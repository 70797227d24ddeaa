import { execFile, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { deploymentFixture, freePort, integrationTest as test, waitFor } from '@k8s-mcp/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { beforeAll, describe, expect } from 'vitest';

// Start-up of the built HTTP server on the real control plane: it listens before the initial
// sync is done, says so in its banner and on /health, serves reads meanwhile, and reports the
// graph when the sync completes.

const root = fileURLToPath(new URL('../../..', import.meta.url));
const main = join(root, 'apps/http-server/dist/main.js');
const run = promisify(execFile);

beforeAll(async () => {
  // The lock keeps parallel test files from building the same outputs at once.
  await run('flock', [join(tmpdir(), 'k8s-mcp-http-server-build.lock'), 'npx', 'tsc', '-b', 'apps/http-server/tsconfig.app.json'], { cwd: root });
}, 5 * 60_000);


/** Spawns the built server and resolves once it logged "listening on" (with the stderr seen so far). */
async function startBuiltServer(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir(), K8S_MCP_HOST: '127.0.0.1', K8S_MCP_PORT: String(port), K8S_AUDIT_ENABLED: 'false', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const banner = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" within 60 s:\n${stderr}`)), 60_000);
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      // stderr is a pipe: JSON lines, the banner one record with its facts as fields.
      if (/listening on http:\/\/[^\s"]+.*\n/.test(stderr)) {
        clearTimeout(timer);
        resolve(stderr);
      }
    });
    void exited.then((code) => reject(new Error(`the server exited ${code}:\n${stderr}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    banner,
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

interface Health {
  readonly status: string;
  readonly ready: boolean;
  readonly mode: string;
}
const health = async (base: string): Promise<{ code: number; body: Health }> => {
  const reply = await fetch(`${base}/health`);
  return { code: reply.status, body: (await reply.json()) as Health };
};

describe('HTTP server start-up (built entry point, real control plane)', () => {
  test('listens before the initial sync is done, serves reads meanwhile and reports the graph once synced', async ({ controlPlane, admin, namespace }) => {
    await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'boot-app', replicas: 1 }) });
    await waitFor(async () => (await admin.apps.listNamespacedReplicaSet({ namespace })).items.length === 1, { description: 'the ReplicaSet of boot-app' });
    const server = await startBuiltServer({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, K8S_NAMESPACE: namespace, MONITORING_ENABLED: 'false' });
    let exitCode: number | null | undefined;
    try {
      // The banner is written on listening, before any informer could have listed its kind.
      expect(server.banner).toContain('"intelligent":"on (knowledge graph built when the initial sync is done)"');
      expect(server.banner).toContain('"sync":"initial sync in progress');
      expect(server.banner).not.toMatch(/initial sync done/);

      // /health answers 200 throughout, and its status matches its ready flag.
      const first = await health(server.base);
      expect(first.code).toBe(200);
      expect(first.body).toMatchObject({ mode: 'live', status: first.body.ready ? 'ok' : 'starting' });

      const client = new Client({ name: 'startup-spec', version: '0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${server.base}/mcp`)));
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('k8s-relation-query');
      const text = async (name: string, args: Record<string, unknown>) => ((await client.callTool({ name, arguments: args })).content as { text: string }[])[0]?.text ?? '';
      expect(await text('k8s-get-deployments', {})).toMatch(/boot-app/);
      // Waits for the sync: the complete answer.
      expect(await text('k8s-relation-query', { query_type: 'dependents', resource_type: 'deploy', resource_name: 'boot-app' })).toMatch(/ReplicaSet .*boot-app-/);
      await client.close();

      await waitFor(() => /ready: initial sync done; intelligent: on \(knowledge graph [1-9]\d* nodes, [1-9]\d* edges\)/.test(server.stderr()), { description: 'the "ready" log line' });
      expect(server.stderr()).toMatch(/initial sync done in [\d.]+s: (\d+)\/\1 kinds synced/);
      expect((await health(server.base)).body).toMatchObject({ status: 'ok', ready: true, mode: 'live' });
    } finally {
      exitCode = await server.stop();
    }
    expect(exitCode, `graceful shutdown; server log:\n${server.stderr()}`).toBe(0);
  });

  test('stops gracefully when signalled during the initial sync', async ({ controlPlane }) => {
    const server = await startBuiltServer({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, MONITORING_ENABLED: 'false' });
    expect(server.banner).toMatch(/initial sync in progress/);
    const exitCode = await server.stop();
    expect(exitCode, `server log:\n${server.stderr()}`).toBe(0);
    expect(server.stderr()).toMatch(/SIGTERM: draining 0 MCP session\(s\), then stopping the informers/);
  });
});
