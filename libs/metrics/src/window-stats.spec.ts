import { describe, expect, it } from 'vitest';
import { windowStats } from './window-stats.js';

describe('windowStats', () => {
  it('gives min, avg, max and nearest-rank p95 regardless of order', () => {
    const values = Array.from({ length: 20 }, (_, i) => 20 - i); // 20..1
    expect(windowStats(values)).toEqual({ count: 20, min: 1, avg: 10.5, max: 20, p95: 19 });
  });

  it('takes the 95th of 100 values and the single value of one', () => {
    expect(windowStats(Array.from({ length: 100 }, (_, i) => i + 1))?.p95).toBe(95);
    expect(windowStats([7])).toEqual({ count: 1, min: 7, avg: 7, max: 7, p95: 7 });
  });

  it('puts p95 on the maximum for fewer than 20 values', () => {
    expect(windowStats([1, 2, 3, 100])?.p95).toBe(100);
  });

  it('ignores non-finite values and is undefined without values', () => {
    expect(windowStats([Number.NaN, 2, Infinity, 4])).toEqual({ count: 2, min: 2, avg: 3, max: 4, p95: 4 });
    expect(windowStats([])).toBeUndefined();
    expect(windowStats([Number.NaN])).toBeUndefined();
  });
});
