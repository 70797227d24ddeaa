import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_OPTIONS, resolveSyncOptions } from './sync-options.js';

describe('resolveSyncOptions', () => {
  it('fills in the documented defaults and keeps given values', () => {
    expect(resolveSyncOptions()).toEqual(DEFAULT_SYNC_OPTIONS);
    expect(DEFAULT_SYNC_OPTIONS).toMatchObject({ pageSize: 500, watchTimeoutSeconds: 600, idleTimeoutMs: 90_000, resyncIntervalMs: 300_000, maxRetryCount: 3 });
    expect(resolveSyncOptions({ pageSize: 50, maxRetryCount: 0, idleTimeoutMs: undefined })).toMatchObject({ pageSize: 50, maxRetryCount: 0, idleTimeoutMs: 90_000 });
  });

  it.each([
    [{ pageSize: 0 }, /pageSize must be an integer >= 1, got 0/],
    [{ maxRetryCount: -1 }, /maxRetryCount must be an integer >= 0/],
    [{ resyncIntervalMs: 1.5 }, /resyncIntervalMs must be an integer/],
    [{ idleTimeoutMs: Number.NaN }, /idleTimeoutMs must be an integer/],
    [{ backoffBaseMs: 1000, backoffMaxMs: 10 }, /backoffMaxMs \(10\) must be >= backoffBaseMs \(1000\)/],
  ])('rejects %j', (options, message) => {
    expect(() => resolveSyncOptions(options)).toThrow(message);
  });
});
