import { METRIC_NAMES, syncLagMetricName } from './metric-names.js';

/** Graph size, as the app's knowledge graph reports it. */
export interface GraphSize {
  readonly nodes: number;
  readonly edges: number;
}

/** One sync informer (a kind, cluster-wide or in one namespace), as the app's sync reports it. */
export interface SyncKindStatus {
  /** Kind name, e.g. `Pod`. */
  readonly kind: string;
  /** The namespace this informer watches; absent when cluster-wide. */
  readonly namespace?: string;
  /** `pending`, `synced`, `degraded`, `failed` or `stopped`. */
  readonly state: string;
  /** Objects held. */
  readonly objects: number;
  /** Seconds since its last sign of life; absent when unknown. */
  readonly lagSeconds?: number;
  /** Failed attempts so far. */
  readonly errors: number;
}

/** State of the sync as a whole. */
export interface SyncState {
  /** The sync's 0-100 health score. */
  readonly healthScore: number;
  /** One entry per informer. */
  readonly kinds: readonly SyncKindStatus[];
}

/**
 * Callbacks the app registers so metrics can report on the knowledge graph and the sync without
 * depending on them. Either may be absent (feature disabled); either may throw, which the
 * callers catch (the metric is then left out and the error reported to their `onError`).
 */
export interface IntelligenceSource {
  /** The knowledge graph's size. */
  graph?(): GraphSize;
  /** The sync's state. */
  sync?(): SyncState;
}

/** Largest lag per kind name, across its informers, in seconds. */
export function lagByKind(kinds: readonly SyncKindStatus[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of kinds) {
    if (k.lagSeconds === undefined || !Number.isFinite(k.lagSeconds)) continue;
    out.set(k.kind, Math.max(out.get(k.kind) ?? 0, k.lagSeconds));
  }
  return out;
}

/**
 * The `intelligent.*` dotted values of a source: graph nodes and edges, sync health score, the
 * largest lag (`intelligent.sync_delay_seconds`) and per-kind lags. A throwing callback leaves
 * its values out and is reported to `onError`.
 */
export function intelligenceValues(source: IntelligenceSource | undefined, onError: (error: unknown) => void): Record<string, number> {
  const out: Record<string, number> = {};
  if (!source) return out;
  if (source.graph) {
    try {
      const { nodes, edges } = source.graph();
      out[METRIC_NAMES.kgNodes] = nodes;
      out[METRIC_NAMES.kgEdges] = edges;
    } catch (error) {
      onError(error);
    }
  }
  if (source.sync) {
    try {
      const sync = source.sync();
      out[METRIC_NAMES.syncHealthScore] = sync.healthScore;
      const lags = lagByKind(sync.kinds);
      if (lags.size > 0) out[METRIC_NAMES.syncDelaySeconds] = Math.max(...lags.values());
      for (const [kind, lag] of [...lags].sort(([a], [b]) => a.localeCompare(b))) out[syncLagMetricName(kind)] = lag;
    } catch (error) {
      onError(error);
    }
  }
  return out;
}
