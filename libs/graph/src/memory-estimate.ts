/**
 * Bytes assumed per node, edge and stored label when estimating memory: fitted to the V8 heap
 * growth (after GC) measured by `npm run bench:graph` on synthetic clusters of 10k and 50k
 * objects (about 3.2 edges and 0.5 labels per node), then rounded up so the estimate stays 5-10%
 * above the measurement. They cover graphology's node and edge records, node and edge
 * attributes, the per-object state kept for incremental updates (selectors, TTL) and the label
 * and selector indexes. The objects themselves are not kept.
 */
export const MEMORY_ESTIMATE = Object.freeze({ nodeBytes: 950, edgeBytes: 350, labelBytes: 120 });

/** Estimated bytes of a graph of `nodes` nodes, `edges` edges and `labels` stored labels. */
export function estimateBytes(nodes: number, edges: number, labels: number): number {
  return nodes * MEMORY_ESTIMATE.nodeBytes + edges * MEMORY_ESTIMATE.edgeBytes + labels * MEMORY_ESTIMATE.labelBytes;
}

/** The `stats().message` of a graph that refused objects: what happened and what to do. */
export function memoryLimitMessage(limitBytes: number, usedBytes: number, refused: number): string {
  const mb = (bytes: number) => Math.round(bytes / 1048576);
  return (
    `knowledge graph reached GRAPH_MEMORY_LIMIT (${mb(limitBytes)} MB; about ${mb(usedBytes)} MB estimated in use): ` +
    `${refused} object(s) were left out or have references missing, so relationships involving them are incomplete. ` +
    'Raise GRAPH_MEMORY_LIMIT, or narrow the synced namespaces or kinds; the graph completes itself as space frees and objects are re-synced.'
  );
}
