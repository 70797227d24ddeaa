import type { Registry } from 'prom-client';
import { type ActivityStatsOptions, createActivityStats } from './activity-stats.js';
import { type AlertManager, type AlertPolicy, createAlertManager } from './alert-manager.js';
import { alertRulesFromThresholds, type AlertThresholds, DEFAULT_ALERT_THRESHOLDS } from './alert-rules.js';
import { type IntelligenceSource, intelligenceValues } from './intelligence-source.js';
import { METRIC_NAMES, type MetricsSample } from './metric-names.js';
import { createMetricsHistory, type MetricsHistory } from './metrics-history.js';
import { createMetricsRegistry, type MetricsRegistry } from './metrics-registry.js';
import { createMetricsSampler, type IntervalTimers } from './metrics-sampler.js';
import { computeHealthScore, type HealthScore } from './performance-health.js';
import { buildPerformanceReport, type PerformanceReport } from './performance-report.js';
import { createSystemProbe, type SystemSources } from './system-probe.js';

/** Options of {@link createMonitoring}; the defaults match the configuration's. */
export interface MonitoringOptions {
  /** METRICS_COLLECTION_INTERVAL, seconds. Default 30. */
  readonly collectionIntervalSeconds?: number;
  /** METRICS_HISTORY_SIZE, samples. Default 1000. */
  readonly historySize?: number;
  /** ALERT_* thresholds; missing ones take {@link DEFAULT_ALERT_THRESHOLDS}. */
  readonly thresholds?: Partial<AlertThresholds>;
  /** Alert hysteresis and retention; see `AlertPolicy` for the defaults. */
  readonly alertPolicy?: Partial<AlertPolicy>;
  /** Graph and sync callbacks; the `intelligent.*` metrics and endpoints need them. */
  readonly intelligence?: IntelligenceSource;
  /** Registry to register into (never the global one). Default a new one. */
  readonly registry?: Registry;
  /** Prometheus name prefix. Default `k8s_mcp_`. */
  readonly prefix?: string;
  /** Distinct routes and tools tracked by name in the JSON metrics. Default 100. */
  readonly maxKeys?: ActivityStatsOptions['maxKeys'];
  /** CPU, memory and RSS sources. Default node:os and this process. */
  readonly system?: SystemSources;
  /** Clock in ms. Default `Date.now`. */
  readonly now?: () => number;
  /** Default the process's (unref'd) timers. */
  readonly timers?: IntervalTimers;
  /** Gets errors of the intelligence callbacks and of sampling. Default: ignored. */
  readonly onError?: (error: unknown) => void;
}

/** Metrics, history, alerts and health of one server; what the monitoring endpoints read. */
export interface Monitoring {
  /** The prom-client metrics. */
  readonly metrics: MetricsRegistry;
  /** Committed samples. */
  readonly history: MetricsHistory;
  /** Alerts over the committed samples. */
  readonly alerts: AlertManager;
  /** The callbacks given, if any. */
  readonly intelligence?: IntelligenceSource;
  /** Sampling interval, ms. */
  readonly intervalMs: number;
  /** The clock. */
  now(): number;
  /** Records one HTTP request (route pattern, status code, duration in seconds). */
  recordApiRequest(route: string, status: number, seconds: number): void;
  /** Records one MCP tool call (tool name, duration in seconds, whether it succeeded). */
  recordToolExecution(tool: string, seconds: number, ok: boolean): void;
  /** A fresh sample that is not stored and does not start a new interval (for `/metrics`). */
  current(): MetricsSample;
  /**
   * Takes a sample, stores it in the history, evaluates the alerts on it and sets the
   * Prometheus gauges (what the sampler does every interval).
   */
  sample(): MetricsSample;
  /** The health score of a sample's values. */
  health(sample: MetricsSample): HealthScore;
  /** Score, grade, factors and recommendations from a fresh sample and the firing alerts. */
  performance(): PerformanceReport;
  /** Starts sampling every interval (a first sample at once). */
  start(): void;
  /** Stops sampling. */
  stop(): void;
}

