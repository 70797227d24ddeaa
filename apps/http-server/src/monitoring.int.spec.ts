import { execFile, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createKnowledgeGraph } from '@k8s-mcp/graph';
import { createKubeTransport, createNamespacePolicy } from '@k8s-mcp/k8s-client';
import { createMcpServer } from '@k8s-mcp/mcp-server';
import { createMonitoring, HEALTH_GRADES, type IntelligenceSource } from '@k8s-mcp/metrics';
import { createSyncManager } from '@k8s-mcp/sync';
import { createKubeClients, deploymentFixture, integrationTest as test, waitFor } from '@k8s-mcp/testing';
import { describe, expect } from 'vitest';
import { createHttpApp } from './app.js';

// Every monitoring endpoint on the Koa app, with the intelligence fed by a real sync manager
// (admin kubeconfig, all built-in kinds) and the knowledge graph built from its change events.

type Json = Record<string, unknown>;

async function promtoolCheck(exposition: string): Promise<{ code: number | null; output: string }> {
  const script = fileURLToPath(new URL('../../../tools/promtool.sh', import.meta.url));
  const { stdout } = await promisify(execFile)('bash', [script], { timeout: 20 * 60_000 });
  const promtool = stdout.trim().split('\n').pop() ?? '';
  return new Promise((resolve, reject) => {
    const child = spawn(promtool, ['check', 'metrics']);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(exposition);
  });
}

