import { describe, expect, it } from 'vitest';
import { createMetricsSampler, type IntervalTimers } from './metrics-sampler.js';

function fakeTimers() {
  const active = new Map<number, () => void>();
  let next = 0;
  const timers: IntervalTimers = {
    setInterval: (cb) => (active.set(++next, cb), next),
    clearInterval: (h) => void active.delete(h as number),
  };
  return { timers, fire: () => [...active.values()].forEach((cb) => cb()), active };
}

describe('createMetricsSampler', () => {
  it('ticks at start and on every interval until stopped, and can restart', () => {
    const { timers, fire, active } = fakeTimers();
    let ticks = 0;
    const sampler = createMetricsSampler({ intervalMs: 5000, tick: () => ticks++, timers });
    expect(sampler.running).toBe(false);
    sampler.start();
    fire();
    fire();
    expect(ticks).toBe(3);
    sampler.stop();
    expect(active.size).toBe(0);
    fire();
    expect(ticks).toBe(3);
    sampler.start();
    expect(ticks).toBe(4);
    expect(sampler.running).toBe(true);
  });

  it('reports a throwing tick and keeps sampling', () => {
    const { timers, fire } = fakeTimers();
    const errors: unknown[] = [];
    let ticks = 0;
    const sampler = createMetricsSampler({
      intervalMs: 1,
      timers,
      onError: (e) => errors.push(e),
      tick: () => {
        ticks++;
        throw new Error(`tick ${ticks}`);
      },
    });
    sampler.start();
    fire();
    expect(errors.map((e) => (e as Error).message)).toEqual(['tick 1', 'tick 2']);
  });

  it.each([0, -1, Number.NaN, Infinity])('rejects intervalMs %s', (intervalMs) => {
    expect(() => createMetricsSampler({ intervalMs, tick: () => undefined })).toThrow(/^createMetricsSampler: intervalMs/);
  });
});
