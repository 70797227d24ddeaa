import type { ClusterReader } from '@k8s-mcp/k8s-client';
import { type ClusterState, stateFromReader } from '@k8s-mcp/summary';
import type { SyncManager } from '@k8s-mcp/sync';

/**
 * The summary's view of a live cluster: the sync cache, read in place (no API requests). Kinds
 * whose informers are not synced are reported as incomplete so the summary can say so.
 */
export function stateFromSync(sync: SyncManager): ClusterState {
  const known = new Set(sync.cache.kinds().map((k) => k.kind));
  const incomplete = sync
    .status()
    .filter((s) => s.state !== 'synced')
    .map((s) => ({ kind: s.kind, reason: `${s.state}${s.namespace ? ` in ${s.namespace}` : ''}${s.lastError ? `: ${s.lastError}` : ''}` }));
  return {
    list: (kind) => (known.has(kind) ? sync.cache.list(kind) : []),
    incomplete,
  };
}

/** The summary's view of a snapshot, listed once and kept (a snapshot never changes). */
export function memoizedReaderState(reader: ClusterReader): () => Promise<ClusterState> {
  let state: Promise<ClusterState> | undefined;
  return () => (state ??= stateFromReader(reader));
}
