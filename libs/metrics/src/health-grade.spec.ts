import { describe, expect, it } from 'vitest';
import { healthGrade } from './health-grade.js';

describe('healthGrade', () => {
  it.each([
    [100, 'excellent'],
    [90, 'excellent'],
    [89.9, 'good'],
    [89, 'good'],
    [75, 'good'],
    [74, 'warning'],
    [60, 'warning'],
    [59, 'critical'],
    [40, 'critical'],
    [39, 'emergency'],
    [0, 'emergency'],
  ])('grades %s as %s', (score, grade) => {
    expect(healthGrade(score)).toBe(grade);
  });

  it.each([-1, 100.1, Number.NaN, Infinity])('rejects %s', (score) => {
    expect(() => healthGrade(score)).toThrow(RangeError);
  });
});
