/**
 * Where an informer stands:
 * - `pending`: the first list has not finished;
 * - `synced`: listed, and watching (or about to re-watch);
 * - `degraded`: the API refuses the list (403 RBAC, or 404 kind not served); retried slowly;
 * - `failed`: `maxRetryCount` consecutive list/watch attempts failed, or the first list missed
 *   the ready timeout; retried with backoff, and `synced` again on the next success;
 * - `stopped`: stopped by its owner.
 */
export type InformerState = 'pending' | 'synced' | 'degraded' | 'failed' | 'stopped';

/** A snapshot of one informer (one kind, cluster-wide or in one namespace). */
export interface InformerStatus {
  /** Kind name, e.g. `Pod`. */
  readonly kind: string;
  /** `plural.group` (e.g. `deployments.apps`), unambiguous across groups. */
  readonly resource: string;
  /** The namespace this informer watches; absent for a cluster-wide informer. */
  readonly namespace?: string;
  readonly state: InformerState;
  /** Objects held for this informer's scope. */
  readonly objects: number;
  /** Their estimated bytes. */
  readonly bytes: number;
  /** When the last added/modified/deleted change was applied (clock ms). */
  readonly lastEventAt?: number;
  /** When the last list finished successfully (clock ms). */
  readonly lastSyncAt?: number;
  /** Time since the last sign of life: a change, a bookmark, a watch line or a successful list. */
  readonly lagMs?: number;
  /** Failed attempts so far (lists, watches, idle timeouts, refusals). */
  readonly errors: number;
  /** Message of the most recent failure; for `degraded`, why the kind is not synced. */
  readonly lastError?: string;
  /** Relists forced by an expired resourceVersion (410 Gone). */
  readonly relists: number;
  /** Backoff waits before a retry. */
  readonly retries: number;
  /** Differences a periodic resync found between the cache and a fresh list (and fixed). */
  readonly repairs: number;
}
