import type { AlertRule } from './alert-rules.js';
import type { MetricsSample } from './metric-names.js';

/** How bad an alert is: `critical` from {@link AlertPolicy.criticalFactor} x threshold. */
export type AlertLevel = 'warning' | 'critical';

/** One alert, from the sample that fired it to the one that resolved it. */
export interface AlertRecord {
  /** Sequence number, unique per manager. */
  readonly id: number;
  /** When it fired (sample time, clock ms). */
  readonly time: number;
  /** Dotted metric name. */
  readonly metric: string;
  /** The value that fired it. */
  readonly value: number;
  /** The highest value seen while firing. */
  readonly peak: number;
  /** The rule's threshold. */
  readonly threshold: number;
  /** Escalates to `critical` while firing; never de-escalates. */
  readonly level: AlertLevel;
  /** When it resolved (sample time), or null while firing. */
  readonly resolvedAt: number | null;
}

/** Hysteresis and retention of the alert manager. */
export interface AlertPolicy {
  /** Consecutive samples above the threshold before an alert fires. Default 1. */
  readonly fireAfter: number;
  /** Consecutive samples at or below `threshold x (1 - resolveMargin)` before it resolves. Default 2. */
  readonly resolveAfter: number;
  /** Fraction below the threshold a value must fall to count toward resolving. Default 0.1. */
  readonly resolveMargin: number;
  /** A value at or above `threshold x criticalFactor` makes the alert critical. Default 1.5. */
  readonly criticalFactor: number;
  /** Records kept; the oldest resolved ones go first. Default 1000. */
  readonly maxRecords: number;
}

/** The defaults of {@link AlertPolicy}. */
export const DEFAULT_ALERT_POLICY: AlertPolicy = Object.freeze({
  fireAfter: 1,
  resolveAfter: 2,
  resolveMargin: 0.1,
  criticalFactor: 1.5,
  maxRecords: 1000,
});

/** Fires and resolves alerts from samples. */
export interface AlertManager {
  /** The rules watched. */
  readonly rules: readonly AlertRule[];
  /** Applies one sample; returns the records that fired, escalated or resolved on it. */
  evaluate(sample: MetricsSample): AlertRecord[];
  /** Alerts firing now, oldest first. */
  firing(): AlertRecord[];
  /** Records that fired or resolved at or after `since`, plus every one still firing; oldest first. */
  records(since: number): AlertRecord[];
}

interface RuleState {
  above: number;
  clear: number;
  open?: { -readonly [K in keyof AlertRecord]: AlertRecord[K] };
}

/**
 * Creates an {@link AlertManager}. Hysteresis, so a value hovering at a threshold does not flap:
 * an alert fires after `fireAfter` consecutive samples strictly above the threshold, and resolves
 * only after `resolveAfter` consecutive samples at or below `threshold x (1 - resolveMargin)`; a
 * value between the two bands resets the resolve count and keeps it firing. A sample without
 * the metric (e.g. no API traffic in the interval) counts as clear.
 *
 * @throws RangeError prefixed `createAlertManager:` for a non-finite threshold or an invalid policy
 */
export function createAlertManager(rules: readonly AlertRule[], policy: Partial<AlertPolicy> = {}): AlertManager {
  const p: AlertPolicy = { ...DEFAULT_ALERT_POLICY, ...policy };
  for (const key of ['fireAfter', 'resolveAfter', 'maxRecords'] as const) {
    if (!Number.isInteger(p[key]) || p[key] < 1) throw new RangeError(`createAlertManager: ${key} must be a positive integer, got ${p[key]}`);
  }
  if (!(p.resolveMargin >= 0 && p.resolveMargin < 1)) throw new RangeError(`createAlertManager: resolveMargin must be in [0, 1), got ${p.resolveMargin}`);
  if (!(p.criticalFactor >= 1)) throw new RangeError(`createAlertManager: criticalFactor must be >= 1, got ${p.criticalFactor}`);
  for (const rule of rules) {
    if (!Number.isFinite(rule.threshold)) throw new RangeError(`createAlertManager: threshold of ${rule.metric} must be a finite number, got ${rule.threshold}`);
  }

  const states = rules.map((): RuleState => ({ above: 0, clear: 0 }));
  const records: AlertRecord[] = [];
  let nextId = 1;
  const levelOf = (value: number, threshold: number): AlertLevel =>
    threshold > 0 && value >= threshold * p.criticalFactor ? 'critical' : 'warning';

  const trim = (): void => {
    while (records.length > p.maxRecords) {
      const index = records.findIndex((r) => r.resolvedAt !== null);
      records.splice(index === -1 ? 0 : index, 1);
    }
  };

  return {
    rules,
    evaluate(sample) {
      const changed: AlertRecord[] = [];
      rules.forEach((rule, i) => {
        const state = states[i] as RuleState;
        const value = sample.values[rule.metric];
        const above = value !== undefined && value > rule.threshold;
        const clear = value === undefined || value <= rule.threshold * (1 - p.resolveMargin);
        state.above = above ? state.above + 1 : 0;
        state.clear = clear ? state.clear + 1 : 0;
        const open = state.open;
        if (!open) {
          if (above && state.above >= p.fireAfter) {
            const record = {
              id: nextId++,
              time: sample.time,
              metric: rule.metric,
              value: value,
              peak: value,
              threshold: rule.threshold,
              level: levelOf(value, rule.threshold),
              resolvedAt: null,
            };
            state.open = record;
            records.push(record);
            trim();
            changed.push({ ...record });
          }
          return;
        }
        if (value !== undefined && value > open.peak) {
          open.peak = value;
          const level = levelOf(value, rule.threshold);
          if (level === 'critical' && open.level !== 'critical') {
            open.level = level;
            changed.push({ ...open });
          }
        }
        if (state.clear >= p.resolveAfter) {
          open.resolvedAt = sample.time;
          state.open = undefined;
          changed.push({ ...open });
        }
      });
      return changed;
    },
    firing: () => records.filter((r) => r.resolvedAt === null).map((r) => ({ ...r })),
    records: (since) =>
      records.filter((r) => r.time >= since || r.resolvedAt === null || r.resolvedAt >= since).map((r) => ({ ...r })),
  };
}
