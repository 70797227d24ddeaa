/** Tuning of the sync; every field has a default (see {@link DEFAULT_SYNC_OPTIONS}). */
export interface SyncOptions {
  /** Objects per list page (`limit`). Default 500. */
  readonly pageSize: number;
  /** Server-side watch timeout (`timeoutSeconds`, WATCH_TIMEOUT); the watch is then re-opened. Default 600. */
  readonly watchTimeoutSeconds: number;
  /** A watch that sends nothing (not even a bookmark, ~1/min) for this long is dead. Default 90 000. */
  readonly idleTimeoutMs: number;
  /** Relist and repair drift this often (SYNC_INTERVAL, plus up to 10% jitter); also the retry period of a degraded kind. Default 300 000. */
  readonly resyncIntervalMs: number;
  /** Consecutive failures before a kind is marked `failed` (MAX_RETRY_COUNT; 0 acts as 1). Default 3. */
  readonly maxRetryCount: number;
  /** `ready()` resolves after this long even if some first lists are unfinished. Default 120 000. */
  readonly readyTimeoutMs: number;
  /** Lag beyond which a synced kind counts half in the health score. Default 180 000. */
  readonly lagThresholdMs: number;
  /** Backoff cap of the first retry. Default 500. */
  readonly backoffBaseMs: number;
  /** Largest backoff. Default 30 000. */
  readonly backoffMaxMs: number;
  /** Timeout of one list page request. Default 60 000. */
  readonly requestTimeoutMs: number;
}

/** The defaults of {@link SyncOptions}, matching the configuration defaults (SYNC_INTERVAL 300 s, ...). */
export const DEFAULT_SYNC_OPTIONS: SyncOptions = Object.freeze({
  pageSize: 500,
  watchTimeoutSeconds: 600,
  idleTimeoutMs: 90_000,
  resyncIntervalMs: 300_000,
  maxRetryCount: 3,
  readyTimeoutMs: 120_000,
  lagThresholdMs: 180_000,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  requestTimeoutMs: 60_000,
});

/**
 * Fills in defaults and validates.
 *
 * @throws RangeError prefixed `resolveSyncOptions:` naming the field, for a value that is not a
 *   finite number in range (positive integers; maxRetryCount >= 0; backoffMaxMs >= backoffBaseMs)
 */
export function resolveSyncOptions(options: Partial<SyncOptions> = {}): SyncOptions {
  const resolved: SyncOptions = { ...DEFAULT_SYNC_OPTIONS, ...stripUndefined(options) };
  for (const [key, value] of Object.entries(resolved)) {
    const min = key === 'maxRetryCount' ? 0 : 1;
    if (!Number.isInteger(value) || value < min) {
      throw new RangeError(`resolveSyncOptions: ${key} must be an integer >= ${min}, got ${String(value)}`);
    }
  }
  if (resolved.backoffMaxMs < resolved.backoffBaseMs) {
    throw new RangeError(`resolveSyncOptions: backoffMaxMs (${resolved.backoffMaxMs}) must be >= backoffBaseMs (${resolved.backoffBaseMs})`);
  }
  return Object.freeze(resolved);
}

function stripUndefined(options: Partial<SyncOptions>): Partial<SyncOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
