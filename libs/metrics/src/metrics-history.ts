import type { MetricsSample } from './metric-names.js';
import { windowStats, type WindowStats } from './window-stats.js';

/** A bounded, time-ordered store of samples (METRICS_HISTORY_SIZE). */
export interface MetricsHistory {
  /** Samples kept at most. */
  readonly capacity: number;
  /** Samples held now. */
  readonly size: number;
  /** Appends a sample, dropping the oldest when full. */
  push(sample: MetricsSample): void;
  /** The newest sample, if any. */
  latest(): MetricsSample | undefined;
  /** Samples with `time >= since` (all when omitted), oldest first. */
  samples(since?: number): MetricsSample[];
  /** min/avg/max/p95 per metric over the samples with `time >= since` (all when omitted). */
  stats(since?: number): Record<string, WindowStats>;
}

/**
 * A ring buffer of `capacity` samples. Samples are expected in time order (the sampler pushes
 * them so); window queries assume it.
 *
 * @throws RangeError prefixed `createMetricsHistory:` when capacity is not a positive integer
 */
export function createMetricsHistory(capacity: number): MetricsHistory {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`createMetricsHistory: capacity must be a positive integer, got ${capacity}`);
  }
  const ring: (MetricsSample | undefined)[] = new Array<MetricsSample | undefined>(capacity);
  let next = 0;
  let size = 0;

  const ordered = (): MetricsSample[] => {
    const out: MetricsSample[] = [];
    const start = size < capacity ? 0 : next;
    for (let i = 0; i < size; i++) out.push(ring[(start + i) % capacity] as MetricsSample);
    return out;
  };

  const samples = (since?: number): MetricsSample[] => {
    const all = ordered();
    return since === undefined ? all : all.filter((s) => s.time >= since);
  };

  return {
    capacity,
    get size() {
      return size;
    },
    push(sample) {
      ring[next] = sample;
      next = (next + 1) % capacity;
      if (size < capacity) size++;
    },
    latest: () => (size === 0 ? undefined : ring[(next - 1 + capacity) % capacity]),
    samples,
    stats(since) {
      const values = new Map<string, number[]>();
      for (const sample of samples(since)) {
        for (const [name, value] of Object.entries(sample.values)) {
          const list = values.get(name);
          if (list) list.push(value);
          else values.set(name, [value]);
        }
      }
      const out: Record<string, WindowStats> = {};
      for (const name of [...values.keys()].sort()) {
        const stats = windowStats(values.get(name) as number[]);
        if (stats) out[name] = stats;
      }
      return out;
    },
  };
}
