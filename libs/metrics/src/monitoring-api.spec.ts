import { describe, expect, it } from 'vitest';
import { createMonitoring, type MonitoringOptions } from './create-monitoring.js';
import type { IntelligenceSource } from './intelligence-source.js';
import { createMonitoringApi, MONITORING_PATHS } from './monitoring-api.js';
import type { SystemSources } from './system-probe.js';

const system: SystemSources = {
  cpus: () => [{ times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } }],
  loadavg: () => [0.25],
  totalmem: () => 1000,
  freemem: () => 500,
  rss: () => 1024 * 1024,
};

const intelligence: IntelligenceSource = {
  graph: () => ({ nodes: 40, edges: 25 }),
  sync: () => ({
    healthScore: 75,
    kinds: [
      { kind: 'Pod', namespace: 'a', state: 'synced', objects: 30, lagSeconds: 2, errors: 0 },
      { kind: 'Node', state: 'failed', objects: 0, errors: 3 },
    ],
  }),
};

function api(options: Partial<MonitoringOptions> = {}) {
  const clock = { now: Date.parse('2030-01-01T00:00:00Z') };
  const monitoring = createMonitoring({ system, now: () => clock.now, ...options });
  const handle = createMonitoringApi(monitoring);
  const get = async (url: string) => {
    const parsed = new URL(url, 'http://x');
    const response = await handle(parsed.pathname, parsed.searchParams);
    return { ...response, json: response.contentType.startsWith('application/json') ? (JSON.parse(response.body) as Record<string, unknown>) : undefined };
  };
  return { monitoring, get, clock };
}

