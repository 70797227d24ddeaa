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
 * The summary's view of a live cluster: the sync cache for the synced kinds, plus the kinds the
 * sync does not watch but diagnosis reads (RBAC, admission webhooks, APIServices, Gateway API;
 * `EXTRA_SUMMARY_KINDS`), listed through `reader` on demand and reused for `ttlMs`. Those are
 * few objects that rarely change; not watching them keeps a restricted identity's sync healthy
 * when it may not list them (they show as incomplete in the summary instead) and costs nothing
 * for clusters that do not serve them.
 */
export function liveSummaryState(sync: SyncManager, reader: ClusterReader, now: () => number, ttlMs = EXTRA_KINDS_TTL_MS): () => Promise<ClusterState> {
  const extraKinds = new Set(EXTRA_SUMMARY_KINDS);
  let extra: { readonly at: number; readonly state: Promise<ClusterState> } | undefined;
  return async () => {
    const t = now();
    if (!extra || t - extra.at >= ttlMs) extra = { at: t, state: stateFromReader(reader, { kinds: EXTRA_SUMMARY_KINDS }) };
    const more = await extra.state;
    const base = stateFromSync(sync);
    return {
      list: (kind) => (extraKinds.has(kind) ? more.list(kind) : base.list(kind)),
      incomplete: [...(base.incomplete ?? []), ...(more.incomplete ?? [])],
    };
  };
}
