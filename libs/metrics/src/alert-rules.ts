import { METRIC_NAMES } from './metric-names.js';

/** One threshold watched by the alert manager: `metric` above `threshold` fires. */
export interface AlertRule {
  /** Dotted metric name, e.g. `system.cpu_percent`. */
  readonly metric: string;
  /** Fires above this value. */
  readonly threshold: number;
}

/** The alert thresholds of the configuration (ALERT_*). */
export interface AlertThresholds {
  /** ALERT_API_RESPONSE_TIME_MAX: mean API response time over an interval, seconds. */
  readonly apiResponseTimeMaxSeconds: number;
  /** ALERT_CPU_PERCENT_MAX: system CPU percent. */
  readonly cpuPercentMax: number;
  /** ALERT_MEMORY_PERCENT_MAX: system memory percent. */
  readonly memoryPercentMax: number;
  /** ALERT_ERROR_RATE_MAX: share of API requests answered 5xx over an interval, percent. */
  readonly errorRatePercentMax: number;
  /** ALERT_SYNC_DELAY_MAX: largest per-kind sync lag, seconds. */
  readonly syncDelayMaxSeconds: number;
}

/** The configuration defaults of {@link AlertThresholds} (5 s, 80%, 85%, 5%, 300 s). */
export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = Object.freeze({
  apiResponseTimeMaxSeconds: 5,
  cpuPercentMax: 80,
  memoryPercentMax: 85,
  errorRatePercentMax: 5,
  syncDelayMaxSeconds: 300,
});

/** The five rules of the configuration's thresholds, on the metrics named in {@link METRIC_NAMES}. */
export function alertRulesFromThresholds(thresholds: AlertThresholds): AlertRule[] {
  return [
    { metric: METRIC_NAMES.apiResponseTime, threshold: thresholds.apiResponseTimeMaxSeconds },
    { metric: METRIC_NAMES.cpuPercent, threshold: thresholds.cpuPercentMax },
    { metric: METRIC_NAMES.memoryPercent, threshold: thresholds.memoryPercentMax },
    { metric: METRIC_NAMES.apiErrorRatePercent, threshold: thresholds.errorRatePercentMax },
    { metric: METRIC_NAMES.syncDelaySeconds, threshold: thresholds.syncDelayMaxSeconds },
  ];
}
