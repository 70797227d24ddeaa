/** Options for {@link waitFor}. */
export interface WaitForOptions {
  /** What is awaited, for the error message, e.g. `"3 pods Running"`. */
  readonly description: string;
  /** Give up after this long. Default 60 000 ms. */
  readonly timeoutMs?: number;
  /** Pause between attempts. Default 250 ms. */
  readonly intervalMs?: number;
  /** Clock and sleep, injectable for unit tests. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Polls `probe` until it returns a value other than `undefined`, `null` or `false`, and
 * resolves with that value. A probe that throws counts as "not yet" (the API may be briefly
 * unavailable); the last error or value is reported on timeout.
 *
 * @throws Error prefixed `waitFor:` naming the description, the time waited and the last
 *   value or error seen.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: WaitForOptions,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const intervalMs = options.intervalMs ?? 250;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (now() >= deadline) {
      const detail = last instanceof Error ? `last error: ${last.message}` : `last value: ${JSON.stringify(last)}`;
      throw new Error(`waitFor: ${options.description} not reached after ${timeoutMs} ms (${detail})`);
    }
    await sleep(intervalMs);
  }
}
