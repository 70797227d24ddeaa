import { describe, expect, it } from 'vitest';
import { type CpuTimes, createSystemProbe, type SystemSources } from './system-probe.js';

const core = (busy: number, idle: number): { times: CpuTimes } => ({ times: { user: busy, nice: 0, sys: 0, idle, irq: 0 } });

function fixture() {
  const state = { cores: [core(0, 0), core(0, 0)], load: [1, 1, 1], total: 1000, free: 250, rss: 64 * 1024 * 1024 };
  const sources: SystemSources = {
    cpus: () => state.cores,
    loadavg: () => state.load,
    totalmem: () => state.total,
    freemem: () => state.free,
    rss: () => state.rss,
  };
  return { state, probe: createSystemProbe(sources) };
}

describe('createSystemProbe', () => {
  it('falls back to the load average per core before it has a baseline', () => {
    const { probe } = fixture();
    expect(probe.read()).toEqual({ cpuPercent: 50, memoryPercent: 75, rssBytes: 64 * 1024 * 1024 });
  });

  it('measures CPU from the time deltas since the last committed reading', () => {
    const { state, probe } = fixture();
    state.cores = [core(100, 900), core(300, 700)];
    probe.read({ commit: true });
    state.cores = [core(150, 950), core(400, 800)]; // busy +150 of +300
    expect(probe.read().cpuPercent).toBe(50);
    state.cores = [core(200, 1000), core(500, 900)]; // busy +300 of +600 since the commit
    expect(probe.read({ commit: true }).cpuPercent).toBe(50);
    state.cores = [core(290, 1010), core(500, 900)]; // +90 busy of +100
    expect(probe.read().cpuPercent).toBeCloseTo(90, 10);
  });

  it('keeps the load-average fallback when no CPU time elapsed and clamps to 0-100', () => {
    const { state, probe } = fixture();
    probe.read({ commit: true });
    state.load = [5, 1, 1];
    expect(probe.read().cpuPercent).toBe(100);
    state.free = 2000;
    expect(probe.read().memoryPercent).toBe(0);
    state.total = 0;
    expect(probe.read().memoryPercent).toBe(0);
  });
});
