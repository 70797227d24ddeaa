/** Health grades from best to worst. */
export const HEALTH_GRADES = ['excellent', 'good', 'warning', 'critical', 'emergency'] as const;

/** One of {@link HEALTH_GRADES}. */
export type HealthGrade = (typeof HEALTH_GRADES)[number];

/**
 * Grades a 0-100 health score: 90-100 excellent, 75-89 good, 60-74 warning, 40-59 critical,
 * 0-39 emergency. Fractional scores fall in the band of their integer part's range (89.9 is good).
 *
 * @throws RangeError for a score outside 0-100 or not a number
 */
export function healthGrade(score: number): HealthGrade {
  if (!(score >= 0 && score <= 100)) throw new RangeError(`health score must be between 0 and 100, got ${score}`);
  if (score >= 90) return 'excellent';
  if (score >= 75) return 'good';
  if (score >= 60) return 'warning';
  if (score >= 40) return 'critical';
  return 'emergency';
}
