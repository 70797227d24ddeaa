import { describe, expect, it } from 'vitest';
import { computeBackoff } from './compute-backoff.js';

const almostOne = 1 - Number.EPSILON;

describe('computeBackoff', () => {
  it('doubles the cap with each attempt from the 500 ms default base', () => {
    const caps = [0, 1, 2, 3, 4].map((attempt) => computeBackoff({ attempt, random: () => almostOne }));
    expect(caps).toEqual([499, 999, 1999, 3999, 7999]);
  });

  it('never exceeds maxMs (default 30000), even for huge attempts', () => {
    expect(computeBackoff({ attempt: 6, random: () => almostOne })).toBe(29_999);
    expect(computeBackoff({ attempt: 5000, random: () => almostOne })).toBe(29_999);
    expect(computeBackoff({ attempt: 3, baseMs: 100, maxMs: 250, random: () => almostOne })).toBe(249);
  });

  it('applies full jitter: the delay is random * cap, rounded down', () => {
    expect(computeBackoff({ attempt: 2, baseMs: 1000, random: () => 0 })).toBe(0);
    expect(computeBackoff({ attempt: 2, baseMs: 1000, random: () => 0.5 })).toBe(2000);
    expect(computeBackoff({ attempt: 2, baseMs: 1000, random: () => 0.25 })).toBe(1000);
  });

  it('draws exactly one random number per call', () => {
    let calls = 0;
    computeBackoff({ attempt: 1, random: () => (calls++, 0.3) });
    expect(calls).toBe(1);
  });

  it('stays within [0, cap) for real randomness', () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const delay = computeBackoff({ attempt, random: Math.random });
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(30_000, 500 * 2 ** attempt));
      expect(Number.isInteger(delay)).toBe(true);
    }
  });

  it.each([
    [{ attempt: -1 }, 'attempt must be a non-negative integer'],
    [{ attempt: 1.5 }, 'attempt must be a non-negative integer'],
    [{ attempt: 0, baseMs: 0 }, 'baseMs must be a positive number'],
    [{ attempt: 0, baseMs: 100, maxMs: 50 }, 'maxMs must be a finite number >= baseMs'],
    [{ attempt: 0, maxMs: Infinity }, 'maxMs must be a finite number >= baseMs'],
  ])('rejects bad options %j', (options, message) => {
    expect(() => computeBackoff({ random: () => 0.5, ...options })).toThrow(new RegExp(message));
  });

  it('rejects a random source outside [0, 1)', () => {
    expect(() => computeBackoff({ attempt: 0, random: () => 1 })).toThrow(RangeError);
    expect(() => computeBackoff({ attempt: 0, random: () => Number.NaN })).toThrow(RangeError);
  });
});
