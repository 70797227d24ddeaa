import type { ClusterIndex } from './cluster-index.js';
import type { RawFinding } from './finding.js';

/** When the detectors call something abnormal. Every field has a default (see {@link DEFAULT_THRESHOLDS}). */
export interface AnomalyThresholds {
  /** Restarts of one container that count as high (when not crash-looping now). Default 5. */
  readonly restartCount: number;
  /** How long a pod may sit in ContainerCreating, unready or Terminating before it is "stuck". Default 5 min. */
  readonly stuckAfterMs: number;
  /** How long a rollout may make no progress before it counts as stalled. Default 10 min. */
  readonly rolloutStallMs: number;
  /** Warning events (summed counts) in one namespace within the window that make a burst. Default 50. */
  readonly eventBurstCount: number;
  /** Window for event bursts and restart storms. Default 10 min. */
  readonly recentWindowMs: number;
  /** Pods of one workload restarted within the window that make a restart storm. Default 3. */
  readonly restartStormPods: number;
  /** Used/hard ratio at which a quota counts as nearly exhausted. Default 0.9. */
  readonly quotaNearlyFullRatio: number;
}

/** The default {@link AnomalyThresholds}. */
export const DEFAULT_THRESHOLDS: AnomalyThresholds = Object.freeze({
  restartCount: 5,
  stuckAfterMs: 5 * 60_000,
  rolloutStallMs: 10 * 60_000,
  eventBurstCount: 50,
  recentWindowMs: 10 * 60_000,
  restartStormPods: 3,
  quotaNearlyFullRatio: 0.9,
});

/** One family of checks: reads the index, returns raw findings. */
export type Detector = (index: ClusterIndex, thresholds: AnomalyThresholds) => RawFinding[];
