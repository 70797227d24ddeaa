import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@k8s-mcp/testing';

// The MCP conformance suite (npm @modelcontextprotocol/conformance, pinned in the root
// package.json) against /mcp of the built HTTP server on the bundled demo cluster. Scenarios that
// need the suite's fixture tools, prompts or resources fail on a real server; they are listed with
// their reasons in tools/interop/conformance-baseline.json, and the failures must equal that list
// exactly: every other scenario passes, and a scenario that starts passing must leave the baseline.

const root = fileURLToPath(new URL('../../..', import.meta.url));
const main = join(root, 'apps/http-server/dist/main.js');
const conformance = join(root, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const run = promisify(execFile);
const outputs: string[] = [];

beforeAll(async () => {
  // The lock keeps parallel test files from building the same outputs at once.
  await run('flock', [join(tmpdir(), 'k8s-mcp-http-server-build.lock'), 'npx', 'tsc', '-b', 'apps/http-server/tsconfig.app.json'], { cwd: root });
}, 5 * 60_000);

afterAll(() => {
  for (const dir of outputs) rmSync(dir, { recursive: true, force: true });
});


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

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | string;
  errorMessage?: string;
}

/** Runs the suite against `url` and returns, per scenario, its failed checks (an empty list: passed). */
async function runConformance(url: string, selection: string[]): Promise<Map<string, string[]>> {
  const out = mkdtempSync(join(tmpdir(), 'k8s-mcp-conformance-'));
  outputs.push(out);
  // Exit status 1 only means some scenario failed; the results are read from the output directory.
  await run(process.execPath, [conformance, 'server', '--url', url, ...selection, '--output-dir', out], { timeout: 5 * 60_000 }).catch((error: { code?: unknown }) => {
    if (error.code !== 1) throw error;
  });
  const results = new Map<string, string[]>();
  for (const dir of readdirSync(out)) {
    const scenario = /^server-(.+)-\d{4}-\d\d-\d\dT[\d-]+Z$/.exec(dir)?.[1];
    if (!scenario) throw new Error(`runConformance: unexpected result directory ${dir}`);
    const checks = JSON.parse(readFileSync(join(out, dir, 'checks.json'), 'utf8')) as Check[];
    results.set(
      scenario,
      checks.filter((c) => c.status === 'FAILURE').map((c) => `${c.id}: ${c.errorMessage ?? ''}`),
    );
  }
  return results;
}

const baseline = JSON.parse(readFileSync(join(root, 'tools/interop/conformance-baseline.json'), 'utf8')) as {
  expectedFailures: Record<string, string>;
  knownServerBugs?: Record<string, string>;
};

describe('MCP conformance suite against /mcp of the built server (demo cluster)', () => {
  it('fails exactly the baselined scenarios and passes every other one', async () => {
    const { stdout } = await run(process.execPath, [conformance, 'list', '--server']);
    const active = [...stdout.matchAll(/^\s+- (\S+)$/gm)].map((m) => m[1] as string);
    expect(active.length).toBeGreaterThan(20);

    const server = await startBuiltServer({ K8S_MCP_DEMO: 'true', MONITORING_ENABLED: 'false' });
    let results: Map<string, string[]>;
    try {
      results = await runConformance(`${server.url}/mcp`, ['--suite', 'all']);
    } finally {
      await server.stop();
    }
    expect([...results.keys()]).toEqual(expect.arrayContaining(active)); // every active scenario ran (pending ones too)
    const failed = Object.fromEntries([...results].filter(([, f]) => f.length > 0));
    const expected = [...Object.keys(baseline.expectedFailures), ...Object.keys(baseline.knownServerBugs ?? {})].sort();
    // On a mismatch the diff shows the failed checks of an unexpected failure, or a baselined scenario that now passes.
    expect(Object.keys(failed).sort(), JSON.stringify(failed, null, 2)).toEqual(expected);
    expect(results.get('server-initialize')).toEqual([]);
    expect(results.get('tools-list')).toEqual([]);
  });

  it('passes dns-rebinding-protection once K8S_MCP_ALLOWED_HOSTS names the loopback hosts', async () => {
    const server = await startBuiltServer({ K8S_MCP_DEMO: 'true', MONITORING_ENABLED: 'false', K8S_MCP_ALLOWED_HOSTS: 'localhost,127.0.0.1' });
    let results: Map<string, string[]>;
    try {
      results = await runConformance(`${server.url}/mcp`, ['--scenario', 'dns-rebinding-protection']);
    } finally {
      await server.stop();
    }
    expect(Object.fromEntries(results)).toEqual({ 'dns-rebinding-protection': [] });
  });
});
