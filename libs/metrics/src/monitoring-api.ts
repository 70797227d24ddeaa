import type { AlertRecord } from './alert-manager.js';
import type { Monitoring } from './create-monitoring.js';
import { healthGrade } from './health-grade.js';
import { lagByKind, type SyncKindStatus } from './intelligence-source.js';
import type { MetricsSample } from './metric-names.js';
import { checkQueryNames, type IntegerParam, integerParam, QueryParamError } from './query-params.js';

/** What a monitoring endpoint answers; the body is already serialised. */
export interface MonitoringResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Answers one GET of a monitoring endpoint (`path` without query string). Never rejects. */
export type MonitoringHandler = (path: string, query: URLSearchParams) => Promise<MonitoringResponse>;

/** What the endpoints read: a {@link Monitoring} satisfies it. */
export type MonitoringApiDeps = Pick<
  Monitoring,
  'metrics' | 'history' | 'alerts' | 'intelligence' | 'intervalMs' | 'now' | 'current' | 'performance'
>;

/** The paths {@link createMonitoringApi} serves (GET). `/health` belongs to the app. */
export const MONITORING_PATHS = [
  '/metrics',
  '/metrics/history',
  '/metrics/summary',
  '/metrics/prometheus',
  '/performance',
  '/alerts',
  '/intelligent/status',
  '/intelligent/health',
] as const;

const LAST_MINUTES: IntegerParam = { name: 'last_minutes', min: 1, max: 10_080 };
const LAST_HOURS: IntegerParam = { name: 'last_hours', min: 1, max: 720 };
const JSON_TYPE = 'application/json; charset=utf-8';

const iso = (ms: number): string => new Date(ms).toISOString();
const json = (status: number, body: unknown): MonitoringResponse => ({ status, contentType: JSON_TYPE, body: JSON.stringify(body) });
const sampleJson = (s: MetricsSample) => ({ time: iso(s.time), metrics: s.values });

const alertJson = (a: AlertRecord) => ({
  id: a.id,
  time: iso(a.time),
  metric: a.metric,
  value: a.value,
  peak: a.peak,
  threshold: a.threshold,
  level: a.level,
  resolved_at: a.resolvedAt === null ? null : iso(a.resolvedAt),
});

const kindJson = (k: SyncKindStatus) => ({
  kind: k.kind,
  ...(k.namespace !== undefined ? { namespace: k.namespace } : {}),
  state: k.state,
  objects: k.objects,
  lag_seconds: k.lagSeconds ?? null,
  errors: k.errors,
});

/**
 * The monitoring endpoints, framework-free (JSON bodies use snake_case):
 * - `/metrics`: a fresh sample's dotted metrics (`{time, collection_interval_seconds, metrics}`);
 * - `/metrics/history?last_minutes=` (1-10080, default 60): the stored samples in the window;
 * - `/metrics/summary?last_minutes=` (default the whole history): min/avg/max/p95 per metric;
 * - `/metrics/prometheus`: the registry in the Prometheus text format;
 * - `/performance`: health score, grade, factors and recommendations;
 * - `/alerts?last_hours=` (1-720, default 24): alerts fired or resolved in the window, and those firing;
 * - `/intelligent/status`: graph size and per-kind sync state;
 * - `/intelligent/health`: graph and sync health (`healthy` from a sync score of 90,
 *   `degraded` from 60, else `unhealthy`).
 * A bad or unknown query parameter answers 400 saying what is accepted; an unknown path 404;
 * the intelligent endpoints 503 when no graph or sync callbacks were given or they throw.
 */
