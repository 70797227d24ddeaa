import { describe, expect, it } from 'vitest';
import { parseCronSchedule, previousFireTimes } from './cron-schedule.js';
import { findingsOf, only } from './testing/detect.js';
import { ago, healthyCluster, NOW } from './testing/fixtures.js';

describe('job detectors', () => {
  it('reports failed Jobs with their reason', () => {
    const b = healthyCluster();
    b.add('Job', { metadata: { name: 'import', namespace: 'shop' }, spec: { backoffLimit: 0 }, status: { failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastTransitionTime: ago(5) }] } });
    b.add('Job', { metadata: { name: 'slow', namespace: 'shop' }, status: { conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }] } });
    const findings = findingsOf(b);
    expect(only(findings, 'BackoffLimitExceeded').message).toContain('backoffLimit 0');
    expect(only(findings, 'DeadlineExceeded').severity).toBe('critical');
  });

  it('treats a failed run of a CronJob that succeeded later as history (info)', () => {
    const b = healthyCluster();
    b.add('Job', {
      metadata: { name: 'report-1', namespace: 'shop', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'report', uid: 'u', controller: true }] },
      status: { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', lastTransitionTime: ago(120) }] },
    });
    expect(only(findingsOf(b), 'BackoffLimitExceeded').severity).toBe('info');
  });

  it('reports CronJobs that are suspended, invalid, or without a recent success', () => {
    const b = healthyCluster();
    b.add('CronJob', { metadata: { name: 'paused', namespace: 'shop' }, spec: { schedule: '*/5 * * * *', suspend: true } });
    b.add('CronJob', { metadata: { name: 'broken', namespace: 'shop' }, spec: { schedule: '61 * * * *' } });
    b.add('CronJob', { metadata: { name: 'stale', namespace: 'shop', creationTimestamp: ago(3 * 60 * 24) }, spec: { schedule: '@hourly' }, status: { lastScheduleTime: ago(10), lastSuccessfulTime: ago(300) } });
    const findings = findingsOf(b);
    expect(only(findings, 'CronJobSuspended').severity).toBe('info');
    expect(only(findings, 'InvalidSchedule').message).toContain('out of range 0-59');
    expect(only(findings, 'NoRecentSuccess').message).toBe('no successful run for 5h (schedule "@hourly")');
  });
});

describe('cron schedules', () => {
  it('parses fields, names, steps, ranges and descriptors', () => {
    const r = parseCronSchedule('*/15 9-17 * JAN,jul mon-fri');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([...r.schedule.minutes]).toEqual([0, 15, 30, 45]);
    expect([...r.schedule.months]).toEqual([1, 7]);
    expect([...r.schedule.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
    expect(parseCronSchedule('@daily').ok).toBe(true);
    expect(parseCronSchedule('@every 90m').ok).toBe(true);
    for (const bad of ['* * * *', '0 24 * * *', '5-1 * * * *', '*/0 * * * *', 'x * * * *', '@every soon']) expect(parseCronSchedule(bad).ok, bad).toBe(false);
  });

  it('finds the previous fire times in UTC', () => {
    const daily = parseCronSchedule('30 2 * * *');
    if (!daily.ok) throw new Error('parse');
    expect(previousFireTimes(daily.schedule, NOW, 2).map((t) => new Date(t).toISOString())).toEqual(['2025-06-01T02:30:00.000Z', '2025-05-31T02:30:00.000Z']);
    const never = parseCronSchedule('0 0 30 2 *');
    if (!never.ok) throw new Error('parse');
    expect(previousFireTimes(never.schedule, NOW, 1)).toEqual([]);
    // Day of month OR day of week when both are restricted (cron semantics).
    const either = parseCronSchedule('0 0 1 * 0');
    if (!either.ok) throw new Error('parse');
    expect(new Date(previousFireTimes(either.schedule, NOW, 1)[0]!).toISOString()).toBe('2025-06-01T00:00:00.000Z');
    expect(new Date(previousFireTimes(either.schedule, NOW - 86_400_000, 1)[0]!).toISOString()).toBe('2025-05-25T00:00:00.000Z');
  });
});
