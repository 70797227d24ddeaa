import type { AlertRecord } from './alert-manager.js';
import type { HealthFactor, HealthScore } from './performance-health.js';

/** What `/performance` serves. */
export interface PerformanceReport extends HealthScore {
  /** When the inputs were sampled (clock ms). */
  readonly time: number;
  /** Alerts firing now. */
  readonly alertsFiring: number;
  /** What to look at, worst factor first; one reassuring line when nothing deducts. */
  readonly recommendations: readonly string[];
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(2));

function advice(f: HealthFactor): string {
  const v = fmt(f.value ?? 0);
  switch (f.name) {
    case 'cpu':
      return `CPU at ${v}% (deducting above ${f.trigger}%): find what else is busy on the host, or give the server more CPU.`;
    case 'memory':
      return `Memory at ${v}% (deducting above ${f.trigger}%): lower GRAPH_MEMORY_LIMIT or narrow the synced kinds and namespaces, or give the host more memory.`;
    case 'api_error_rate':
      return `${v}% of API requests failed with 5xx: read the server log for the failing route and check that the Kubernetes API is reachable.`;
    case 'sync_health':
      return `Sync health score ${v}/100: see /intelligent/status for kinds that are failed, pending or lagging (RBAC refusals show as degraded).`;
    case 'response_time':
      return `Mean API response time ${v} s (deducting above ${f.trigger} s): check the Kubernetes API latency and the size of the responses (pagination, summaries).`;
  }
}

/**
 * The performance report: the health score and factors, plus recommendations for every factor
 * that deducts (largest deduction first) and a line per firing alert.
 */
export function buildPerformanceReport(health: HealthScore, time: number, firing: readonly AlertRecord[]): PerformanceReport {
  const deducting = health.factors.filter((f) => f.deduction > 0).sort((a, b) => b.deduction - a.deduction);
  const recommendations = deducting.map(advice);
  for (const alert of firing) {
    recommendations.push(`Alert ${alert.level}: ${alert.metric} at ${fmt(alert.value)} is above its threshold ${fmt(alert.threshold)}.`);
  }
  if (recommendations.length === 0) recommendations.push('All factors are within their limits; no action needed.');
  return { ...health, time, alertsFiring: firing.length, recommendations };
}