export function createMonitoringApi(deps: MonitoringApiDeps): MonitoringHandler {
  const { alerts, history, metrics, intelligence, now } = deps;

  const routes: Record<(typeof MONITORING_PATHS)[number], { params: IntegerParam[]; run: (q: URLSearchParams) => Promise<MonitoringResponse> | MonitoringResponse }> = {
    '/metrics': {
      params: [],
      run: () => {
        const s = deps.current();
        return json(200, { time: iso(s.time), collection_interval_seconds: deps.intervalMs / 1000, metrics: s.values });
      },
    },
    '/metrics/history': {
      params: [LAST_MINUTES],
      run: (q) => {
        const minutes = integerParam(q, LAST_MINUTES) ?? 60;
        const samples = history.samples(now() - minutes * 60_000);
        return json(200, { last_minutes: minutes, capacity: history.capacity, count: samples.length, samples: samples.map(sampleJson) });
      },
    },
    '/metrics/summary': {
      params: [LAST_MINUTES],
      run: (q) => {
        const minutes = integerParam(q, LAST_MINUTES);
        const since = minutes === undefined ? undefined : now() - minutes * 60_000;
        const samples = history.samples(since);
        return json(200, {
          last_minutes: minutes ?? null,
          samples: samples.length,
          from: samples[0] ? iso(samples[0].time) : null,
          to: samples.length > 0 ? iso((samples[samples.length - 1] as MetricsSample).time) : null,
          metrics: history.stats(since),
        });
      },
    },
    '/metrics/prometheus': {
      params: [],
      run: async () => ({ status: 200, contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
    },
    '/performance': {
      params: [],
      run: () => {
        const r = deps.performance();
        return json(200, {
          time: iso(r.time),
          score: r.score,
          grade: r.grade,
          factors: r.factors,
          alerts_firing: r.alertsFiring,
          recommendations: r.recommendations,
        });
      },
    },
    '/alerts': {
      params: [LAST_HOURS],
      run: (q) => {
        const hours = integerParam(q, LAST_HOURS) ?? 24;
        const records = alerts.records(now() - hours * 3_600_000);
        return json(200, {
          last_hours: hours,
          firing: records.filter((r) => r.resolvedAt === null).length,
          thresholds: Object.fromEntries(alerts.rules.map((r) => [r.metric, r.threshold])),
          alerts: records.map(alertJson),
        });
      },
    },
    '/intelligent/status': { params: [], run: () => intelligent('status') },
    '/intelligent/health': { params: [], run: () => intelligent('health') },
  };

  function intelligent(view: 'status' | 'health'): MonitoringResponse {
    if (!intelligence?.graph && !intelligence?.sync) {
      return json(503, { error: 'the knowledge graph and sync are not running in this server (ENABLE_KNOWLEDGE_GRAPH)' });
    }
    let graph;
    let sync;
    try {
      graph = intelligence.graph ? intelligence.graph() : null;
      sync = intelligence.sync ? intelligence.sync() : null;
    } catch {
      return json(503, { error: 'reading the knowledge graph or sync state failed; see the server log' });
    }
    const time = iso(now());
    if (view === 'status') {
      return json(200, {
        time,
        graph,
        sync: sync ? { health_score: sync.healthScore, kinds: sync.kinds.map(kindJson) } : null,
      });
    }
    const states: Record<string, number> = {};
    for (const k of sync?.kinds ?? []) states[k.state] = (states[k.state] ?? 0) + 1;
    const lags = sync ? [...lagByKind(sync.kinds).values()] : [];
    const score = sync?.healthScore ?? null;
    const status = score === null || score >= 90 ? 'healthy' : score >= 60 ? 'degraded' : 'unhealthy';
    const issues = (sync?.kinds ?? [])
      .filter((k) => k.state !== 'synced')
      .map((k) => `${k.kind}${k.namespace ? ` in ${k.namespace}` : ''}: ${k.state}${k.errors > 0 ? ` (${k.errors} errors)` : ''}`);
    return json(200, {
      time,
      status,
      sync_health_score: score,
      grade: score === null ? null : healthGrade(Math.min(100, Math.max(0, score))),
      graph,
      informers: states,
      max_lag_seconds: lags.length > 0 ? Math.max(...lags) : null,
      issues,
    });
  }

  return async (path, query) => {
    const route = Object.hasOwn(routes, path) ? routes[path as keyof typeof routes] : undefined;
    if (!route) return json(404, { error: `no monitoring endpoint ${path}`, endpoints: MONITORING_PATHS });
    try {
      checkQueryNames(path, query, route.params);
      return await route.run(query);
    } catch (error) {
      if (error instanceof QueryParamError) return json(400, { error: error.message, code: error.code });
      return json(500, { error: `${path} failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  };
}
