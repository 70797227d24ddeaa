import type { KnowledgeGraph } from '@k8s-mcp/graph';
import type { ClusterReader, KubeObject, ResourceKind } from '@k8s-mcp/k8s-client';
import type { SyncManager } from '@k8s-mcp/sync';

/**
 * Keeps `graph` current from a sync manager: loads what the cache holds, then applies every
 * change event (only the changed object's edges are touched). Returns the unsubscribe function.
 */
export function feedGraphFromSync(graph: KnowledgeGraph, sync: SyncManager): () => void {
  const unsubscribe = sync.subscribe((change) => graph.applyChange({ type: change.type, kind: change.kind.kind, object: change.object }));
  refreshGraphFromCache(graph, sync);
  return unsubscribe;
}

/**
 * Feeds `graph` from `sync` ({@link feedGraphFromSync}) and re-upserts the cache every
 * `refreshMs` so live objects outlive GRAPH_TTL while deleted ones are evicted. Returns the
 * function that stops both.
 */
export function keepGraphCurrent(graph: KnowledgeGraph, sync: SyncManager, refreshMs: number): () => void {
  const unsubscribe = feedGraphFromSync(graph, sync);
  const timer = setInterval(() => {
    refreshGraphFromCache(graph, sync);
    graph.evictStale();
  }, refreshMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}

/**
 * Upserts every cached object. Unchanged objects only refresh their TTL, so calling this on a
 * timer keeps live objects from being evicted by GRAPH_TTL while deleted ones age out.
 */
export function refreshGraphFromCache(graph: KnowledgeGraph, sync: SyncManager): void {
  for (const kind of sync.cache.kinds()) {
    for (const object of sync.cache.list(kind)) graph.upsert(kind.kind, object);
  }
}

/**
 * Loads every object of `kinds` from a reader (an offline snapshot) into the graph. With
 * `optional`, a kind the reader cannot list (not in the snapshot, not served) is skipped;
 * otherwise its error is thrown.
 */
export async function loadGraphFromReader(graph: KnowledgeGraph, reader: ClusterReader, kinds: readonly ResourceKind[], options: { readonly optional?: boolean } = {}): Promise<void> {
  for (const kind of kinds) {
    let objects: KubeObject[];
    try {
      objects = await listEverything(reader, kind);
    } catch (error) {
      if (options.optional) continue;
      throw error;
    }
    for (const object of objects) graph.upsert(kind.kind, object);
  }
}

/** Every visible object of a kind, following continue tokens. */
export async function listEverything(reader: ClusterReader, kind: ResourceKind): Promise<KubeObject[]> {
  const out: KubeObject[] = [];
  let cont: string | undefined;
  do {
    const page = await reader.list(kind, { limit: 1_000_000, ...(cont ? { continue: cont } : {}) });
    out.push(...page.items);
    cont = page.continue;
  } while (cont);
  return out;
}
