import { healthGrade, type HealthGrade } from './health-grade.js';

/** The factors of the health score. */
export const HEALTH_FACTORS = ['cpu', 'memory', 'api_error_rate', 'sync_health', 'response_time'] as const;

/** One of {@link HEALTH_FACTORS}. */
export type HealthFactorName = (typeof HEALTH_FACTORS)[number];

/** What the health score is computed from; an absent input deducts nothing. */
export interface HealthInputs {
  /** System CPU, percent. */
  readonly cpuPercent?: number;
  /** System memory, percent. */
  readonly memoryPercent?: number;
  /** API requests answered 5xx, percent. */
  readonly apiErrorRatePercent?: number;
  /** The sync's own 0-100 health score. */
  readonly syncHealthScore?: number;
  /** Mean API response time, seconds. */
  readonly responseTimeSeconds?: number;
}

/** One factor's share of the score. */
export interface HealthFactor {
  readonly name: HealthFactorName;
  /** Points it can deduct (its weight x 100). */
  readonly weight: number;
  /** The input value, or null when not available. */
  readonly value: number | null;
  readonly unit: 'percent' | 'score' | 'seconds';
  /** Where deduction starts (for sync health: the score below which it deducts). */
  readonly trigger: number;
  /** Where the full weight is deducted. */
  readonly full: number;
  /** Points deducted, 0..weight. */
  readonly deduction: number;
}

/** The health score with its breakdown. */
export interface HealthScore {
  /** 100 minus the deductions, rounded to one decimal. */
  readonly score: number;
  readonly grade: HealthGrade;
  readonly factors: readonly HealthFactor[];
}

interface Curve {
  readonly weight: number;
  readonly unit: HealthFactor['unit'];
  readonly trigger: number;
  readonly full: number;
}

/**
 * The deduction curves: linear from `trigger` (nothing) to `full` (the whole weight), flat
 * beyond. Sync health runs the other way: 100 deducts nothing, 0 the whole weight.
 */
const CURVES: Readonly<Record<HealthFactorName, Curve>> = Object.freeze({
  cpu: { weight: 20, unit: 'percent', trigger: 80, full: 100 },
  memory: { weight: 20, unit: 'percent', trigger: 80, full: 100 },
  api_error_rate: { weight: 30, unit: 'percent', trigger: 0, full: 10 },
  sync_health: { weight: 20, unit: 'score', trigger: 100, full: 0 },
  response_time: { weight: 10, unit: 'seconds', trigger: 1, full: 5 },
});

const INPUT: Readonly<Record<HealthFactorName, keyof HealthInputs>> = Object.freeze({
  cpu: 'cpuPercent',
  memory: 'memoryPercent',
  api_error_rate: 'apiErrorRatePercent',
  sync_health: 'syncHealthScore',
  response_time: 'responseTimeSeconds',
});

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * The 0-100 health score. Each factor deducts linearly past its trigger up to its weight:
 * CPU and memory 20 points each from 80% (nothing) to 100% (all); API error rate 30 points from
 * 0% to 10%; sync health 20 x (100 - sync score) / 100; response time 10 points from 1 s to 5 s.
 * An absent or non-finite input deducts nothing (its factor's value is null). The score is
 * `100 - sum`, rounded to one decimal, and graded by {@link healthGrade} after rounding.
 */
export function computeHealthScore(inputs: HealthInputs): HealthScore {
  const factors = HEALTH_FACTORS.map((name): HealthFactor => {
    const curve = CURVES[name];
    const raw = inputs[INPUT[name]];
    const value = raw !== undefined && Number.isFinite(raw) ? raw : null;
    let fraction = 0;
    if (value !== null) fraction = Math.min(1, Math.max(0, (value - curve.trigger) / (curve.full - curve.trigger)));
    return { name, ...curve, value, deduction: round(curve.weight * fraction, 3) };
  });
  const score = round(Math.max(0, 100 - factors.reduce((sum, f) => sum + f.deduction, 0)), 1);
  return { score, grade: healthGrade(score), factors };
}