/**
 * Creates the monitoring of one server: a prom-client registry, a system probe, API and tool
 * counters, a history of `historySize` samples taken every `collectionIntervalSeconds` once
 * started, alerts on the ALERT_* thresholds, and the health score. Nothing runs until `start()`.
 *
 * @throws RangeError (prefixed by the factory that refused it) for an invalid interval, history
 *   size, threshold or alert policy
 */
export function createMonitoring(options: MonitoringOptions = {}): Monitoring {
  const now = options.now ?? Date.now;
  const onError = options.onError ?? (() => undefined);
  const intelligence = options.intelligence;
  const intervalSeconds = options.collectionIntervalSeconds ?? 30;
  const history = createMetricsHistory(options.historySize ?? 1000);
  const alerts = createAlertManager(alertRulesFromThresholds({ ...DEFAULT_ALERT_THRESHOLDS, ...options.thresholds }), options.alertPolicy);
  const metrics = createMetricsRegistry({
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    ...(intelligence ? { intelligence } : {}),
    alertsFiring: () => alerts.firing().length,
    onError,
  });
  const probe = createSystemProbe(options.system);
  const activity = createActivityStats(options.maxKeys !== undefined ? { maxKeys: options.maxKeys } : {});

  const health = (sample: MetricsSample): HealthScore => {
    const v = sample.values;
    return computeHealthScore({
      cpuPercent: v[METRIC_NAMES.cpuPercent],
      memoryPercent: v[METRIC_NAMES.memoryPercent],
      apiErrorRatePercent: v[METRIC_NAMES.apiErrorRatePercent],
      syncHealthScore: v[METRIC_NAMES.syncHealthScore],
      responseTimeSeconds: v[METRIC_NAMES.apiResponseTime],
    });
  };

  const collect = (commit: boolean): MetricsSample => {
    const system = probe.read({ commit });
    const values: Record<string, number> = {
      [METRIC_NAMES.cpuPercent]: system.cpuPercent,
      [METRIC_NAMES.memoryPercent]: system.memoryPercent,
      [METRIC_NAMES.rssMb]: system.rssBytes / (1024 * 1024),
      ...activity.values({ commit }),
      ...intelligenceValues(intelligence, onError),
    };
    const sample = { time: now(), values };
    values[METRIC_NAMES.healthScore] = health(sample).score;
    return sample;
  };

  const sample = (): MetricsSample => {
    const taken = collect(true);
    history.push(taken);
    alerts.evaluate(taken);
    const v = taken.values;
    metrics.systemCpuPercent.set(v[METRIC_NAMES.cpuPercent] ?? 0);
    metrics.systemMemoryPercent.set(v[METRIC_NAMES.memoryPercent] ?? 0);
    metrics.processRssBytes.set((v[METRIC_NAMES.rssMb] ?? 0) * 1024 * 1024);
    metrics.healthScore.set(v[METRIC_NAMES.healthScore] ?? 0);
    return taken;
  };

  const sampler = createMetricsSampler({
    intervalMs: intervalSeconds * 1000,
    tick: () => void sample(),
    ...(options.timers ? { timers: options.timers } : {}),
    onError,
  });

  return {
    metrics,
    history,
    alerts,
    ...(intelligence ? { intelligence } : {}),
    intervalMs: sampler.intervalMs,
    now,
    recordApiRequest(route, status, seconds) {
      const name = activity.recordApiRequest(route, status, seconds);
      const labels = { route: name, status: String(status) };
      metrics.apiRequests.inc(labels);
      metrics.apiResponseTime.observe(labels, seconds);
    },
    recordToolExecution(tool, seconds, ok) {
      const name = activity.recordToolExecution(tool, seconds, ok);
      metrics.toolExecutions.inc({ tool: name });
      metrics.toolExecutionTime.observe({ tool: name }, seconds);
      if (!ok) metrics.toolErrors.inc({ tool: name });
    },
    current: () => collect(false),
    sample,
    health,
    performance() {
      const fresh = collect(false);
      return buildPerformanceReport(health(fresh), fresh.time, alerts.firing());
    },
    start: () => sampler.start(),
    stop: () => sampler.stop(),
  };
}
