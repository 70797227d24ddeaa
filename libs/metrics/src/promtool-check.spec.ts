import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMonitoring } from './create-monitoring.js';
import { MONITORING_PATHS } from './monitoring-api.js';

// Validates the exposition and deploy/monitoring with the real promtool. tools/promtool.sh
// obtains it (PATH, cache, Debian's package, or a Go build); when it cannot, this fails, never skips.
const repo = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const script = repo('tools/promtool.sh');
let promtool = '';

function run(args: string[], stdin = ''): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(promtool, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(stdin);
  });
}

const check = (exposition: string) => run(['check', 'metrics'], exposition);

/** An exposition with every k8s-mcp family populated. */
async function fullExposition(): Promise<string> {
  const monitoring = createMonitoring({
    intelligence: {
      graph: () => ({ nodes: 120, edges: 340 }),
      sync: () => ({
        healthScore: 92,
        kinds: [
          { kind: 'Pod', namespace: 'default', state: 'synced', objects: 30, lagSeconds: 3.5, errors: 0 },
          { kind: 'Deployment', state: 'degraded', objects: 0, lagSeconds: 12, errors: 2 },
        ],
      }),
    },
    system: {
      cpus: () => [{ times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } }],
      loadavg: () => [0.1],
      totalmem: () => 8e9,
      freemem: () => 2e9,
      rss: () => 80e6,
    },
    thresholds: { memoryPercentMax: 70 }, // 75% fires, so alerts_firing is non-zero
  });
  monitoring.recordApiRequest('/mcp', 200, 0.12);
  monitoring.recordApiRequest('/metrics/history', 400, 0.003);
  monitoring.recordApiRequest('unmatched', 404, 0.001);
  monitoring.recordToolExecution('pods_list', 0.8, true);
  monitoring.recordToolExecution('pods_list', 2.1, false);
  monitoring.sample();
  return monitoring.metrics.registry.metrics();
}

let dir = '';
beforeAll(async () => {
  const { stdout } = await promisify(execFile)('bash', [script], { timeout: 20 * 60_000, maxBuffer: 1 << 20 });
  promtool = stdout.trim().split('\n').pop() ?? '';
  expect(promtool).toMatch(/promtool$/);
  dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-promtool-'));
}, 20 * 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Prometheus exposition', () => {

  it('passes promtool check metrics with every k8s-mcp metric family populated', async () => {
    const text = await fullExposition();
    for (const family of [
      'k8s_mcp_api_response_time histogram',
      'k8s_mcp_api_requests_total counter',
      'k8s_mcp_tool_executions_total counter',
      'k8s_mcp_tool_errors_total counter',
      'k8s_mcp_tool_execution_time histogram',
      'k8s_mcp_system_cpu_percent gauge',
      'k8s_mcp_system_memory_percent gauge',
      'k8s_mcp_process_memory_rss_bytes gauge',
      'k8s_mcp_performance_health_score gauge',
      'k8s_mcp_alerts_firing gauge',
      'k8s_mcp_intelligent_kg_nodes gauge',
      'k8s_mcp_intelligent_kg_edges gauge',
      'k8s_mcp_intelligent_sync_health_score gauge',
      'k8s_mcp_intelligent_sync_lag_seconds gauge',
      'k8s_mcp_process_cpu_seconds_total counter',
    ]) {
      expect(text).toContain(`# TYPE ${family}\n`);
    }
    expect(text).toContain('\nk8s_mcp_alerts_firing 1\n');
    const result = await check(text);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('is a real check: promtool rejects a gauge named like a counter and a malformed line', async () => {
    const lint = await check('# HELP x_total A gauge.\n# TYPE x_total gauge\nx_total 1\n');
    expect(lint.code).not.toBe(0);
    expect(lint.output).toContain('non-counter metrics should not have "_total" suffix');
    const broken = await check('# TYPE y counter\ny{le=} 1\n');
    expect(broken.code).not.toBe(0);
  });
});

describe('deploy/monitoring', () => {
  it('has a valid scrape config (with its rule file) pointing at /metrics/prometheus', async () => {
    const result = await run(['check', 'config', repo('deploy/monitoring/prometheus.yml')]);
    expect(result.output).toContain('SUCCESS: 1 rule files found');
    expect(result.code).toBe(0);
    const paths = [...readFileSync(repo('deploy/monitoring/prometheus.yml'), 'utf8').matchAll(/metrics_path: (\S+)/g)].map((m) => m[1]);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(MONITORING_PATHS).toContain(path);
  });

  it('has valid alerting rules', async () => {
    const result = await run(['check', 'rules', repo('deploy/monitoring/k8s-mcp-alerts.yml')]);
    expect(result.output).toContain('SUCCESS: 7 rules found');
    expect(result.code).toBe(0);
  });

  it('has a Grafana dashboard whose queries parse as PromQL', async () => {
    const dashboard = JSON.parse(readFileSync(repo('deploy/monitoring/grafana-dashboard.json'), 'utf8')) as {
      panels: { title: string; targets?: { expr: string }[] }[];
    };
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(15);
    // Grafana's variables become plain values; each query becomes a recording rule promtool parses.
    const rules = exprs.map((expr, i) => ({ record: `dashboard:query_${i}`, expr: expr.replaceAll('$__rate_interval', '5m').replaceAll('$instance', '.*') }));
    const file = join(dir, 'dashboard-rules.yml');
    writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard', rules }] }));
    const result = await run(['check', 'rules', file]);
    expect(result.output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(result.code).toBe(0);
  });

  it('uses only metric names the server exposes, in the dashboard and the rules', async () => {
    const exposed = new Set([...(await fullExposition()).matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    for (const file of ['deploy/monitoring/grafana-dashboard.json', 'deploy/monitoring/k8s-mcp-alerts.yml']) {
      const used = new Set([...readFileSync(repo(file), 'utf8').matchAll(/\bk8s_mcp_[a-z0-9_]+/g)].map((m) => m[0]));
      expect(used.size).toBeGreaterThan(5);
      for (const name of used) {
        const family = name.replace(/_(bucket|sum|count)$/, '');
        expect(exposed.has(family) || exposed.has(name), `${file} uses ${name}`).toBe(true);
      }
    }
  });
});
