import { Registry, register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
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

  it('registers the default process collectors with the prefix', async () => {
    const { registry } = createMetricsRegistry();
    const text = await registry.metrics();
    expect(text).toMatch(/^k8s_mcp_process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^k8s_mcp_nodejs_heap_size_total_bytes \d/m);
    expect(registry.contentType).toContain('text/plain');
  });

  it('uses an injected registry and prefix, never the global registry', async () => {
    const registry = new Registry();
    const metrics = createMetricsRegistry({ registry, prefix: 'test_' });
    expect(metrics.registry).toBe(registry);
    metrics.toolExecutions.inc({ tool: 'x' });
    expect(await registry.getSingleMetricAsString('test_tool_executions_total')).toContain('test_tool_executions_total{tool="x"} 1');
    expect(globalRegistry.getSingleMetric('test_tool_executions_total')).toBeUndefined();
  });

  it('refuses to register twice into one registry', () => {
    const registry = new Registry();
    createMetricsRegistry({ registry });
    expect(() => createMetricsRegistry({ registry })).toThrow(/already been registered/);
  });
});
