export { healthGrade, HEALTH_GRADES, type HealthGrade } from './health-grade.js';
export { createMetricsRegistry, type MetricsRegistry, type MetricsRegistryOptions } from './metrics-registry.js';
