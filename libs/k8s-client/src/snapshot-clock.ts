import type { KubeObject } from './kube-object.js';

// Fields the API server and controllers stamp with the time something happened. Fields that can
// lie in the future (certificate renewal times, deletionTimestamp plus a grace period) are left out.
const PAST_TIME_FIELDS = new Set([
  'creationTimestamp',
  'firstTimestamp',
  'lastTimestamp',
  'eventTime',
  'lastObservedTime',
  'lastTransitionTime',
  'lastUpdateTime',
  'lastProbeTime',
  'lastHeartbeatTime',
  'startTime',
  'startedAt',
  'finishedAt',
  'completionTime',
  'lastScheduleTime',
  'lastSuccessfulTime',
  'renewTime',
  'acquireTime',
]);

/** The time a snapshot is judged at, and why that time. */
export interface SnapshotClock {
  /** ISO 8601 time. */
  readonly at: string;
  /** `recorded`: the snapshot says when it was recorded; `newest-timestamp`: it does not, so the newest time in its objects. */
  readonly basis: 'recorded' | 'newest-timestamp';
}

function newest(value: unknown, key: string, best: number): number {
  if (typeof value === 'string') {
    if (!PAST_TIME_FIELDS.has(key)) return best;
    const t = Date.parse(value);
    return Number.isFinite(t) && t > best ? t : best;
  }
  if (Array.isArray(value)) return value.reduce<number>((b, v) => newest(v, key, b), best);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).reduce<number>((b, [k, v]) => newest(v, k, b), best);
  }
  return best;
}

/**
 * When a snapshot's objects are to be judged (ages, "no run for N days", event recency): its
 * recording time (`k8s-mcp.io/recorded-at`) when it names a valid one, else the newest time
 * stamped in its objects (creation, events, conditions, container states, CronJob runs, node
 * heartbeats): the snapshot was taken no earlier. Undefined when neither exists.
 */
export function snapshotClock(recordedAt: string | undefined, objects: Iterable<KubeObject>): SnapshotClock | undefined {
  if (recordedAt !== undefined && Number.isFinite(Date.parse(recordedAt))) return { at: recordedAt, basis: 'recorded' };
  let best = Number.NEGATIVE_INFINITY;
  for (const object of objects) best = newest(object, '', best);
  return Number.isFinite(best) ? { at: new Date(best).toISOString(), basis: 'newest-timestamp' } : undefined;
}