describe('monitoring endpoints on the HTTP app', () => {
  test('serve metrics, history, summary, performance, alerts, Prometheus and intelligence from a live sync', async ({ controlPlane, admin, namespace }) => {
    await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'web', replicas: 2 }) });

    const transport = createKubeTransport(createKubeClients(controlPlane.adminKubeconfig).kubeConfig);
    const sync = createSyncManager({ transport, policy: createNamespacePolicy({ allowed: [], forbidden: [] }), options: { readyTimeoutMs: 60_000 } });
    const graph = createKnowledgeGraph();
    sync.subscribe((event) => graph.applyChange({ type: event.type, kind: event.kind.kind, object: event.object }));
    const intelligence: IntelligenceSource = {
      graph: () => {
        const stats = graph.stats();
        return { nodes: stats.nodes, edges: stats.edges };
      },
      sync: () => ({
        healthScore: sync.healthScore(),
        kinds: sync.status().map((s) => ({
          kind: s.kind,
          ...(s.namespace ? { namespace: s.namespace } : {}),
          state: s.state,
          objects: s.objects,
          ...(s.lagMs !== undefined ? { lagSeconds: s.lagMs / 1000 } : {}),
          errors: s.errors,
        })),
      }),
    };
    const monitoring = createMonitoring({ intelligence, collectionIntervalSeconds: 1, historySize: 50 });
    const { app, sessions } = createHttpApp({
      stateless: true,
      createMcpServer: () => createMcpServer({ name: 'k8s-mcp', version: '0.0.0' }),
      monitoring,
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const get = async (path: string) => {
      const response = await fetch(`${base}${path}`);
      const text = await response.text();
      const type = response.headers.get('content-type') ?? '';
      return { status: response.status, type, text, json: type.startsWith('application/json') ? (JSON.parse(text) as Json) : {} };
    };

    try {
      sync.start();
      monitoring.start();
      await sync.ready();
      await waitFor(() => graph.nodes({ kind: 'Pod', namespace }).filter((n) => !n.missing).length === 2, {
        description: 'the 2 web pods in the graph',
      });

      // Traffic of three kinds: a route, MCP, and an unmatched path.
      expect((await get('/health')).status).toBe(200);
      const init = await fetch(`${base}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } }),
      });
      expect(init.status).toBe(200);
      await init.text();
      expect((await get('/no-such-route')).status).toBe(404);

      // /metrics: current values under the dotted names.
      const current = await get('/metrics');
      expect(current.status).toBe(200);
      expect(current.type).toBe('application/json; charset=utf-8');
      expect(current.json).toMatchObject({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), collection_interval_seconds: 1 });
      const metrics = current.json['metrics'] as Record<string, number>;
      for (const name of ['system.cpu_percent', 'system.memory_percent']) {
        expect(metrics[name]).toBeGreaterThanOrEqual(0);
        expect(metrics[name]).toBeLessThanOrEqual(100);
      }
      expect(metrics['process.memory_rss_mb']).toBeGreaterThan(10);
      expect(metrics['api./health.requests']).toBe(1);
      expect(metrics['api./mcp.requests']).toBe(1);
      expect(metrics['api.unmatched.requests']).toBe(1);
      expect(metrics['api./mcp.response_time']).toBeGreaterThan(0);
      expect(metrics['intelligent.kg_nodes']).toBeGreaterThanOrEqual(graph.nodes({ namespace }).length);
      expect(metrics['intelligent.kg_edges']).toBeGreaterThan(0);
      expect(metrics['intelligent.sync_health_score']).toBeGreaterThan(0);
      expect(metrics['intelligent.sync_lag_seconds.Pod']).toBeGreaterThanOrEqual(0);

      // /intelligent/status: per-kind sync state; the Node count equals the API's.
      const apiNodes = (await admin.core.listNode()).items.length;
      const status = await waitFor(
        async () => {
          const reply = await get('/intelligent/status');
          const kinds = (reply.json['sync'] as { kinds: Json[] }).kinds;
          return kinds.find((k) => k['kind'] === 'Node')?.['objects'] === apiNodes ? reply : undefined;
        },
        { description: `the Node kind reporting ${apiNodes} objects` },
      );
      expect(status.status).toBe(200);
      const syncJson = status.json['sync'] as { health_score: number; kinds: Json[] };
      expect(syncJson.health_score).toBeGreaterThan(0);
      expect(syncJson.health_score).toBeLessThanOrEqual(100);
      expect(syncJson.kinds.length).toBe(sync.status().length);
      expect(syncJson.kinds.find((k) => k['kind'] === 'Deployment')).toMatchObject({ state: 'synced', objects: expect.any(Number), errors: expect.any(Number) });
      expect(status.json['graph']).toEqual({ nodes: expect.any(Number), edges: expect.any(Number) });

      const health = await get('/intelligent/health');
      expect(health.status).toBe(200);
      expect(['healthy', 'degraded', 'unhealthy']).toContain(health.json['status']);
      expect(HEALTH_GRADES).toContain(health.json['grade']);
      const informers = health.json['informers'] as Record<string, number>;
      expect(Object.values(informers).reduce((a, b) => a + b, 0)).toBe(sync.status().length);
      expect(health.json['issues']).toBeInstanceOf(Array);

      // History and summary once the 1 s sampler has run a few times.
      const history = await waitFor(
        async () => {
          const reply = await get('/metrics/history?last_minutes=5');
          return (reply.json['count'] as number) >= 3 ? reply : undefined;
        },
        { description: '3 samples in the history', timeoutMs: 30_000 },
      );
      expect(history.json).toMatchObject({ last_minutes: 5, capacity: 50 });
      const samples = history.json['samples'] as { time: string; metrics: Record<string, number> }[];
      expect(Date.parse(samples[0]!.time)).toBeLessThan(Date.parse(samples[samples.length - 1]!.time));
      expect(samples.at(-1)!.metrics['intelligent.kg_nodes']).toBeGreaterThan(0);

      const summary = await get('/metrics/summary');
      expect(summary.status).toBe(200);
      const cpu = (summary.json['metrics'] as Record<string, { min: number; avg: number; max: number; p95: number; count: number }>)['system.cpu_percent']!;
      expect(cpu.count).toBeGreaterThanOrEqual(3);
      expect(cpu.min).toBeLessThanOrEqual(cpu.avg);
      expect(cpu.avg).toBeLessThanOrEqual(cpu.max);
      expect(cpu.p95).toBeLessThanOrEqual(cpu.max);
      expect(cpu.p95).toBeGreaterThanOrEqual(cpu.min);

      const performance = await get('/performance');
      expect(performance.status).toBe(200);
      expect(performance.json['score']).toBeGreaterThanOrEqual(0);
      expect(performance.json['score']).toBeLessThanOrEqual(100);
      expect(HEALTH_GRADES).toContain(performance.json['grade']);
      const factors = performance.json['factors'] as Json[];
      expect(factors.map((f) => f['name'])).toEqual(['cpu', 'memory', 'api_error_rate', 'sync_health', 'response_time']);
      expect(factors.find((f) => f['name'] === 'sync_health')?.['value']).toBeGreaterThan(0);
      expect((performance.json['recommendations'] as string[]).length).toBeGreaterThan(0);

      const alerts = await get('/alerts?last_hours=2');
      expect(alerts.status).toBe(200);
      expect(alerts.json).toMatchObject({ last_hours: 2, firing: expect.any(Number), alerts: expect.any(Array) });
      expect(alerts.json['thresholds']).toEqual({
        'api.overall.response_time': 5,
        'system.cpu_percent': 80,
        'system.memory_percent': 85,
        'api.overall.error_rate_percent': 5,
        'intelligent.sync_delay_seconds': 300,
      });

      // Prometheus: the exposition of the live app passes promtool.
      const prometheus = await get('/metrics/prometheus');
      expect(prometheus.status).toBe(200);
      expect(prometheus.type).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(prometheus.text).toMatch(/^k8s_mcp_api_response_time_bucket\{le="[^"]+",route="\/mcp",status="200"\} 1$/m);
      expect(prometheus.text).toMatch(/^k8s_mcp_api_requests_total\{route="\/metrics",status="200"\} 1$/m);
      expect(prometheus.text).toMatch(/^k8s_mcp_intelligent_kg_nodes [1-9]\d*$/m);
      expect(prometheus.text).toMatch(/^k8s_mcp_intelligent_sync_lag_seconds\{kind="Pod"\} [\d.e+-]+$/m);
      expect(prometheus.text).toMatch(/^k8s_mcp_performance_health_score [\d.]+$/m);
      const checked = await promtoolCheck(prometheus.text);
      expect(checked.output).toBe('');
      expect(checked.code).toBe(0);

      // Bad parameters get a 400 that says what is accepted.
      const bad = await get('/metrics/history?last_minutes=abc');
      expect(bad.status).toBe(400);
      expect(bad.json['error']).toBe('last_minutes must be an integer from 1 to 10080, got "abc"');
      expect((await get('/alerts?last_hours=9999')).json['error']).toBe('last_hours must be an integer from 1 to 720, got "9999"');

      // The 400s and every endpoint above were recorded per route.
      const after = (await get('/metrics')).json['metrics'] as Record<string, number>;
      expect(after['api./metrics/history.errors']).toBe(0);
      expect(after['api./metrics/history.requests']).toBeGreaterThanOrEqual(2); // the polls and the 400
      expect(after['api./intelligent/status.requests']).toBeGreaterThanOrEqual(1);
    } finally {
      monitoring.stop();
      await sync.stop();
      await sessions.closeAll();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      transport.close();
    }
  });
});
