import { describe, expect, it } from 'vitest';
import { createMonitoring, type MonitoringOptions } from './create-monitoring.js';
import type { IntervalTimers } from './metrics-sampler.js';
import type { CpuTimes, SystemSources } from './system-probe.js';

/** Deterministic system, clock and timers: `tick()` advances the clock one interval and fires it. */
function fixture(options: Partial<MonitoringOptions> = {}) {
  const state = { busy: 0, idle: 0, free: 600, clock: 1_000_000 };
  const times = (): CpuTimes => ({ user: state.busy, nice: 0, sys: 0, idle: state.idle, irq: 0 });
  const system: SystemSources = {
    cpus: () => [{ times: times() }],
    loadavg: () => [0.5, 0, 0],
    totalmem: () => 1000,
    freemem: () => state.free,
    rss: () => 50 * 1024 * 1024,
  };
  const intervals: (() => void)[] = [];
  const timers: IntervalTimers = {
    setInterval: (cb, ms) => {
      expect(ms).toBe(10_000);
      intervals.push(cb);
      return intervals.length - 1;
    },
    clearInterval: (h) => void intervals.splice(h as number, 1),
  };
  const monitoring = createMonitoring({ collectionIntervalSeconds: 10, historySize: 5, system, timers, now: () => state.clock, ...options });
  const tick = (cpu: { busy: number; idle: number }) => {
    state.busy += cpu.busy;
    state.idle += cpu.idle;
    state.clock += 10_000;
    for (const cb of intervals) cb();
  };
  return { state, monitoring, tick, intervals };
}

describe('createMonitoring', () => {
  it('samples at start and every interval into a bounded history, with the dotted names', () => {
    const { monitoring, tick, intervals } = fixture();
    expect(monitoring.history.size).toBe(0);
    monitoring.start();
    monitoring.start();
    expect(intervals).toHaveLength(1);
    expect(monitoring.history.latest()).toEqual({
      time: 1_000_000,
      values: {
        'system.cpu_percent': 50, // first reading: load 0.5 on one core
        'system.memory_percent': 40,
        'process.memory_rss_mb': 50,
        'api.overall.requests': 0,
        'api.overall.errors': 0,
        'performance.health_score': 100,
      },
    });
    for (let i = 0; i < 6; i++) tick({ busy: 30, idle: 70 });
    expect(monitoring.history.size).toBe(5);
    expect(monitoring.history.latest()?.time).toBe(1_060_000);
    expect(monitoring.history.latest()?.values['system.cpu_percent']).toBe(30);
    monitoring.stop();
    expect(intervals).toHaveLength(0);
  });

  it('records API requests and tool calls into the JSON metrics and Prometheus', async () => {
    const { monitoring } = fixture();
    monitoring.recordApiRequest('/mcp', 200, 0.2);
    monitoring.recordApiRequest('/mcp', 500, 0.4);
    monitoring.recordToolExecution('pods_list', 1.5, false);
    const values = monitoring.sample().values;
    expect(values).toMatchObject({
      'api./mcp.requests': 2,
      'api./mcp.response_time': expect.closeTo(0.3, 10),
      'api.overall.error_rate_percent': 50,
      'tool.pods_list.execution_time': 1.5,
      'tool.pods_list.errors': 1,
    });
    // 50% errors deduct the whole 30 points.
    expect(values['performance.health_score']).toBe(70);
    const text = await monitoring.metrics.registry.metrics();
    expect(text).toContain('k8s_mcp_api_requests_total{route="/mcp",status="500"} 1');
    expect(text).toContain('k8s_mcp_api_response_time_count{route="/mcp",status="200"} 1');
    expect(text).toContain('k8s_mcp_tool_errors_total{tool="pods_list"} 1');
    expect(text).toContain('\nk8s_mcp_performance_health_score 70\n');
    expect(text).toContain('\nk8s_mcp_system_memory_percent 40\n');
    expect(text).toContain('\nk8s_mcp_process_memory_rss_bytes 52428800\n');
  });

  it('evaluates alerts on each sample and exposes the firing count', async () => {
    const { monitoring, tick, state } = fixture({ thresholds: { memoryPercentMax: 70 } });
    monitoring.start();
    state.free = 100; // 90%
    tick({ busy: 1, idle: 99 });
    expect(monitoring.alerts.firing()).toMatchObject([{ metric: 'system.memory_percent', value: 90, threshold: 70, level: 'warning', time: 1_010_000 }]);
    expect(await monitoring.metrics.registry.metrics()).toContain('\nk8s_mcp_alerts_firing 1\n');
    state.free = 400; // 60% <= 70 x 0.9
    tick({ busy: 1, idle: 99 });
    tick({ busy: 1, idle: 99 });
    expect(monitoring.alerts.firing()).toEqual([]);
    expect(monitoring.alerts.records(0)[0]?.resolvedAt).toBe(1_030_000);
  });

  it('reads the intelligence callbacks into each sample, and reports a throwing one', () => {
    const errors: unknown[] = [];
    let fail = false;
    const { monitoring } = fixture({
      onError: (e) => errors.push(e),
      intelligence: {
        graph: () => ({ nodes: 12, edges: 7 }),
        sync: () => {
          if (fail) throw new Error('sync gone');
          return { healthScore: 50, kinds: [{ kind: 'Pod', state: 'synced', objects: 3, lagSeconds: 400, errors: 0 }] };
        },
      },
    });
    expect(monitoring.sample().values).toMatchObject({
      'intelligent.kg_nodes': 12,
      'intelligent.kg_edges': 7,
      'intelligent.sync_health_score': 50,
      'intelligent.sync_delay_seconds': 400,
      'intelligent.sync_lag_seconds.Pod': 400,
      'performance.health_score': 90,
    });
    expect(monitoring.alerts.firing().map((a) => a.metric)).toEqual(['intelligent.sync_delay_seconds']);
    fail = true;
    const values = monitoring.sample().values;
    expect(values['intelligent.kg_nodes']).toBe(12);
    expect(values['intelligent.sync_health_score']).toBeUndefined();
    expect(errors).toHaveLength(1);
  });

  it('gives a current sample without storing it or ending the interval', () => {
    const { monitoring } = fixture();
    monitoring.recordApiRequest('/x', 200, 2);
    expect(monitoring.current().values['api./x.response_time']).toBe(2);
    expect(monitoring.history.size).toBe(0);
    expect(monitoring.sample().values['api./x.response_time']).toBe(2);
  });

  it('builds the performance report from a fresh sample and the firing alerts', () => {
    const { monitoring, state } = fixture();
    state.free = 50; // 95% memory: deducts 15, and fires the 85% alert
    monitoring.sample();
    const report = monitoring.performance();
    expect(report).toMatchObject({ score: 85, grade: 'good', alertsFiring: 1, time: 1_000_000 });
    expect(report.recommendations).toHaveLength(2);
  });

  it('rejects an invalid interval or history size', () => {
    expect(() => createMonitoring({ collectionIntervalSeconds: 0 })).toThrow(/^createMetricsSampler: intervalMs/);
    expect(() => createMonitoring({ historySize: 0 })).toThrow(/^createMetricsHistory: capacity/);
  });
});
