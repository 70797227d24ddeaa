import { describe, expect, it } from 'vitest';
import type { MetricsSample } from './metric-names.js';
import { createMetricsHistory } from './metrics-history.js';

const sample = (time: number, values: Record<string, number>): MetricsSample => ({ time, values });

describe('createMetricsHistory', () => {
  it('keeps the newest `capacity` samples, oldest first', () => {
    const history = createMetricsHistory(3);
    expect(history.latest()).toBeUndefined();
    for (let t = 1; t <= 5; t++) history.push(sample(t * 1000, { x: t }));
    expect(history.size).toBe(3);
    expect(history.samples().map((s) => s.time)).toEqual([3000, 4000, 5000]);
    expect(history.latest()?.values).toEqual({ x: 5 });
  });

  it('returns the samples of a window', () => {
    const history = createMetricsHistory(10);
    for (let t = 1; t <= 5; t++) history.push(sample(t * 1000, { x: t }));
    expect(history.samples(3000).map((s) => s.values['x'])).toEqual([3, 4, 5]);
    expect(history.samples(6000)).toEqual([]);
  });

  it('computes min/avg/max/p95 per metric over a window, counting only samples that carry it', () => {
    const history = createMetricsHistory(100);
    for (let t = 1; t <= 40; t++) history.push(sample(t, { 'system.cpu_percent': t, ...(t % 2 === 0 ? { 'api.overall.response_time': t / 10 } : {}) }));
    const all = history.stats();
    expect(all['system.cpu_percent']).toEqual({ count: 40, min: 1, avg: 20.5, max: 40, p95: 38 });
    expect(all['api.overall.response_time']).toMatchObject({ count: 20, min: 0.2, max: 4 });
    expect(all['api.overall.response_time']?.avg).toBeCloseTo(2.1, 10);
    const last = history.stats(31);
    expect(last['system.cpu_percent']).toEqual({ count: 10, min: 31, avg: 35.5, max: 40, p95: 40 });
    expect(Object.keys(history.stats(1000))).toEqual([]);
  });

  it('wraps around many times without losing order', () => {
    const history = createMetricsHistory(7);
    for (let t = 0; t < 100; t++) history.push(sample(t, { x: t }));
    expect(history.samples().map((s) => s.time)).toEqual([93, 94, 95, 96, 97, 98, 99]);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects capacity %s', (capacity) => {
    expect(() => createMetricsHistory(capacity)).toThrow(/^createMetricsHistory: capacity must be a positive integer/);
  });
});
