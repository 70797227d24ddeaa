/** Input of {@link computeBackoff}. */
export interface BackoffOptions {
  /** 0-based number of the retry (0 = first retry after the first failure). */
  readonly attempt: number;
  /** Delay cap of the first retry, in ms. Default 500. */
  readonly baseMs?: number;
  /** Largest delay ever returned, in ms. Default 30000. */
  readonly maxMs?: number;
  /** Source of randomness in [0, 1), injected so callers and tests control it (e.g. `Math.random`). */
  readonly random: () => number;
}

/**
 * Capped exponential backoff with full jitter: a whole number of ms drawn uniformly from
 * [0, min(maxMs, baseMs * 2^attempt)). Full jitter spreads out the retries of many watches that
 * failed together.
 *
 * @throws RangeError for a negative or fractional attempt, non-positive baseMs, maxMs < baseMs,
 *   or a random() result outside [0, 1)
 */
export function computeBackoff(options: BackoffOptions): number {
  const { attempt, baseMs = 500, maxMs = 30_000, random } = options;
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new RangeError(`attempt must be a non-negative integer, got ${attempt}`);
  }
  if (!(baseMs > 0) || !Number.isFinite(baseMs)) throw new RangeError(`baseMs must be a positive number, got ${baseMs}`);
  if (!(maxMs >= baseMs) || !Number.isFinite(maxMs)) {
    throw new RangeError(`maxMs must be a finite number >= baseMs (${baseMs}), got ${maxMs}`);
  }
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`random() must return a number in [0, 1), got ${r}`);
  // 2^attempt overflows to Infinity past 1023; Math.min keeps the cap finite either way.
  const cap = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 1023));
  return Math.floor(r * cap);
}
