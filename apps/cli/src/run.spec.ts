import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from './commands/index.js';
import { EXIT_CODES, run, type CliIo } from './run.js';

const NOW = Date.parse('2026-11-22T00:00:00Z');

function io(overrides: Partial<CliIo> = {}) {
  let stdout = '';
  let stderr = '';
  const files = new Map<string, string>();
  const value: CliIo = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
    readFile: (path) => {
      throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    },
    writeFile: (path, text) => void files.set(path, text),
    cwd: '/work',
    homedir: '/home/dev',
    version: '1.2.3',
    now: () => NOW,
    ...overrides,
  };
  return { io: value, out: () => stdout, err: () => stderr, files };
}

describe('run: help, version, usage errors', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']]])('prints the main help for %j and exits 0', async (argv) => {
    const t = io();
    expect(await run(argv, t.io)).toBe(0);
    expect(t.out()).toContain('Usage: k8s-mcp <command> [options]');
    for (const command of COMMANDS) expect(t.out()).toMatch(new RegExp(`^  ${command.name} +\\S`, 'm'));
    expect(t.out()).toContain('--k8s-mcp-port=<value>');
    expect(t.out()).toContain('2  usage:');
    expect(t.err()).toBe('');
  });

  it.each(COMMANDS.map((c) => [c.name]))('prints help for %s --help, even next to a bad option', async (name) => {
    const t = io();
    expect(await run([name, '--no-such-option', '--help'], t.io)).toBe(0);
    expect(t.out()).toMatch(new RegExp(`^Usage: k8s-mcp ${name} `));
    expect(t.out()).toContain('-h, --help');
    const command = COMMANDS.find((c) => c.name === name)!;
    for (const option of command.options) expect(t.out()).toContain(`--${option.name}`);
    if (command.usesCluster) expect(t.out()).toContain('--kubeconfig <path>');
  });

  it.each([['--version'], ['-V']])('prints the version for %s', async (flag) => {
    const t = io();
    expect(await run([flag], t.io)).toBe(0);
    expect(t.out()).toBe('1.2.3\n');
  });

  it('prints the effective configuration with global options applied and secrets masked', async () => {
    const t = io({ env: { K8S_MCP_AUTH_TOKENS: 'tok-1,tok-2' } });
    expect(await run(['-n', 'shop', 'config', '--k8s-mcp-port', '9000', '--context', 'prod'], t.io)).toBe(0);
    expect(t.out()).toContain('K8S_MCP_PORT=9000\n');
    expect(t.out()).toContain('K8S_NAMESPACE=shop\n');
    expect(t.out()).toContain('K8S_CONTEXT=prod\n');
    expect(t.out()).toContain('K8S_MCP_AUTH_TOKENS=<redacted>\n');
    expect(t.out()).not.toContain('tok-1');
  });

  it('maps a ConfigError to exit code 2 with every problem on stderr', async () => {
    const t = io({ env: { K8S_MCP_PORT: 'abc' } });
    expect(await run(['config', '--log-level=loud'], t.io)).toBe(EXIT_CODES.usage);
    expect(t.err()).toContain('K8S_MCP_PORT="abc" (from environment): expected an integer between 1 and 65535');
    expect(t.err()).toContain('LOG_LEVEL="loud" (from flag --log-level)');
    expect(t.out()).toBe('');
  });

  it('maps unknown commands, unknown options and bad values to exit code 2', async () => {
    const cases: [string[], string][] = [
      [['serve-everything'], 'k8s-mcp: unknown command "serve-everything"; run k8s-mcp --help to list the commands\n'],
      [['config', '--no-such-flag'], 'k8s-mcp config: unknown option --no-such-flag; run k8s-mcp config --help to list the options\n'],
      [['-n', 'shop'], 'k8s-mcp: no command given; run k8s-mcp --help to list the commands\n'],
      [['summary', '--format', 'yaml'], 'k8s-mcp summary: --format must be one of markdown, json, got "yaml"\n'],
      [['summary', '--type', 'workload'], 'k8s-mcp summary: --type workload needs --workload <Kind/name> (e.g. --workload Deployment/shop/web)\n'],
      [['relations'], 'k8s-mcp relations: name an object, e.g. k8s-mcp relations Deployment/shop/web\n'],
      [['relations', 'svc/web', '--target', 'pod/web-1'], 'k8s-mcp relations: --target only goes with --query path\n'],
      [['graph', 'svc/web', '--query', 'path'], 'k8s-mcp graph: --query path needs --target <object>\n'],
      [['graph', 'svc/web', '--depth', '0'], 'k8s-mcp graph: --depth must be a whole number >= 1, got "0"\n'],
      [['describe', 'pod'], 'k8s-mcp describe: cannot read "pod" as an object; name it as Kind/namespace/name, Kind/name with -n <namespace>, or Kind name\n'],
      [['anomalies', '--fail-on', 'error'], 'k8s-mcp anomalies: --fail-on must be one of critical, warning, got "error"\n'],
      [['snapshot'], 'k8s-mcp snapshot: name one output file (or - for stdout), e.g. k8s-mcp snapshot cluster.json\n'],
      [['serve'], 'k8s-mcp serve: name a transport: k8s-mcp serve stdio or k8s-mcp serve http\n'],
      [['serve', 'grpc'], 'k8s-mcp serve: unknown transport "grpc"; use stdio or http\n'],
      [['serve', 'stdio', '--port', '9000'], 'k8s-mcp serve stdio: --port applies to serve http only\n'],
      [['serve', 'http', '--port', 'eighty'], 'k8s-mcp serve: --port must be a whole number >= 1, got "eighty"\n'],
    ];
    for (const [argv, message] of cases) {
      const t = io();
      expect(await run(argv, t.io), argv.join(' ')).toBe(2);
      expect(t.err()).toBe(message);
      expect(t.out()).toBe('');
    }
  });

  it('maps an unexpected error to exit code 1 with its stack', async () => {
    const boom = io();
    const broken: CliIo = {
      ...boom.io,
      stdout: {
        write: () => {
          throw new Error('EPIPE');
        },
      },
    };
    expect(await run(['--version'], broken)).toBe(EXIT_CODES.error);
    expect(boom.err()).toMatch(/^k8s-mcp: unexpected error: Error: EPIPE\n\s+at /);
  });
});

