import { describe, expect, it } from 'vitest';
import type { AlertRecord } from './alert-manager.js';
import { computeHealthScore } from './performance-health.js';
import { buildPerformanceReport } from './performance-report.js';

describe('buildPerformanceReport', () => {
  it('recommends on every deducting factor, largest deduction first, then on firing alerts', () => {
    const health = computeHealthScore({ cpuPercent: 85, apiErrorRatePercent: 4, syncHealthScore: 90 });
    const alert: AlertRecord = { id: 1, time: 0, metric: 'system.memory_percent', value: 91, peak: 91, threshold: 85, level: 'warning', resolvedAt: null };
    const report = buildPerformanceReport(health, 1234, [alert]);
    expect(report).toMatchObject({ time: 1234, score: 100 - 5 - 12 - 2, grade: 'good', alertsFiring: 1 });
    expect(report.recommendations).toHaveLength(4);
    expect(report.recommendations[0]).toMatch(/^4% of API requests failed with 5xx/);
    expect(report.recommendations[1]).toMatch(/^CPU at 85%/);
    expect(report.recommendations[2]).toMatch(/^Sync health score 90\/100: see \/intelligent\/status/);
    expect(report.recommendations[3]).toBe('Alert warning: system.memory_percent at 91 is above its threshold 85.');
  });

  it('says so when nothing needs attention', () => {
    const report = buildPerformanceReport(computeHealthScore({ cpuPercent: 10 }), 0, []);
    expect(report.recommendations).toEqual(['All factors are within their limits; no action needed.']);
    expect(report.factors).toHaveLength(5);
  });

  it('covers memory and response time', () => {
    const report = buildPerformanceReport(computeHealthScore({ memoryPercent: 99, responseTimeSeconds: 2.5 }), 0, []);
    expect(report.recommendations[0]).toMatch(/^Memory at 99%/);
    expect(report.recommendations[1]).toMatch(/^Mean API response time 2.50 s/);
  });
});
