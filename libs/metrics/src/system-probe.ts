import os from 'node:os';

/** CPU times of one core, in ms (the shape of `os.cpus()[i].times`). */
export interface CpuTimes {
  readonly user: number;
  readonly nice: number;
  readonly sys: number;
  readonly idle: number;
  readonly irq: number;
}

/** Where system readings come from; injected so tests are deterministic. */
export interface SystemSources {
  /** Per-core cumulative CPU times, like `os.cpus()`. */
  cpus(): readonly { readonly times: CpuTimes }[];
  /** 1, 5 and 15 minute load averages, like `os.loadavg()`. */
  loadavg(): readonly number[];
  /** Total memory in bytes, like `os.totalmem()`. */
  totalmem(): number;
  /** Free memory in bytes, like `os.freemem()`. */
  freemem(): number;
  /** Resident set size of this process in bytes, like `process.memoryUsage.rss()`. */
  rss(): number;
}

/** The host's own sources (node:os and this process). */
export const nodeSystemSources: SystemSources = Object.freeze({
  cpus: () => os.cpus(),
  loadavg: () => os.loadavg(),
  totalmem: () => os.totalmem(),
  freemem: () => os.freemem(),
  rss: () => process.memoryUsage.rss(),
});

/** One reading of the system. */
export interface SystemReading {
  /** Busy share of all cores since the previous committed reading, 0-100. */
  readonly cpuPercent: number;
  /** Used share of total memory, 0-100. */
  readonly memoryPercent: number;
  /** This process's resident set size, in bytes. */
  readonly rssBytes: number;
}

/** Reads CPU and memory use. */
export interface SystemProbe {
  /**
   * Reads the system. CPU is measured from the per-core time deltas since the previous
   * committed reading; `commit: true` makes this reading the next baseline (the sampler commits,
   * on-demand reads do not, so they never shorten the sampler's window).
   */
  read(options?: { commit?: boolean }): SystemReading;
}

const clampPercent = (v: number): number => Math.min(100, Math.max(0, v));

function totals(cpus: readonly { readonly times: CpuTimes }[]): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

/**
 * Creates a {@link SystemProbe}. The first CPU reading has no baseline, so it falls back to the
 * 1-minute load average divided by the number of cores (capped at 100); so does a reading with
 * no elapsed CPU time. Memory percent is `(total - free) / total`; 0 when total is 0.
 */
export function createSystemProbe(sources: SystemSources = nodeSystemSources): SystemProbe {
  let baseline: { busy: number; total: number } | undefined;
  return {
    read(options = {}) {
      const cpus = sources.cpus();
      const now = totals(cpus);
      let cpuPercent: number;
      if (baseline && now.total > baseline.total) {
        cpuPercent = (100 * (now.busy - baseline.busy)) / (now.total - baseline.total);
      } else {
        const load = sources.loadavg()[0] ?? 0;
        cpuPercent = cpus.length > 0 ? (100 * load) / cpus.length : 0;
      }
      if (options.commit) baseline = now;
      const total = sources.totalmem();
      const memoryPercent = total > 0 ? (100 * (total - sources.freemem())) / total : 0;
      return { cpuPercent: clampPercent(cpuPercent), memoryPercent: clampPercent(memoryPercent), rssBytes: sources.rss() };
    },
  };
}
