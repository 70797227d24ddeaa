/** Timer functions, injected so tests drive time (e.g. vitest fake timers) instead of waiting. */
export interface SyncTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Structured log sink; `fields` never carry Secret values or credentials. */
export interface SyncLogger {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** The process's own timers (`setTimeout`/`clearTimeout`). */
export const systemTimers: SyncTimers = Object.freeze({
  setTimeout: (callback: () => void, ms: number): unknown => setTimeout(callback, ms),
  clearTimeout: (handle: unknown): void => clearTimeout(handle as ReturnType<typeof setTimeout>),
});

/** A logger that drops everything: the default when none is given. */
export const silentLogger: SyncLogger = Object.freeze({ debug: () => undefined, info: () => undefined, warn: () => undefined });

/**
 * Waits `ms` on `timers`; resolves early (never rejects) when `signal` aborts, so a stopping
 * loop wakes up at once.
 */
export function sleep(timers: SyncTimers, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      timers.clearTimeout(handle);
      resolve();
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
