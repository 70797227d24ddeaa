/** One collection: dotted metric names (see {@link METRIC_NAMES}) mapped to their values. */
export interface MetricsSample {
  /** When it was collected, in clock milliseconds. */
  readonly time: number;
  /** Dotted name -> value. A metric with nothing to report in this interval is absent. */
  readonly values: Readonly<Record<string, number>>;
}

/**
 * The fixed dotted names of the JSON endpoints. Per-route, per-tool and per-kind names are built
 * by {@link apiMetricName}, {@link toolMetricName} and {@link syncLagMetricName}.
 */
export const METRIC_NAMES = Object.freeze({
  cpuPercent: 'system.cpu_percent',
  memoryPercent: 'system.memory_percent',
  rssMb: 'process.memory_rss_mb',
  kgNodes: 'intelligent.kg_nodes',
  kgEdges: 'intelligent.kg_edges',
  syncHealthScore: 'intelligent.sync_health_score',
  /** The largest per-kind sync lag, in seconds (what ALERT_SYNC_DELAY_MAX watches). */
  syncDelaySeconds: 'intelligent.sync_delay_seconds',
  /** Mean response time of all routes over the interval, in seconds. */
  apiResponseTime: 'api.overall.response_time',
  /** Requests of all routes since start. */
  apiRequests: 'api.overall.requests',
  /** 5xx responses of all routes since start. */
  apiErrors: 'api.overall.errors',
  /** 5xx responses / requests over the interval, in percent. */
  apiErrorRatePercent: 'api.overall.error_rate_percent',
  /** Health score (0-100) of the sample. */
  healthScore: 'performance.health_score',
});

/** The route pseudo-name under which {@link METRIC_NAMES} aggregates every route. */
export const OVERALL_ROUTE = 'overall';

/**
 * `api.<route>.<field>`: `requests` and `errors` (5xx) count since start, `response_time` is the
 * mean over the interval in seconds. `route` is used as given (e.g. `/mcp`).
 */
export function apiMetricName(route: string, field: 'requests' | 'errors' | 'response_time'): string {
  return `api.${route}.${field}`;
}

/**
 * `tool.<name>.<field>`: `executions` and `errors` count since start, `execution_time` is the
 * mean over the interval in seconds.
 */
export function toolMetricName(tool: string, field: 'executions' | 'errors' | 'execution_time'): string {
  return `tool.${tool}.${field}`;
}

/** `intelligent.sync_lag_seconds.<kind>`: the largest lag of that kind's informers, in seconds. */
export function syncLagMetricName(kind: string): string {
  return `intelligent.sync_lag_seconds.${kind}`;
}
