import { Registry, register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { IntelligenceSource } from './intelligence-source.js';
import { createMetricsRegistry } from './metrics-registry.js';

describe('createMetricsRegistry', () => {
  it('counts tool executions by tool, readable through registry.metrics()', async () => {
    const { registry, toolExecutions } = createMetricsRegistry();
    toolExecutions.inc({ tool: 'pods_list' });
    toolExecutions.inc({ tool: 'pods_list' });
    toolExecutions.inc({ tool: 'k8s-mcp-info' });
    const text = await registry.metrics();
    expect(text).toContain('# TYPE k8s_mcp_tool_executions_total counter');
    expect(text).toContain('k8s_mcp_tool_executions_total{tool="pods_list"} 2');
    expect(text).toContain('k8s_mcp_tool_executions_total{tool="k8s-mcp-info"} 1');
  });

  it('registers the default process collectors with the prefix, minus the mistyped _total gauges', async () => {
    const { registry } = createMetricsRegistry();
    const text = await registry.metrics();
    expect(text).toMatch(/^k8s_mcp_process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^k8s_mcp_nodejs_heap_size_total_bytes \d/m);
    expect(text).toContain('# TYPE k8s_mcp_nodejs_active_handles gauge');
    expect(text).not.toContain('k8s_mcp_nodejs_active_handles_total');
    expect(text).not.toContain('k8s_mcp_nodejs_active_resources_total');
    expect(registry.contentType).toContain('text/plain');
  });

  it('has the API histogram k8s_mcp_api_response_time and the request counter, by route and status', async () => {
    const metrics = createMetricsRegistry();
    metrics.apiRequests.inc({ route: '/mcp', status: '200' });
    metrics.apiResponseTime.observe({ route: '/mcp', status: '200' }, 0.3);
    const text = await metrics.registry.metrics();
    expect(text).toContain('# TYPE k8s_mcp_api_response_time histogram');
    expect(text).toContain('k8s_mcp_api_response_time_bucket{le="0.5",route="/mcp",status="200"} 1');
    expect(text).toContain('k8s_mcp_api_response_time_bucket{le="0.25",route="/mcp",status="200"} 0');
    expect(text).toContain('k8s_mcp_api_requests_total{route="/mcp",status="200"} 1');
  });

  it('has system, health and tool metrics', async () => {
    const metrics = createMetricsRegistry();
    metrics.systemCpuPercent.set(12.5);
    metrics.systemMemoryPercent.set(40);
    metrics.processRssBytes.set(1024);
    metrics.healthScore.set(97.5);
    metrics.toolErrors.inc({ tool: 'x' });
    metrics.toolExecutionTime.observe({ tool: 'x' }, 2);
    const text = await metrics.registry.metrics();
    for (const line of [
      'k8s_mcp_system_cpu_percent 12.5',
      'k8s_mcp_system_memory_percent 40',
      'k8s_mcp_process_memory_rss_bytes 1024',
      'k8s_mcp_performance_health_score 97.5',
      'k8s_mcp_tool_errors_total{tool="x"} 1',
      'k8s_mcp_tool_execution_time_count{tool="x"} 1',
      'k8s_mcp_alerts_firing 0',
    ]) {
      expect(text).toContain(`\n${line}\n`);
    }
    expect(text).not.toContain('intelligent');
  });

  it('reads the intelligence callbacks and alerts firing at scrape time', async () => {
    let nodes = 3;
    const source: IntelligenceSource = {
      graph: () => ({ nodes, edges: 2 }),
      sync: () => ({
        healthScore: 88,
        kinds: [
          { kind: 'Pod', namespace: 'a', state: 'synced', objects: 1, lagSeconds: 4, errors: 0 },
          { kind: 'Pod', namespace: 'b', state: 'synced', objects: 1, lagSeconds: 9, errors: 0 },
          { kind: 'Node', state: 'pending', objects: 0, errors: 1 },
        ],
      }),
    };
    const { registry } = createMetricsRegistry({ intelligence: source, alertsFiring: () => 2 });
    let text = await registry.metrics();
    expect(text).toContain('\nk8s_mcp_intelligent_kg_nodes 3\n');
    expect(text).toContain('\nk8s_mcp_intelligent_kg_edges 2\n');
    expect(text).toContain('\nk8s_mcp_intelligent_sync_health_score 88\n');
    expect(text).toContain('\nk8s_mcp_intelligent_sync_lag_seconds{kind="Pod"} 9\n');
    expect(text).not.toContain('kind="Node"');
    expect(text).toContain('\nk8s_mcp_alerts_firing 2\n');
    nodes = 10;
    text = await registry.metrics();
    expect(text).toContain('\nk8s_mcp_intelligent_kg_nodes 10\n');
  });

  it('reports a throwing callback to onError and still serves the rest', async () => {
    const errors: unknown[] = [];
    const { registry } = createMetricsRegistry({
      intelligence: {
        graph: () => {
          throw new Error('graph down');
        },
      },
      onError: (e) => errors.push(e),
    });
    const text = await registry.metrics();
    expect(text).toContain('k8s_mcp_process_cpu_user_seconds_total');
    expect(errors.map((e) => (e as Error).message)).toEqual(['graph down', 'graph down']);
  });

  it('uses an injected registry and prefix, never the global registry', async () => {
    const registry = new Registry();
    const metrics = createMetricsRegistry({ registry, prefix: 'test_' });
    expect(metrics.registry).toBe(registry);
    metrics.toolExecutions.inc({ tool: 'x' });
    expect(await registry.getSingleMetricAsString('test_tool_executions_total')).toContain('test_tool_executions_total{tool="x"} 1');
    expect(globalRegistry.getSingleMetric('test_tool_executions_total')).toBeUndefined();
    expect(globalRegistry.getSingleMetric('test_api_response_time')).toBeUndefined();
  });

  it('refuses to register twice into one registry', () => {
    const registry = new Registry();
    createMetricsRegistry({ registry });
    expect(() => createMetricsRegistry({ registry })).toThrow(/already been registered/);
  });
});
