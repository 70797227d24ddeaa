/** Statistics of one metric over a window of samples. */
export interface WindowStats {
  /** Samples that carried the metric. */
  readonly count: number;
  readonly min: number;
  readonly avg: number;
  readonly max: number;
  /** 95th percentile, nearest-rank: the smallest value at or above 95% of the values. */
  readonly p95: number;
}

/**
 * Min, average, max and nearest-rank p95 of `values`; `undefined` for no values. Non-finite
 * values are ignored (a sample never stores them, but callers may pass raw data).
 */
export function windowStats(values: readonly number[]): WindowStats | undefined {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return undefined;
  const sorted = [...finite].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  // Nearest rank: ceil(0.95 n) is 1-based.
  const rank = Math.max(1, Math.ceil(0.95 * sorted.length));
  return {
    count: sorted.length,
    min: sorted[0] as number,
    avg: sum / sorted.length,
    max: sorted[sorted.length - 1] as number,
    p95: sorted[rank - 1] as number,
  };
}
