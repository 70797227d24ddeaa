import { describe, expect, it } from 'vitest';
import { computeHealthScore, type HealthFactorName, type HealthInputs } from './performance-health.js';

const deduction = (inputs: HealthInputs, name: HealthFactorName): number | undefined =>
  computeHealthScore(inputs).factors.find((f) => f.name === name)?.deduction;

describe('computeHealthScore', () => {
  it('is 100 and excellent with nothing deducting, and with no inputs at all', () => {
    expect(computeHealthScore({ cpuPercent: 80, memoryPercent: 80, apiErrorRatePercent: 0, syncHealthScore: 100, responseTimeSeconds: 1 })).toMatchObject({
      score: 100,
      grade: 'excellent',
    });
    const empty = computeHealthScore({});
    expect(empty.score).toBe(100);
    expect(empty.factors.map((f) => f.value)).toEqual([null, null, null, null, null]);
  });

  it.each([
    // CPU: 20 points, from 80% to 100%
    ['cpu', { cpuPercent: 80 }, 0],
    ['cpu', { cpuPercent: 80.1 }, 0.1],
    ['cpu', { cpuPercent: 90 }, 10],
    ['cpu', { cpuPercent: 100 }, 20],
    ['cpu', { cpuPercent: 150 }, 20],
    // memory: the same curve
    ['memory', { memoryPercent: 80 }, 0],
    ['memory', { memoryPercent: 80.1 }, 0.1],
    ['memory', { memoryPercent: 95 }, 15],
    ['memory', { memoryPercent: 100 }, 20],
    // API error rate: 30 points, from 0% to 10%
    ['api_error_rate', { apiErrorRatePercent: 0 }, 0],
    ['api_error_rate', { apiErrorRatePercent: 0.1 }, 0.3],
    ['api_error_rate', { apiErrorRatePercent: 5 }, 15],
    ['api_error_rate', { apiErrorRatePercent: 10 }, 30],
    ['api_error_rate', { apiErrorRatePercent: 50 }, 30],
    // sync health: 20 x (100 - score) / 100
    ['sync_health', { syncHealthScore: 100 }, 0],
    ['sync_health', { syncHealthScore: 99 }, 0.2],
    ['sync_health', { syncHealthScore: 50 }, 10],
    ['sync_health', { syncHealthScore: 0 }, 20],
    // response time: 10 points, from 1 s to 5 s
    ['response_time', { responseTimeSeconds: 1 }, 0],
    ['response_time', { responseTimeSeconds: 1.04 }, 0.1],
    ['response_time', { responseTimeSeconds: 3 }, 5],
    ['response_time', { responseTimeSeconds: 5 }, 10],
    ['response_time', { responseTimeSeconds: 60 }, 10],
  ] as const)('%s with %j deducts %s', (name, inputs, expected) => {
    expect(deduction(inputs, name)).toBeCloseTo(expected, 10);
    expect(computeHealthScore(inputs).score).toBeCloseTo(100 - expected, 10);
  });

  it('deducts nothing for a non-finite input and reports it as not available', () => {
    const health = computeHealthScore({ cpuPercent: Number.NaN });
    expect(health.score).toBe(100);
    expect(health.factors[0]).toMatchObject({ name: 'cpu', value: null, deduction: 0 });
  });

  it.each([
    // score 90 exactly and just below: CPU 90% deducts 10, 90.5% deducts 10.5
    [{ cpuPercent: 90 }, 90, 'excellent'],
    [{ cpuPercent: 90.5 }, 89.5, 'good'],
    // 75: CPU 100% (20) + response 3 s (5)
    [{ cpuPercent: 100, responseTimeSeconds: 3 }, 75, 'good'],
    [{ cpuPercent: 100, responseTimeSeconds: 3.2 }, 74.5, 'warning'],
    // 60: CPU and memory at 100% (40)
    [{ cpuPercent: 100, memoryPercent: 100 }, 60, 'warning'],
    [{ cpuPercent: 100, memoryPercent: 100, syncHealthScore: 97.5 }, 59.5, 'critical'],
    // 40: CPU, memory (40) and sync health 0 (20)
    [{ cpuPercent: 100, memoryPercent: 100, syncHealthScore: 0 }, 40, 'critical'],
    [{ cpuPercent: 100, memoryPercent: 100, syncHealthScore: 0, apiErrorRatePercent: 0.2 }, 39.4, 'emergency'],
    // 0: every factor at its full weight
    [{ cpuPercent: 100, memoryPercent: 100, syncHealthScore: 0, apiErrorRatePercent: 10, responseTimeSeconds: 5 }, 0, 'emergency'],
  ] as const)('grades %j as %s (%s)', (inputs, score, grade) => {
    expect(computeHealthScore(inputs)).toMatchObject({ score, grade });
  });

  it('rounds the score to one decimal before grading', () => {
    // CPU 90.04% deducts 10.04: 89.96 rounds to 90.0, graded excellent like it reads.
    expect(computeHealthScore({ cpuPercent: 90.04 })).toMatchObject({ score: 90, grade: 'excellent' });
  });

  it('lists every factor with its weight, trigger and curve end', () => {
    const { factors } = computeHealthScore({});
    expect(factors.map((f) => [f.name, f.weight, f.trigger, f.full, f.unit])).toEqual([
      ['cpu', 20, 80, 100, 'percent'],
      ['memory', 20, 80, 100, 'percent'],
      ['api_error_rate', 30, 0, 10, 'percent'],
      ['sync_health', 20, 100, 0, 'score'],
      ['response_time', 10, 1, 5, 'seconds'],
    ]);
    expect(factors.reduce((sum, f) => sum + f.weight, 0)).toBe(100);
  });
});
