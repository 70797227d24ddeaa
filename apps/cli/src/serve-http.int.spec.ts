import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { deploymentFixture, freePort, integrationTest as test, waitFor } from '@k8s-mcp/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect } from 'vitest';

// `k8s-mcp serve http` as users run it: the built CLI in a child process, which runs the built
// HTTP server app in its own child process. Checked end to end: the flags reach the server
// (cluster, namespace, port, host), /mcp answers the TS SDK client, SIGTERM to the CLI drains
// the server and the CLI exits 0, and the server's configuration errors come back as exit 2.

const root = fileURLToPath(new URL('../../..', import.meta.url));
const main = join(root, 'apps/cli/dist/main.js');
const demoSnapshot = join(root, 'libs/k8s-client/demo/demo-cluster.json');
// A scratch working and home directory: no .env, no ~/.kube/config the test did not put there.
const scratch = mkdtempSync(join(tmpdir(), 'k8s-mcp-serve-http-int-'));

beforeAll(async () => {
  // Both apps: the CLI launches the HTTP server's dist/main.js. The lock keeps parallel test
  // files from building the same outputs at once.
  await promisify(execFile)('flock', [join(tmpdir(), 'k8s-mcp-http-server-build.lock'), 'npx', 'tsc', '-b', 'apps/cli/tsconfig.app.json', 'apps/http-server/tsconfig.app.json'], {
    cwd: root,
  });
}, 5 * 60_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));


const baseEnv = (): Record<string, string> => ({ PATH: process.env['PATH'] ?? '', HOME: scratch, K8S_AUDIT_ENABLED: 'false' });

/** Runs `k8s-mcp serve http <args>` on a free loopback port until /health says it is ready. */
async function serveHttp(args: readonly string[]) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(process.execPath, [main, 'serve', 'http', ...args, '--port', String(port), '--host', '127.0.0.1'], {
      cwd: scratch,
      env: baseEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    const health = await waitFor(
      async () => {
        if (child.exitCode !== null) return { exited: child.exitCode };
        const response = await fetch(`${base}/health`).catch(() => undefined);
        if (!response?.ok) return undefined;
        // The server listens before its initial sync is done; wait until it says it is ready.
        const body = (await response.json()) as Record<string, unknown>;
        return body['ready'] === false ? undefined : body;
      },
      { description: `k8s-mcp serve http answering ${base}/health`, timeoutMs: 120_000 },
    ).catch((error: unknown) => {
      // SIGTERM, not SIGKILL: the CLI passes it on, so the server it started does not linger.
      child.kill('SIGTERM');
      throw new Error(`${(error as Error).message}\nstderr:\n${stderr}`);
    });
    if ('exited' in health) {
      if (attempt < 3 && stderr.includes('EADDRINUSE')) continue; // the free port was taken meanwhile
      throw new Error(`k8s-mcp serve http exited ${String(health['exited'])} before serving:\n${stderr}`);
    }
    return {
      base,
      health,
      output: () => ({ stdout, stderr }),
      /** SIGTERM to the CLI (not the server): resolves with the CLI's exit code. */
      stop: async () => {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        const code = await exited;
        clearTimeout(timer);
        return code;
      },
    };
  }
}

async function mcpClient(base: string): Promise<Client> {
  const client = new Client({ name: 'cli-serve-http-interop', version: '0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
  return client;
}

/** Runs the CLI to completion (for commands that are expected to fail fast). */
function cli(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], { cwd: scratch, env: baseEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('k8s-mcp serve http', () => {
  test('serves the demo snapshot over Streamable HTTP and exits 0 after SIGTERM', async () => {
    const server = await serveHttp(['--snapshot', demoSnapshot]);
    let code: number | null | undefined;
    try {
      expect(server.health).toMatchObject({ status: 'ok', mode: 'snapshot' });
      expect(String(server.health['cluster'])).toContain('demo-cluster.json');
      const client = await mcpClient(server.base);
      try {
        expect((await client.listTools()).tools.map((t) => t.name)).toEqual(expect.arrayContaining(['k8s-describe', 'k8s-cluster-summary']));
        const result = await client.callTool({ name: 'k8s-describe', arguments: { kind: 'Deployment', name: 'checkout', namespace: 'shop' } });
        expect((result.content as { text: string }[])[0]?.text).toMatch(/^Deployment shop\/checkout \(source: offline snapshot/);
      } finally {
        await client.close();
      }
    } finally {
      code = await server.stop();
    }
    const { stdout, stderr } = server.output();
    expect(code, stderr).toBe(0);
    // The banner and logs are the server's, on stderr; stdout stays empty.
    expect(stdout).toBe('');
    expect(stderr).toContain(`HTTP server listening on ${server.base}`);
    expect(stderr).toMatch(/SIGTERM: draining \d+ MCP session\(s\)/);
  });

  test('serves the live cluster named by --kubeconfig and -n', async ({ controlPlane, namespace, admin }) => {
    await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'web', replicas: 1 }) });
    const server = await serveHttp(['--kubeconfig', controlPlane.adminKubeconfig, '-n', namespace]);
    let code: number | null | undefined;
    try {
      expect(server.health).toMatchObject({ status: 'ok', mode: 'live' });
      // stderr is a pipe: the banner is one JSON record with its facts as fields.
      expect(server.output().stderr).toContain(`"namespace":"${namespace}"`);
      const client = await mcpClient(server.base);
      try {
        expect((await client.listTools()).tools.map((t) => t.name)).toContain('k8s-describe');
        // The namespace comes from -n: the call does not name one.
        const text = await waitFor(
          async () => {
            const result = await client.callTool({ name: 'k8s-describe', arguments: { kind: 'Deployment', name: 'web' } });
            const first = (result.content as { text: string }[])[0]?.text ?? '';
            return result.isError ? undefined : first;
          },
          { description: `Deployment ${namespace}/web described`, timeoutMs: 30_000 },
        );
        expect(text).toMatch(new RegExp(`^Deployment ${namespace}/web \\(source: watch cache`));
      } finally {
        await client.close();
      }
    } finally {
      code = await server.stop();
    }
    expect(code, server.output().stderr).toBe(0);
  });

  test("exits 2 with the server's message when it refuses its configuration", async () => {
    // Beyond loopback without auth tokens: the server refuses to start.
    const refused = await cli(['serve', 'http', '--demo', '--host', '0.0.0.0', '--port', String(await freePort())]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('refusing to listen on 0.0.0.0 without authentication');
    expect(refused.stderr).toMatch(/k8s-mcp serve http: the HTTP server refused its configuration \(exit code 2; see above\)\n$/);
  });
});
