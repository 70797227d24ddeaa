import { describe, expect, it } from 'vitest';
import { waitFor } from './wait-for.js';

function fakeClock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

describe('waitFor', () => {
  it('resolves with the first truthy value', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : undefined), {
      description: 'third call',
      ...fakeClock(),
    });
    expect(value).toEqual({ calls: 3 });
  });

  it('treats a throwing probe as not yet and retries', async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        calls += 1;
        if (calls < 2) throw new Error('connection refused');
        return 'up';
      },
      { description: 'api up', ...fakeClock() },
    );
    expect(value).toBe('up');
  });

  it('times out naming the description and the last error', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('connection refused');
        },
        { description: 'api up', timeoutMs: 1000, intervalMs: 100, ...fakeClock() },
      ),
    ).rejects.toThrow(/waitFor: api up not reached after 1000 ms \(last error: connection refused\)/);
  });

  it('reports the last value when the probe keeps returning false', async () => {
    await expect(
      waitFor(() => false, { description: 'ready', timeoutMs: 500, ...fakeClock() }),
    ).rejects.toThrow(/last value: false/);
  });
});