describe('createMonitoringApi', () => {
  it('serves current metrics with their dotted names', async () => {
    const { get, monitoring } = api();
    monitoring.recordApiRequest('/mcp', 200, 0.5);
    const reply = await get('/metrics');
    expect(reply.status).toBe(200);
    expect(reply.contentType).toBe('application/json; charset=utf-8');
    expect(reply.json).toEqual({
      time: '2030-01-01T00:00:00.000Z',
      collection_interval_seconds: 30,
      metrics: {
        'system.cpu_percent': 25,
        'system.memory_percent': 50,
        'process.memory_rss_mb': 1,
        'api./mcp.requests': 1,
        'api./mcp.errors': 0,
        'api./mcp.response_time': 0.5,
        'api.overall.requests': 1,
        'api.overall.errors': 0,
        'api.overall.response_time': 0.5,
        'api.overall.error_rate_percent': 0,
        'performance.health_score': 100,
      },
    });
  });

  it('serves the history of the last minutes (default 60)', async () => {
    const { get, monitoring, clock } = api();
    const start = clock.now;
    for (let i = 0; i < 5; i++) {
      clock.now = start + i * 20 * 60_000; // every 20 min: 0, 20, 40, 60, 80
      monitoring.sample();
    }
    const all = await get('/metrics/history');
    expect(all.json).toMatchObject({ last_minutes: 60, capacity: 1000, count: 4 });
    const recent = await get('/metrics/history?last_minutes=20');
    expect(recent.json?.['count']).toBe(2);
    expect(recent.json?.['samples']).toEqual([
      { time: '2030-01-01T01:00:00.000Z', metrics: expect.objectContaining({ 'system.cpu_percent': expect.any(Number) }) },
      { time: '2030-01-01T01:20:00.000Z', metrics: expect.objectContaining({ 'system.memory_percent': 50 }) },
    ]);
  });

  it('summarises min/avg/max/p95 per metric over the whole history or a window', async () => {
    const { get, monitoring, clock } = api();
    monitoring.sample();
    clock.now += 120_000;
    monitoring.recordApiRequest('/mcp', 200, 1);
    monitoring.sample();
    const all = await get('/metrics/summary');
    expect(all.json).toMatchObject({ last_minutes: null, samples: 2, from: '2030-01-01T00:00:00.000Z', to: '2030-01-01T00:02:00.000Z' });
    const metrics = all.json?.['metrics'] as Record<string, unknown>;
    expect(metrics['system.memory_percent']).toEqual({ count: 2, min: 50, avg: 50, max: 50, p95: 50 });
    expect(metrics['api./mcp.response_time']).toEqual({ count: 1, min: 1, avg: 1, max: 1, p95: 1 });
    const window = await get('/metrics/summary?last_minutes=1');
    expect(window.json).toMatchObject({ last_minutes: 1, samples: 1 });
    const empty = await api().get('/metrics/summary');
    expect(empty.json).toEqual({ last_minutes: null, samples: 0, from: null, to: null, metrics: {} });
  });

  it('serves the performance report', async () => {
    const { get } = api({ intelligence });
    const reply = await get('/performance');
    expect(reply.json).toMatchObject({ score: 95, grade: 'excellent', alerts_firing: 0, time: '2030-01-01T00:00:00.000Z' });
    const factors = reply.json?.['factors'] as { name: string; deduction: number }[];
    expect(factors.map((f) => [f.name, f.deduction])).toEqual([
      ['cpu', 0],
      ['memory', 0],
      ['api_error_rate', 0],
      ['sync_health', 5],
      ['response_time', 0],
    ]);
    expect(reply.json?.['recommendations']).toEqual([expect.stringMatching(/^Sync health score 75\/100/)]);
  });

  it('serves alert records of the last hours (default 24) with the thresholds', async () => {
    const { get, monitoring, clock } = api({ thresholds: { memoryPercentMax: 40 } });
    monitoring.sample(); // memory 50% > 40%: fires
    const reply = await get('/alerts');
    expect(reply.json).toMatchObject({ last_hours: 24, firing: 1 });
    expect(reply.json?.['thresholds']).toMatchObject({ 'system.memory_percent': 40, 'system.cpu_percent': 80 });
    expect(reply.json?.['alerts']).toEqual([
      { id: 1, time: '2030-01-01T00:00:00.000Z', metric: 'system.memory_percent', value: 50, peak: 50, threshold: 40, level: 'warning', resolved_at: null },
    ]);
    clock.now += 48 * 3_600_000;
    expect((await get('/alerts?last_hours=1')).json?.['firing']).toBe(1);
  });

  it('serves the Prometheus exposition', async () => {
    const { get } = api({ intelligence });
    const reply = await get('/metrics/prometheus');
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/^text\/plain; version=0.0.4/);
    expect(reply.body).toContain('# TYPE k8s_mcp_performance_health_score gauge');
    expect(reply.body).toContain('\nk8s_mcp_intelligent_kg_nodes 40\n');
  });

  it('serves graph and sync status per kind, and their health', async () => {
    const { get } = api({ intelligence });
    const status = await get('/intelligent/status');
    expect(status.json).toEqual({
      time: '2030-01-01T00:00:00.000Z',
      graph: { nodes: 40, edges: 25 },
      sync: {
        health_score: 75,
        kinds: [
          { kind: 'Pod', namespace: 'a', state: 'synced', objects: 30, lag_seconds: 2, errors: 0 },
          { kind: 'Node', state: 'failed', objects: 0, lag_seconds: null, errors: 3 },
        ],
      },
    });
    const health = await get('/intelligent/health');
    expect(health.json).toEqual({
      time: '2030-01-01T00:00:00.000Z',
      status: 'degraded',
      sync_health_score: 75,
      grade: 'good',
      graph: { nodes: 40, edges: 25 },
      informers: { synced: 1, failed: 1 },
      max_lag_seconds: 2,
      issues: ['Node: failed (3 errors)'],
    });
  });

  it.each([
    [95, 'healthy'],
    [90, 'healthy'],
    [89, 'degraded'],
    [60, 'degraded'],
    [59, 'unhealthy'],
  ])('calls a sync score of %s %s', async (healthScore, status) => {
    const { get } = api({ intelligence: { sync: () => ({ healthScore, kinds: [] }) } });
    expect((await get('/intelligent/health')).json).toMatchObject({ status, graph: null });
  });

  it('answers 503 on the intelligent endpoints without callbacks, or when they throw', async () => {
    const { get } = api();
    for (const path of ['/intelligent/status', '/intelligent/health']) {
      const reply = await get(path);
      expect(reply.status).toBe(503);
      expect(reply.json?.['error']).toMatch(/not running/);
    }
    const failing = api({
      intelligence: {
        sync: () => {
          throw new Error('secret detail');
        },
      },
    });
    const reply = await failing.get('/intelligent/status');
    expect(reply.status).toBe(503);
    expect(reply.body).not.toContain('secret detail');
  });

  it.each([
    ['/metrics/history?last_minutes=0', 'last_minutes must be an integer from 1 to 10080, got "0"'],
    ['/metrics/history?last_minutes=10081', 'last_minutes must be an integer from 1 to 10080, got "10081"'],
    ['/metrics/history?last_minutes=abc', 'last_minutes must be an integer from 1 to 10080, got "abc"'],
    ['/metrics/history?last_minutes=1.5', 'last_minutes must be an integer from 1 to 10080, got "1.5"'],
    ['/metrics/history?last_minutes=', 'last_minutes must be an integer from 1 to 10080, got ""'],
    ['/metrics/history?last_minutes=-5', 'last_minutes must be an integer from 1 to 10080, got "-5"'],
    ['/metrics/summary?last_minutes=99999999999', 'last_minutes must be an integer from 1 to 10080, got "99999999999"'],
    ['/alerts?last_hours=0', 'last_hours must be an integer from 1 to 720, got "0"'],
    ['/alerts?last_hours=721', 'last_hours must be an integer from 1 to 720, got "721"'],
    ['/alerts?last_hours=1e2', 'last_hours must be an integer from 1 to 720, got "1e2"'],
    ['/alerts?last_hour=5', 'unknown query parameter last_hour: /alerts accepts last_hours'],
    ['/alerts?last_hours=1&last_hours=2', 'last_hours may be given once: /alerts accepts last_hours'],
    ['/metrics?x=1', 'unknown query parameter x: /metrics takes no query parameters'],
    ['/performance?last_minutes=5', 'unknown query parameter last_minutes: /performance takes no query parameters'],
  ])('answers %s with 400: %s', async (url, message) => {
    const reply = await api().get(url);
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({ error: message, code: 'BAD_QUERY_PARAMETER' });
  });

  it('answers 404 listing the endpoints for an unknown path', async () => {
    const reply = await api().get('/metrics/nope');
    expect(reply.status).toBe(404);
    expect(reply.json).toEqual({ error: 'no monitoring endpoint /metrics/nope', endpoints: [...MONITORING_PATHS] });
    expect((await api().get('/toString')).status).toBe(404);
  });
});
