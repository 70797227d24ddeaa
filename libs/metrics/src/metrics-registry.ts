import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { lagByKind, type IntelligenceSource } from './intelligence-source.js';

/** Options of {@link createMetricsRegistry}. */
export interface MetricsRegistryOptions {
  /** Registry to register into; a new one is created when omitted (never the global one). */
  readonly registry?: Registry;
  /** Prefix of every metric name. Default `k8s_mcp_`. */
  readonly prefix?: string;
  /** Graph and sync callbacks, read at scrape time; their gauges are registered only when given. */
  readonly intelligence?: IntelligenceSource;
  /** Alerts firing now, read at scrape time. Default: none. */
  readonly alertsFiring?: () => number;
  /** Gets errors thrown by the callbacks during a scrape (the gauge keeps its last value). Default: ignored. */
  readonly onError?: (error: unknown) => void;
}

/** The k8s-mcp metrics, registered in one prom-client registry (names shown with the default prefix). */
export interface MetricsRegistry {
  /** The registry; serve `await registry.metrics()` with `registry.contentType`. */
  readonly registry: Registry;
  /** `k8s_mcp_api_requests_total{route,status}`. */
  readonly apiRequests: Counter<'route' | 'status'>;
  /** `k8s_mcp_api_response_time{route,status}`: histogram, seconds. */
  readonly apiResponseTime: Histogram<'route' | 'status'>;
  /** `k8s_mcp_tool_executions_total{tool}`: MCP tool calls, by tool name. */
  readonly toolExecutions: Counter<'tool'>;
  /** `k8s_mcp_tool_errors_total{tool}`: failed tool calls. */
  readonly toolErrors: Counter<'tool'>;
  /** `k8s_mcp_tool_execution_time{tool}`: histogram, seconds. */
  readonly toolExecutionTime: Histogram<'tool'>;
  /** `k8s_mcp_system_cpu_percent`: set by the sampler. */
  readonly systemCpuPercent: Gauge;
  /** `k8s_mcp_system_memory_percent`: set by the sampler. */
  readonly systemMemoryPercent: Gauge;
  /** `k8s_mcp_process_memory_rss_bytes`: set by the sampler. */
  readonly processRssBytes: Gauge;
  /** `k8s_mcp_performance_health_score`: 0-100, set by the sampler. */
  readonly healthScore: Gauge;
}

const API_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const TOOL_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Registers the default process/Node.js collectors (prefixed; without the three
 * `nodejs_active_*_total` gauges, which break the Prometheus naming rules) and the k8s-mcp metrics into an
 * injected or new registry: API requests and response time by route and status; tool
 * executions, errors and execution time by tool; system CPU and memory percent and process RSS;
 * the health score; alerts firing; and, when `intelligence` is given, graph nodes and edges,
 * sync health score and per-kind sync lag (`k8s_mcp_intelligent_*`). Registering twice into the
 * same registry throws (duplicate metric names), so create one per registry.
 */
export function createMetricsRegistry(options: MetricsRegistryOptions = {}): MetricsRegistry {
  const registry = options.registry ?? new Registry();
  const prefix = options.prefix ?? 'k8s_mcp_';
  const registers = [registry];
  const onError = options.onError ?? (() => undefined);
  collectDefaultMetrics({ register: registry, prefix });
  // prom-client types these three totals as gauges with a `_total` suffix, which
  // `promtool check metrics` rejects; `sum(<prefix>nodejs_active_handles)` etc. give the same.
  for (const name of ['active_handles_total', 'active_requests_total', 'active_resources_total']) {
    registry.removeSingleMetric(`${prefix}nodejs_${name}`);
  }

  const gauge = (name: string, help: string, collect?: (g: Gauge) => void): Gauge =>
    new Gauge({
      name: `${prefix}${name}`,
      help,
      registers,
      ...(collect
        ? {
            collect(this: Gauge) {
              try {
                collect(this);
              } catch (error) {
                onError(error);
              }
            },
          }
        : {}),
    });

  const metrics: MetricsRegistry = {
    registry,
    apiRequests: new Counter({
      name: `${prefix}api_requests_total`,
      help: 'HTTP API requests, by route pattern and status code.',
      labelNames: ['route', 'status'] as const,
      registers,
    }),
    apiResponseTime: new Histogram({
      name: `${prefix}api_response_time`,
      help: 'HTTP API response time in seconds, by route pattern and status code.',
      labelNames: ['route', 'status'] as const,
      buckets: API_BUCKETS,
      registers,
    }),
    toolExecutions: new Counter({
      name: `${prefix}tool_executions_total`,
      help: 'MCP tool calls, by tool name.',
      labelNames: ['tool'] as const,
      registers,
    }),
    toolErrors: new Counter({
      name: `${prefix}tool_errors_total`,
      help: 'MCP tool calls that failed, by tool name.',
      labelNames: ['tool'] as const,
      registers,
    }),
    toolExecutionTime: new Histogram({
      name: `${prefix}tool_execution_time`,
      help: 'MCP tool execution time in seconds, by tool name.',
      labelNames: ['tool'] as const,
      buckets: TOOL_BUCKETS,
      registers,
    }),
    systemCpuPercent: gauge('system_cpu_percent', 'Busy share of all CPU cores over the last collection interval, percent.'),
    systemMemoryPercent: gauge('system_memory_percent', 'Used share of the host memory, percent.'),
    processRssBytes: gauge('process_memory_rss_bytes', 'Resident set size of the k8s-mcp process, bytes.'),
    healthScore: gauge('performance_health_score', 'Performance health score, 0 to 100 (see docs/monitoring.md).'),
  };

  const alertsFiring = options.alertsFiring;
  gauge('alerts_firing', 'Alerts firing now.', (g) => g.set(alertsFiring ? alertsFiring() : 0));

  const intelligence = options.intelligence;
  if (intelligence?.graph) {
    const graph = intelligence.graph.bind(intelligence);
    gauge('intelligent_kg_nodes', 'Nodes in the knowledge graph.', (g) => g.set(graph().nodes));
    gauge('intelligent_kg_edges', 'Edges in the knowledge graph.', (g) => g.set(graph().edges));
  }
  if (intelligence?.sync) {
    const sync = intelligence.sync.bind(intelligence);
    gauge('intelligent_sync_health_score', 'Sync health score, 0 to 100.', (g) => g.set(sync().healthScore));
    new Gauge({
      name: `${prefix}intelligent_sync_lag_seconds`,
      help: 'Seconds since the last sign of life of each synced kind (largest across its namespaces).',
      labelNames: ['kind'] as const,
      registers,
      collect(this: Gauge<'kind'>) {
        try {
          const lags = lagByKind(sync().kinds);
          this.reset();
          for (const [kind, lag] of lags) this.set({ kind }, lag);
        } catch (error) {
          onError(error);
        }
      },
    });
  }
  return metrics;
}
