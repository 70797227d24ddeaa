import { execFile, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, integrationTest as test, podFixture } from '@k8s-mcp/testing';
import { beforeAll, describe, expect } from 'vitest';

// The official Python `mcp` SDK (PyPI, pinned in tools/interop/requirements.txt) as a Python user
// runs it: its high-level Client, default settings, against the built HTTP server entry point on
// the real control plane. The venv is made by tools/interop/setup-python.sh; a machine that cannot
// make it fails this file (it never skips).

const root = fileURLToPath(new URL('../../..', import.meta.url));
const main = join(root, 'apps/http-server/dist/main.js');
const run = promisify(execFile);
let python = '';

beforeAll(async () => {
  const setup = new Promise<string>((resolve, reject) => {
    // Progress (venv creation, pip install) goes straight to the test log.
    const child = spawn('bash', [join(root, 'tools/interop/setup-python.sh')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out.trim().split('\n').pop() ?? '') : reject(new Error(`tools/interop/setup-python.sh failed (exit ${code}); see its messages above`)),
    );
  });
  // The lock keeps parallel test files from building the same outputs at once.
  const build = run('flock', [join(tmpdir(), 'k8s-mcp-http-server-build.lock'), 'npx', 'tsc', '-b', 'apps/http-server/tsconfig.app.json'], { cwd: root });
  [python] = await Promise.all([setup, build.then(() => undefined)]);
}, 15 * 60_000); // a cold venv downloads from PyPI


/** Starts the built server (dist/main.js) on a free loopback port; `stop` sends SIGTERM and returns the exit code. */
async function startBuiltServer(env: Record<string, string>) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? tmpdir(), K8S_MCP_HOST: '127.0.0.1', K8S_MCP_PORT: String(port), K8S_AUDIT_ENABLED: 'false', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 90_000);
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        // stderr is a pipe: JSON log lines, the URL ends at the closing quote.
        const found = /listening on (http:\/\/[^\s"]+)/.exec(stderr)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      });
      void exited.then(() => resolve(undefined));
    });
    if (url) {
      return {
        url,
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
    child.kill('SIGKILL');
    if (attempt < 3 && stderr.includes('EADDRINUSE')) continue; // the free port was taken meanwhile
    throw new Error(`the built HTTP server did not start listening:\n${stderr}`);
  }
}

interface PythonResult {
  sdk: string;
  transport: string;
  protocolVersion: string;
  serverInfo: { name: string; version: string } | null;
  tools: { name: string; inputSchema: Record<string, unknown> }[];
  nextCursor: string | null;
  call: { isError: boolean; content: { type: string; text?: string }[]; structuredContent: { rows: string[][]; returned: number } | null };
}

async function runPythonClient(transport: 'sse' | 'streamable-http', url: string, tool: string, args: object): Promise<PythonResult> {
  const script = join(root, 'tools/interop/mcp_sdk_client.py');
  try {
    const { stdout } = await run(python, [script, '--transport', transport, '--url', url, '--tool', tool, '--arguments', JSON.stringify(args)], { timeout: 120_000 });
    return JSON.parse(stdout) as PythonResult;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`the Python client failed over ${transport}: ${e.stdout || e.message}\n${e.stderr ?? ''}`);
  }
}

describe('Python mcp SDK client against the built HTTP server (real control plane)', () => {
  test('lists the tools and reads a planted pod over SSE and over Streamable HTTP', async ({ controlPlane, admin, namespace }) => {
    await admin.core.createNamespacedPod({ namespace, body: podFixture('planted-web') });
    const server = await startBuiltServer({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, MONITORING_ENABLED: 'false' });
    let exitCode: number | null | undefined;
    try {
      // One server, both transports at once: two independent Python clients.
      const results = await Promise.all([
        runPythonClient('sse', `${server.url}/sse`, 'k8s-get-pods', { namespace }),
        runPythonClient('streamable-http', `${server.url}/mcp`, 'k8s-get-pods', { namespace }),
      ]);
      for (const result of results) {
        const where = `over ${result.transport}`;
        expect(result.sdk, where).toMatch(/^mcp 2\./);
        expect(result.serverInfo?.name, where).toBe('k8s-mcp');
        expect(result.protocolVersion, where).toBe('2025-11-25'); // the SDK's newest handshake version, echoed
        expect(result.tools.map((t) => t.name), where).toEqual(expect.arrayContaining(['k8s-get-pods', 'k8s-get-logs', 'k8s-describe-pod']));
        expect(result.nextCursor, where).toBeNull();

        expect(result.call.isError, where).toBe(false);
        const text = result.call.content.map((c) => c.text ?? '').join('\n');
        expect(text, where).toMatch(new RegExp(`^Pod in namespace ${namespace}: 1 returned`));
        expect(text, where).toContain('planted-web');
        // The SDK validated structuredContent against the tool's outputSchema before handing it over.
        expect(result.call.structuredContent?.returned, where).toBe(1);
        expect(result.call.structuredContent?.rows[0]?.[1], where).toBe('planted-web');
      }
      expect(results.map((r) => r.transport)).toEqual(['sse', 'streamable-http']);
    } finally {
      exitCode = await server.stop();
    }
    expect(exitCode, `graceful shutdown; server log:\n${server.stderr()}`).toBe(0);
    expect(server.stderr()).toContain(`"cluster":"kubeconfig ${controlPlane.adminKubeconfig}`);
  });
});
