import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { integrationTest } from '@k8s-mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The npm packages as a consumer gets them: built, `npm pack`ed, installed from the tarballs into
// a scratch project outside the workspace (third-party dependencies from the registry or the npm
// cache), then used: the README examples run, a TypeScript consumer type-checks, the CLI bin
// runs. Only the sync example needs a cluster (the real control plane).

const root = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);

/** Workspaces published to npm, in dependency order. */
const PUBLISHED = ['libs/config', 'libs/k8s-client', 'libs/sync', 'libs/graph', 'libs/summary', 'libs/metrics', 'libs/mcp-server', 'libs/runtime', 'apps/cli'];
/** Workspaces that stay private: the servers are deployed (image, manifests, systemd), testing drives this repo's control plane. */
const PRIVATE = ['libs/testing', 'apps/http-server', 'apps/stdio-server'];
const README_MARK = '<!-- tested: apps/http-server/src/npm-packages.int.spec.ts runs this block from the packed tarball -->';

interface PackedFile {
  readonly path: string;
}
interface Packed {
  readonly name: string;
  readonly version: string;
  readonly filename: string;
  readonly files: readonly PackedFile[];
}
type Manifest = Record<string, unknown> & {
  name: string;
  version: string;
  exports: Record<string, Record<string, string> | string>;
  dependencies?: Record<string, string>;
};

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest;

let scratch = '';
let packed: Packed[] = [];