describe('run: commands on the bundled demo cluster', () => {
  const demo = (argv: string[], overrides: Partial<CliIo> = {}) => {
    const t = io(overrides);
    return run([...argv, '--demo'], t.io).then((code) => ({ code, out: t.out(), err: t.err(), files: t.files }));
  };
  const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('summary fits its budget, by default and with --max-size-kb, in markdown and JSON', async () => {
    const overview = await demo(['summary']);
    expect(overview.code).toBe(0);
    // The demo is judged at its recording time, not at the CLI's clock.
    expect(overview.out).toMatch(/^# Cluster overview\nevaluated at \d{4}-\d\d-\d\dT[\d:.]+Z \(snapshot time\); findings: \d+ critical/);
    expect(Buffer.byteLength(overview.out)).toBeLessThanOrEqual(10 * 1024 + 1);
    const small = await demo(['summary', '-n', 'shop', '--max-size-kb', '2', '--format', 'json']);
    expect(small.code).toBe(0);
    expect(Buffer.byteLength(small.out)).toBeLessThanOrEqual(2048 + 1);
    expect(JSON.parse(small.out)).toMatchObject({ summary: 'namespace', namespace: 'shop' });
    const workload = await demo(['summary', '--workload', 'deploy/shop/checkout']);
    expect(workload.out).toMatch(/^# Workload Deployment shop\/checkout/);
  });

  it('anomalies --fail-on trips on a namespace with critical findings and not on one without', async () => {
    const shop = await demo(['anomalies', '-n', 'shop', '--fail-on', 'critical']);
    expect(shop.code).toBe(1);
    expect(shop.out).toMatch(/^CRITICAL +Deployment shop\/checkout \(x3\) +CrashLoopBackOff +Secret shop\/checkout-db-credentials: missing/m);
    expect(shop.err).toMatch(/k8s-mcp: --fail-on critical: \d+ finding\(s\) at critical\n$/);
    // monitoring has a warning (otel-collector's calls to prometheus are blocked by a NetworkPolicy) and no critical finding.
    const monitoring = await demo(['anomalies', '-n', 'monitoring', '--fail-on', 'critical', '--format', 'json']);
    expect(monitoring.code).toBe(0);
    const parsed = JSON.parse(monitoring.out) as { counts: Record<string, number>; findings: { object: { namespace?: string } }[] };
    expect(parsed.counts).toMatchObject({ critical: 0 });
    expect((await demo(['anomalies', '-n', 'monitoring', '--fail-on', 'warning'])).code).toBe(1);
    expect(parsed.findings.length).toBeGreaterThan(0);
    expect(parsed.findings.every((f) => f.object.namespace === 'monitoring')).toBe(true);
  });

  it('relations and graph answer queries; an unknown object exits 1 with suggestions', async () => {
    const impact = await demo(['relations', 'Secret/shop/checkout-db-credentials', '--query', 'impact']);
    expect(impact.code).toBe(0);
    expect(impact.out).toContain('# impact of Secret shop/checkout-db-credentials (MISSING)');
    expect(impact.out).toMatch(/<--uses-secret via env BROKEN-- Pod shop\/checkout-/);
    const dot = await demo(['graph', 'ingress', 'storefront', '-n', 'shop', '--format', 'dot', '--query', 'dependencies']);
    expect(dot.out).toMatch(/^digraph relations \{\n/);
    expect(dot.out).toContain('"Ingress/shop/storefront" -> "Service/shop/checkout"');
    const unknown = await demo(['relations', 'Deployment/shop/checkot']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('did you mean "Deployment/shop/checkout"?');
    expect(unknown.out).toBe('');
  });

  it('treats GRAPH_MAX_DEPTH and MAX_SUMMARY_SIZE_KB as upper bounds: --depth and --max-size-kb above them are clamped and said on stderr', async () => {
    const deep = await demo(['relations', 'Service/shop/checkout', '--query', 'dependents', '--depth', '3', '--format', 'json'], { env: { GRAPH_MAX_DEPTH: '1' } });
    expect(deep.code).toBe(0);
    expect(deep.err).toContain('k8s-mcp: --depth 3 was clamped to 1 (GRAPH_MAX_DEPTH, the upper bound set for this installation)\n');
    expect((JSON.parse(deep.out) as { maxDepth: number }).maxDepth).toBe(1);
    const within = await demo(['relations', 'Service/shop/checkout', '--query', 'dependents', '--depth', '1'], { env: { GRAPH_MAX_DEPTH: '1' } });
    expect(within.err).not.toContain('clamped');
    const big = await demo(['summary', '--type', 'anomalies', '--max-size-kb', '10'], { env: { MAX_SUMMARY_SIZE_KB: '3' } });
    expect(big.code).toBe(0);
    expect(Buffer.byteLength(big.out)).toBeLessThanOrEqual(3 * 1024 + 1);
    expect(big.err).toContain('k8s-mcp: --max-size-kb 10 was clamped to 3 KB (MAX_SUMMARY_SIZE_KB, the upper bound set for this installation)\n');
    const anomalies = await demo(['anomalies', '--format', 'markdown', '--max-size-kb', '10'], { env: { MAX_SUMMARY_SIZE_KB: '3' } });
    expect(Buffer.byteLength(anomalies.out)).toBeLessThanOrEqual(3 * 1024 + 1);
    expect(anomalies.err).toContain('--max-size-kb 10 was clamped to 3 KB');
  });

  it('describe never shows Secret values, and a missing object exits 1', async () => {
    const secret = await demo(['describe', 'secret', 'postgres-credentials', '-n', 'data', '--format', 'json']);
    expect(secret.code).toBe(0);
    expect(JSON.parse(secret.out)).toMatchObject({ kind: 'Secret', data: { POSTGRES_PASSWORD: '<redacted: 22 bytes>' } });
    const missing = await demo(['describe', 'pod', 'nope', '-n', 'shop']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('not found');
  });

  it('health reports the offline snapshot as healthy', async () => {
    const health = await demo(['health', '--format', 'json']);
    expect(health.code).toBe(0);
    expect(JSON.parse(health.out)).toMatchObject({ healthy: true, mode: 'demo', graph: { status: 'ok' } });
  });

  it('snapshot writes progress only to a terminal, and its file loads back to the same summary', async () => {
    const quiet = await demo(['snapshot', '-']);
    expect(quiet.err).not.toContain('recorded Pod');
    expect(quiet.err).toMatch(/^k8s-mcp: recorded \d+ objects of 24 kinds from bundled demo cluster/m);
    const tty = await demo(['snapshot', 'out.json'], { stderrIsTTY: true });
    expect(tty.code).toBe(0);
    expect(tty.err).toMatch(/^k8s-mcp: recorded Pod: \d+$/m);
    const text = tty.files.get('/work/out.json')!;
    expect(text).toBe(quiet.out);
    const list = JSON.parse(text) as { kind: string; items: { kind: string; data?: Record<string, string> }[] };
    expect(list.kind).toBe('List');
    for (const secret of list.items.filter((i) => i.kind === 'Secret')) {
      for (const value of Object.values(secret.data ?? {})) expect(value).toMatch(/^<redacted(: \d+ bytes)?>$/);
    }
    const file = join(dir, 'demo.json');
    writeFileSync(file, text);
    const fromFile = io();
    expect(await run(['summary', '--snapshot', file], fromFile.io)).toBe(0);
    const original = await demo(['summary']);
    // Same objects, same clock: the reloaded snapshot summarises byte for byte like the original.
    expect(fromFile.out()).toBe(original.out);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('says on stderr when the demo is used only because no cluster is configured', async () => {
    // Nothing configured: no KUBECONFIG_PATH, and the home directory has no .kube/config.
    const t = io({ homedir: '/nonexistent' });
    expect(await run(['health'], t.io)).toBe(0);
    expect(t.err()).toContain('k8s-mcp: no cluster is configured (no kubeconfig, no in-cluster account): using the bundled demo cluster');
    const refused = io({ homedir: '/nonexistent', env: { K8S_MCP_DEMO: 'false' } });
    expect(await run(['health'], refused.io)).toBe(1);
    expect(refused.err()).toMatch(/^k8s-mcp: .*nonexistent\/\.kube\/config/);
  });

  it('refuses a named kubeconfig that does not exist (exit 2) instead of using the demo cluster', async () => {
    for (const [variable, argv] of [
      ['KUBECONFIG_PATH', ['health']],
      ['KUBECONFIG', ['summary']],
    ] as const) {
      const t = io({ env: { [variable]: '/nonexistent/kubeconfig' } });
      expect(await run(argv, t.io)).toBe(EXIT_CODES.usage);
      expect(t.err()).toContain(`${variable}="/nonexistent/kubeconfig" (from environment): no kubeconfig file exists at /nonexistent/kubeconfig`);
      expect(t.err()).not.toContain('using the bundled demo cluster');
      expect(t.out()).toBe('');
    }
    const flag = io();
    expect(await run(['health', '--kubeconfig', 'missing.yaml'], flag.io)).toBe(EXIT_CODES.usage);
    expect(flag.err()).toContain('no kubeconfig file exists at /work/missing.yaml');
  });
});
