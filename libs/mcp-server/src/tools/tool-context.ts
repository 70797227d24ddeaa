import type { ClusterReader, ClusterWriter, ResourceKind } from '@k8s-mcp/k8s-client';

/** How fresh the data behind an answer is. */
export interface Freshness {
  /** `cache`: the watch-synced cache; `live`: a direct API request; `snapshot`: an offline dump. */
  readonly source: 'cache' | 'live' | 'snapshot';
  /** Time since the cache last heard from the API server for this kind. */
  readonly lagMs?: number;
  /** Sync state of the kind (`synced`, `degraded`, ...). */
  readonly state?: string;
}

/**
 * Everything the Kubernetes tools need, built once per server by the app. Reads go through
 * `reader`, which applies the namespace policy and serves from the synced cache where it can.
 */
export interface ToolContext {
  readonly reader: ClusterReader;
  /** Absent when the cluster cannot be written (offline snapshot). */
  readonly writer?: ClusterWriter;
  /** Where a kind's data comes from; defaults to the reader's source. */
  readonly freshness?: (kind: ResourceKind) => Freshness;
  /** K8S_NAMESPACE: used when a tool's namespace argument is left out. */
  readonly defaultNamespace: string;
  /** K8S_MAX_RESOURCES: most objects one call returns. */
  readonly maxResources: number;
  readonly now: () => number;
}

/** One line stating where data came from and how fresh it is. */
export function describeFreshness(ctx: ToolContext, kind: ResourceKind): string {
  const f = ctx.freshness?.(kind) ?? { source: ctx.reader.source === 'snapshot' ? 'snapshot' : 'live' };
  if (f.source === 'cache') {
    const lag = f.lagMs === undefined ? '' : `, updated ${Math.round(f.lagMs / 1000)}s ago`;
    return `source: watch cache (${f.state ?? 'synced'}${lag})`;
  }
  return f.source === 'snapshot' ? 'source: offline snapshot (not live)' : 'source: live API';
}
