export {
  type AlertLevel,
  type AlertManager,
  type AlertPolicy,
  type AlertRecord,
  createAlertManager,
  DEFAULT_ALERT_POLICY,
} from './alert-manager.js';
export { type AlertRule, alertRulesFromThresholds, type AlertThresholds, DEFAULT_ALERT_THRESHOLDS } from './alert-rules.js';
export { createMonitoring, type Monitoring, type MonitoringOptions } from './create-monitoring.js';
export { healthGrade, HEALTH_GRADES, type HealthGrade } from './health-grade.js';
export type { GraphSize, IntelligenceSource, SyncKindStatus, SyncState } from './intelligence-source.js';
export {
  apiMetricName,
  METRIC_NAMES,
  type MetricsSample,
  OVERALL_ROUTE,
  syncLagMetricName,
  toolMetricName,
} from './metric-names.js';
export type { MetricsHistory } from './metrics-history.js';
export { createMetricsRegistry, type MetricsRegistry, type MetricsRegistryOptions } from './metrics-registry.js';
export type { IntervalTimers } from './metrics-sampler.js';
export {
  createMonitoringApi,
  MONITORING_PATHS,
  type MonitoringApiDeps,
  type MonitoringHandler,
  type MonitoringResponse,
} from './monitoring-api.js';
export {
  computeHealthScore,
  HEALTH_FACTORS,
  type HealthFactor,
  type HealthFactorName,
  type HealthInputs,
  type HealthScore,
} from './performance-health.js';
export type { PerformanceReport } from './performance-report.js';
export { type CpuTimes, nodeSystemSources, type SystemSources } from './system-probe.js';
export type { WindowStats } from './window-stats.js';
