/** Interval timers, injected so tests drive time instead of waiting. */
export interface IntervalTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** The process's timers; the interval is unref'd so sampling never keeps the process alive. */
export const systemIntervalTimers: IntervalTimers = Object.freeze({
  setInterval: (callback: () => void, ms: number): unknown => setInterval(callback, ms).unref(),
  clearInterval: (handle: unknown): void => clearInterval(handle as ReturnType<typeof setInterval>),
});

/** Calls a sampling function every interval. */
export interface MetricsSampler {
  /** Interval between samples, in ms. */
  readonly intervalMs: number;
  /** Whether it is started. */
  readonly running: boolean;
  /** Takes one sample now, then one every interval; a second call does nothing. */
  start(): void;
  /** Stops sampling; it may be started again. */
  stop(): void;
}

/**
 * Creates a {@link MetricsSampler} calling `tick` every `intervalMs`. A throwing tick is reported
 * to `onError` and sampling goes on.
 *
 * @throws RangeError prefixed `createMetricsSampler:` when intervalMs is not a positive finite number
 */
export function createMetricsSampler(options: {
  readonly intervalMs: number;
  readonly tick: () => void;
  readonly timers?: IntervalTimers;
  readonly onError?: (error: unknown) => void;
}): MetricsSampler {
  const { intervalMs, tick } = options;
  if (!(Number.isFinite(intervalMs) && intervalMs > 0)) throw new RangeError(`createMetricsSampler: intervalMs must be a positive number, got ${intervalMs}`);
  const timers = options.timers ?? systemIntervalTimers;
  const onError = options.onError ?? (() => undefined);
  let handle: unknown;
  let running = false;
  const safeTick = (): void => {
    try {
      tick();
    } catch (error) {
      onError(error);
    }
  };
  return {
    intervalMs,
    get running() {
      return running;
    },
    start() {
      if (running) return;
      running = true;
      safeTick();
      handle = timers.setInterval(safeTick, intervalMs);
    },
    stop() {
      if (!running) return;
      running = false;
      timers.clearInterval(handle);
    },
  };
}
