import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMonitoring } from './create-monitoring.js';

// Validates the exposition with the real `promtool check metrics`. tools/promtool.sh obtains it
// (PATH, cache, Debian's package, or a Go build); when it cannot, this test fails, never skips.
const script = fileURLToPath(new URL('../../../tools/promtool.sh', import.meta.url));
let promtool = '';

function check(exposition: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(promtool, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(exposition);
  });
}

describe('the Prometheus exposition', () => {
  beforeAll(async () => {
    const { stdout } = await promisify(execFile)('bash', [script], { timeout: 20 * 60_000, maxBuffer: 1 << 20 });
    promtool = stdout.trim().split('\n').pop() ?? '';
    expect(promtool).toMatch(/promtool$/);
  }, 20 * 60_000);

  it('passes promtool check metrics with every k8s-mcp metric family populated', async () => {
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
    const text = await monitoring.metrics.registry.metrics();
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