async function node(file: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, [file], {
    cwd: scratch,
    env: { PATH: process.env['PATH'] ?? '', HOME: scratch, ...env },
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout + stderr;
}

/** The README block marked as tested, written into the scratch project. */
function readmeExample(dir: string): string {
  const readme = readFileSync(join(root, dir, 'README.md'), 'utf8');
  const start = readme.indexOf(`${README_MARK}\n\`\`\`js\n`);
  expect(start, `${dir}/README.md has a tested example`).toBeGreaterThanOrEqual(0);
  const body = readme.slice(start + README_MARK.length + 7);
  const code = body.slice(0, body.indexOf('\n```'));
  const file = join(scratch, `${dir.replace('/', '-')}-example.mjs`);
  writeFileSync(file, `${code}\n`);
  return file;
}

beforeAll(async () => {
  const tsconfigs = PUBLISHED.map((dir) => `${dir}/${dir.startsWith('apps/') ? 'tsconfig.app.json' : 'tsconfig.lib.json'}`);
  execFileSync('npx', ['tsc', '-b', ...tsconfigs], { cwd: root, stdio: 'inherit' });
  scratch = mkdtempSync(join(tmpdir(), 'k8s-mcp-npm-'));
  const packs = join(scratch, 'packs');
  mkdirSync(packs);
  const { stdout } = await run('npm', ['pack', ...PUBLISHED.flatMap((dir) => ['-w', dir]), '--pack-destination', packs, '--json'], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  packed = JSON.parse(stdout) as Packed[];
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...packed.map((p) => join(packs, p.filename))], {
    cwd: scratch,
    timeout: 600_000,
    maxBuffer: 16 * 1024 * 1024,
  });
}, 900_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('npm packages', () => {
  it('every lib but testing, and the CLI, is publishable with a complete manifest; the servers and testing stay private', () => {
    const publishedNames = new Set(PUBLISHED.map((dir) => manifest(dir).name));
    for (const dir of PUBLISHED) {
      const m = manifest(dir);
      expect(m['private'], dir).toBeUndefined();
      expect(m.name).toBe(`@k8s-mcp/${dir.split('/')[1]}`);
      expect(m.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(String(m['description']).length, `${dir} description`).toBeGreaterThan(20);
      expect(m['license']).toBe('Apache-2.0');
      expect(m['type']).toBe('module');
      expect(m['publishConfig']).toEqual({ access: 'public' });
      expect(m['types']).toBe('./dist/index.d.ts');
      expect(m.exports['.']).toMatchObject({ types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js' });
      expect(m['files']).toContain('dist');
      // A published package may depend only on published workspace packages.
      for (const dep of Object.keys(m.dependencies ?? {}).filter((d) => d.startsWith('@k8s-mcp/'))) expect(publishedNames.has(dep), `${dir} -> ${dep}`).toBe(true);
    }
    for (const dir of PRIVATE) expect(manifest(dir)['private'], dir).toBe(true);
    expect(manifest('apps/cli')['bin']).toEqual({ 'k8s-mcp': './dist/main.js' });
  });

  it('packs built code, declarations, README and data, and no sources, specs or build info', () => {
    expect(packed.map((p) => p.name)).toEqual(PUBLISHED.map((dir) => manifest(dir).name));
    for (const p of packed) {
      const paths = p.files.map((f) => f.path);
      for (const needed of ['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts']) expect(paths, `${p.name} ships ${needed}`).toContain(needed);
      expect(paths.filter((f) => f.startsWith('src/') || /\.spec\.|\.tsbuildinfo$/.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts'))), p.name).toEqual([]);
    }
    expect(packed.find((p) => p.name === '@k8s-mcp/k8s-client')?.files.map((f) => f.path)).toContain('demo/demo-cluster.json');
    expect(packed.find((p) => p.name === '@k8s-mcp/cli')?.files.map((f) => f.path)).toContain('dist/main.js');
  });

  it('resolves every package to its dist/: the "@k8s-mcp/source" condition (src/, not shipped) is never taken', async () => {
    const script = join(scratch, 'resolve.mjs');
    writeFileSync(script, `for (const name of ${JSON.stringify(packed.map((p) => p.name))}) console.log(name, import.meta.resolve(name));\n`);
    const lines = (await node(script)).trim().split('\n');
    expect(lines).toHaveLength(packed.length);
    for (const line of lines) {
      const [name, url] = line.split(' ');
      expect(url).toBe(`file://${scratch}/node_modules/${name}/dist/index.js`);
      expect(existsSync(fileURLToPath(url as string))).toBe(true);
    }
  });

  it('summarises the demo snapshot through @k8s-mcp/summary and names the checkout crash loop', async () => {
    const output = await node(readmeExample('libs/summary'));
    expect(output).toMatch(/^# Anomalies/);
    expect(output).toMatch(/Deployment shop\/checkout CrashLoopBackOff/);
    expect(Buffer.byteLength(output)).toBeLessThanOrEqual(10 * 1024 + 1);
  });

  it.each([
    ['libs/config', /^9000 shop false\n[\s\S]*K8S_MCP_PORT=9000/],
    ['libs/k8s-client', /^checkout-\S+ Running$/m],
    ['libs/graph', /^\d{3,} nodes, \d{3,} edges\n(graph|flowchart) [\s\S]*checkout-config[\s\S]*Deployment/],
    ['libs/metrics', /k8s_mcp_tool_executions_total\{tool="k8s-get-pods"\} 1\nhealth score \d+(\.\d)? \(\w+\)/],
    ['libs/mcp-server', /Pod in namespace shop: \d+ returned[\s\S]*checkout-\S+ +0\/1 +CrashLoopBackOff/],
    ['libs/runtime', /^demo - bundled demo cluster[\s\S]*checkout-/m],
  ])('runs the README example of %s from the installed tarball', async (dir, expected) => {
    expect(await node(readmeExample(dir))).toMatch(expected);
  });

  integrationTest('runs the README example of libs/sync against the real control plane', async ({ controlPlane }) => {
    const output = await node(readmeExample('libs/sync'), { KUBECONFIG: controlPlane.adminKubeconfig });
    expect(output).toMatch(/^Pod: synced, \d+ objects$/m);
    expect(output).toMatch(/^Namespace: synced, \d+ objects$/m);
    expect(output).toMatch(/^pods in the cache: \d+$/m);
  });

  it('type-checks a strict TypeScript consumer against the packed declarations', async () => {
    writeFileSync(
      join(scratch, 'consumer.ts'),
      [
        "import { createNamespacePolicy, loadDemoCluster, type KubeObject } from '@k8s-mcp/k8s-client';",
        "import { stateFromReader, summarizeCluster } from '@k8s-mcp/summary';",
        "import { loadConfig, type AppConfig } from '@k8s-mcp/config';",
        '',
        'const policy = createNamespacePolicy({ allowed: [], forbidden: [] });',
        'const reader = await loadDemoCluster({ policy, maxResources: 10 });',
        "const pods: readonly KubeObject[] = (await reader.list('pods', { namespace: 'shop' })).items;",
        "const text: string = summarizeCluster(await stateFromReader(reader), { type: 'anomalies', maxSizeKb: 2, policy }).text;",
        "const config: AppConfig = loadConfig({ argv: [], env: {}, readFile: () => '', cwd: '/', homedir: '/', envFile: false });",
        'const port: number = config.port;',
        '// @ts-expect-error the declarations are precise: maxSizeKb is a number',
        "summarizeCluster(await stateFromReader(reader), { type: 'anomalies', maxSizeKb: '2', policy });",
        'export { pods, text, port };',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          typeRoots: [join(root, 'node_modules/@types')],
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', join(scratch, 'tsconfig.json')], { cwd: scratch }).then(
      (r) => ({ code: 0, output: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
    );
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('installs the CLI as the k8s-mcp bin, which runs on the bundled demo cluster', async () => {
    const bin = join(scratch, 'node_modules/.bin/k8s-mcp');
    // Nothing configured (no ~/.kube/config in this HOME): the demo cluster.
    const env = { PATH: process.env['PATH'] ?? '', HOME: scratch };
    expect((await run(bin, ['--version'], { cwd: scratch, env })).stdout.trim()).toBe(manifest('apps/cli').version);
    const { stdout } = await run(bin, ['summary', '--type', 'anomalies'], { cwd: scratch, env });
    expect(stdout).toMatch(/Deployment shop\/checkout CrashLoopBackOff/);
  });
});
