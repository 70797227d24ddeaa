import { describe, expect, it } from 'vitest';
import { type AlertPolicy, createAlertManager } from './alert-manager.js';
import { alertRulesFromThresholds, DEFAULT_ALERT_THRESHOLDS } from './alert-rules.js';

const CPU = 'system.cpu_percent';

/** Feeds one value per sample (undefined: metric absent), a second apart; returns the manager. */
function run(values: readonly (number | undefined)[], policy: Partial<AlertPolicy> = {}) {
  const alerts = createAlertManager([{ metric: CPU, threshold: 80 }], policy);
  values.forEach((v, i) => alerts.evaluate({ time: (i + 1) * 1000, values: v === undefined ? {} : { [CPU]: v } }));
  return alerts;
}

describe('createAlertManager', () => {
  it('fires once when a value hovers around the threshold, and does not resolve while it hovers', () => {
    const alerts = run([79.9, 80.1, 79.9, 80.1, 79.9, 80.1, 80, 79]);
    const records = alerts.records(0);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ time: 2000, metric: CPU, value: 80.1, threshold: 80, level: 'warning', resolvedAt: null });
    expect(alerts.firing()).toHaveLength(1);
  });

  it('does not fire at exactly the threshold', () => {
    expect(run([80, 80, 80]).records(0)).toEqual([]);
  });

  it('resolves after two consecutive samples at or below threshold x 0.9', () => {
    const alerts = run([90, 72, 90, 72, 72]);
    const [record] = alerts.records(0);
    // 72 = 80 x 0.9 counts; the 90 in between reset the count, so it resolves on the fifth sample.
    expect(record).toMatchObject({ time: 1000, resolvedAt: 5000, peak: 90 });
    expect(alerts.firing()).toEqual([]);
    expect(run([90, 72.1, 72.1, 72.1]).firing()).toHaveLength(1);
  });

  it('fires again after resolving, as a new record', () => {
    const alerts = run([90, 10, 10, 95]);
    expect(alerts.records(0).map((r) => [r.id, r.time, r.resolvedAt])).toEqual([
      [1, 1000, 3000],
      [2, 4000, null],
    ]);
  });

  it('waits for fireAfter consecutive samples above the threshold', () => {
    expect(run([90, 90, 70, 90, 90], { fireAfter: 3 }).records(0)).toEqual([]);
    expect(run([90, 90, 90], { fireAfter: 3 }).records(0)[0]?.time).toBe(3000);
  });

  it('counts a sample without the metric as clear', () => {
    const alerts = run([90, undefined, undefined]);
    expect(alerts.records(0)[0]?.resolvedAt).toBe(3000);
  });

  it('is critical from 1.5 x threshold, escalating in place but never de-escalating', () => {
    expect(run([120]).records(0)[0]?.level).toBe('critical');
    expect(run([119.9]).records(0)[0]?.level).toBe('warning');
    const alerts = createAlertManager([{ metric: CPU, threshold: 80 }]);
    expect(alerts.evaluate({ time: 1, values: { [CPU]: 85 } })).toMatchObject([{ level: 'warning' }]);
    expect(alerts.evaluate({ time: 2, values: { [CPU]: 130 } })).toMatchObject([{ level: 'critical', value: 85, peak: 130 }]);
    expect(alerts.evaluate({ time: 3, values: { [CPU]: 85 } })).toEqual([]);
    expect(alerts.firing()[0]?.level).toBe('critical');
  });

  it('queries records fired or resolved in the window, plus those still firing', () => {
    const alerts = run([90, 10, 10, 10, 10, 95]); // #1 fired 1000, resolved 3000; #2 fired 6000
    expect(alerts.records(2000).map((r) => r.id)).toEqual([1, 2]);
    expect(alerts.records(4000).map((r) => r.id)).toEqual([2]);
    const quiet = run([90, 10, 10]);
    expect(quiet.records(3001)).toEqual([]);
  });

  it('drops the oldest resolved records beyond maxRecords', () => {
    const alerts = run([90, 10, 10, 90, 10, 10, 90], { maxRecords: 2 });
    expect(alerts.records(0).map((r) => r.id)).toEqual([2, 3]);
  });

  it('returns copies that callers cannot use to change the records', () => {
    const alerts = run([90]);
    (alerts.firing()[0] as { level: string }).level = 'changed';
    expect(alerts.firing()[0]?.level).toBe('warning');
  });

  it('watches the five configured thresholds independently', () => {
    const alerts = createAlertManager(alertRulesFromThresholds(DEFAULT_ALERT_THRESHOLDS));
    const fired = alerts.evaluate({
      time: 1,
      values: {
        'api.overall.response_time': 6,
        'system.cpu_percent': 50,
        'system.memory_percent': 86,
        'api.overall.error_rate_percent': 5,
        'intelligent.sync_delay_seconds': 301,
      },
    });
    expect(fired.map((r) => r.metric).sort()).toEqual(['api.overall.response_time', 'intelligent.sync_delay_seconds', 'system.memory_percent']);
  });

  it.each([
    [{ fireAfter: 0 }, /fireAfter must be a positive integer/],
    [{ resolveAfter: 1.5 }, /resolveAfter must be a positive integer/],
    [{ resolveMargin: 1 }, /resolveMargin must be in \[0, 1\)/],
    [{ criticalFactor: 0.5 }, /criticalFactor must be >= 1/],
  ])('rejects the policy %j', (policy, message) => {
    expect(() => createAlertManager([], policy)).toThrow(message);
  });

  it('rejects a non-finite threshold', () => {
    expect(() => createAlertManager([{ metric: CPU, threshold: Number.NaN }])).toThrow(/^createAlertManager: threshold of system.cpu_percent/);
  });
});
