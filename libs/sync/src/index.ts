export type { ChangeEvent, ChangeListener } from './change-event.js';
export { computeBackoff, type BackoffOptions } from './compute-backoff.js';
export { computeHealthScore } from './health-score.js';
export type { InformerState, InformerStatus } from './informer-status.js';
export { LAST_APPLIED_ANNOTATION, leanObject, type LeanSecret } from './lean-object.js';
export {
  createResourceCache,
  type CacheListOptions,
  type KindStats,
  type LabelPredicate,
  type ResourceCache,
  type ResourceCacheView,
} from './resource-cache.js';
export { type CachedCluster, type CachedClusterOptions, createCachedCluster, type KindFreshness } from './cached-cluster.js';
export { createSyncManager, type SyncManager, type SyncManagerOptions } from './sync-manager.js';
export { DEFAULT_SYNC_OPTIONS, type SyncOptions } from './sync-options.js';
export type { SyncLogger, SyncTimers } from './sync-runtime.js';
