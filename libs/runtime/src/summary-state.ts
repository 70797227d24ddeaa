import type { ClusterReader } from '@k8s-mcp/k8s-client';
import { type ClusterState, EXTRA_SUMMARY_KINDS, stateFromReader } from '@k8s-mcp/summary';
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

/** How long the kinds a live summary lists on demand are reused (see {@link liveSummaryState}). */
export const EXTRA_KINDS_TTL_MS = 30_000;

/**
 * The summary's view of a live cluster: the sync cache for the synced kinds, plus the kinds
 * diagnosis reads that the sync does not watch (`EXTRA_SUMMARY_KINDS` the identity could not list
 * cluster-wide at start, e.g. RBAC for an identity confined to some namespaces), listed through
 * `reader` on demand and reused for `ttlMs`; those it cannot list show as incomplete in the
 * summary. Nothing is listed when the sync covers them all.
 */
export function liveSummaryState(sync: SyncManager, reader: ClusterReader, now: () => number, ttlMs = EXTRA_KINDS_TTL_MS): () => Promise<ClusterState> {
  const synced = new Set(sync.cache.kinds().map((k) => k.kind));
  const onDemand = EXTRA_SUMMARY_KINDS.filter((k) => !synced.has(k));
  const extraKinds = new Set(onDemand);
  let extra: { readonly at: number; readonly state: Promise<ClusterState> } | undefined;
  return async () => {
    if (onDemand.length === 0) return stateFromSync(sync);
    const t = now();
    if (!extra || t - extra.at >= ttlMs) extra = { at: t, state: stateFromReader(reader, { kinds: onDemand }) };
    const more = await extra.state;
    const base = stateFromSync(sync);
    return {
      list: (kind) => (extraKinds.has(kind) ? more.list(kind) : base.list(kind)),
      incomplete: [...(base.incomplete ?? []), ...(more.incomplete ?? [])],
    };
  };
}
