import type { KubeObject } from '@k8s-mcp/k8s-client';
import { DEFAULT_CLUSTER_SCOPED_KINDS } from './cluster-scoped-kinds.js';
import { GraphError } from './graph-error.js';
import { GraphStore } from './graph-store.js';
import type {
  EdgeType,
  GraphChange,
  GraphEdge,
  GraphNode,
  GraphStats,
  GraphStatus,
  PathStep,
  QueryOptions,
  RelationTree,
  TreeQuery,
} from './graph-types.js';
import { findPath } from './queries/path-query.js';
import { type QueryContext, toGraphNode } from './queries/query-context.js';
import { resolveQuery } from './queries/query-options.js';
import { suggestIds } from './queries/suggest-ids.js';
import { buildTree } from './queries/tree-query.js';

/** Options of {@link createKnowledgeGraph}; all optional. */
export interface KnowledgeGraphOptions {
  /** Default traversal depth of queries (GRAPH_MAX_DEPTH). Default 3. */
  readonly maxDepth?: number;
  /** Deepest traversal ever done; larger `maxDepth` values are clamped. Default 10. */
  readonly hardMaxDepth?: number;
  /** Objects not upserted for this long are dropped by `evictStale()` (GRAPH_TTL). Default 3 600 000 ms. */
  readonly ttlMs?: number;
  /** Estimated size at which new objects are refused (GRAPH_MEMORY_LIMIT, in bytes). Default: no limit. */
  readonly memoryLimitBytes?: number;
  /** Clock for TTLs. Default `Date.now`. */
  readonly now?: () => number;
  /** Namespace policy: objects in namespaces for which this is false never appear in any answer. Default: all visible. */
  readonly isNamespaceVisible?: (namespace: string) => boolean;
  /** Cluster-scoped kinds besides the built-in ones (for references to cluster-scoped custom resources). */
  readonly clusterScopedKinds?: readonly string[];
  /** Called when `stats().status` changes (e.g. to log the memory-limit message). */
  readonly onStatusChange?: (status: GraphStatus, message: string | undefined) => void;
}

/** Filter of {@link KnowledgeGraph.nodes}. */
export interface NodeFilter {
  readonly kind?: string;
  readonly namespace?: string;
  readonly missing?: boolean;
}

/**
 * The knowledge graph of relationships between cluster objects. Nodes are objects (and missing
 * placeholders); edges point from dependent to dependency (see EDGE_TYPES; ownership points from
 * the owned object to its owner). Updates are incremental; queries honour the namespace policy:
 * a node in a hidden namespace is never returned, walked through, or named on an edge.
 */
export interface KnowledgeGraph {
  /**
   * Adds or updates one object (`kind` is passed because list items lack it). Recomputes only
   * its own edges and, when its labels changed, the selector edges others declare towards it.
   * An unchanged `resourceVersion` only refreshes its TTL. A placeholder for it becomes the object.
   * Refused (not added) when the memory limit is reached: see `stats()`.
   *
   * @throws GraphError `INVALID_OBJECT` when the object has no usable name, namespace or kind.
   */
  upsert(kind: string, object: KubeObject): void;
  /**
   * Removes one object and its edges. If others still name it, it stays as a missing placeholder
   * and their edges become broken. Unknown objects are ignored.
   */
  remove(kind: string, namespace: string | undefined, name: string): void;
  /** Feeds a sync change event: `deleted` removes, anything else upserts (`kind` may be a ResourceKind). */
  applyChange(change: GraphChange): void;
  /** Removes objects not upserted within `ttlMs` (call it on a timer); returns how many. */
  evictStale(): number;

  /** The node with this id, or undefined (also for a hidden namespace). */
  node(id: string): GraphNode | undefined;
  /** Visible nodes matching `filter`, in insertion order. */
  nodes(filter?: NodeFilter): GraphNode[];
  /** Visible edges (both ends visible), optionally of one type. */
  edges(filter?: { readonly type?: EdgeType }): GraphEdge[];
  /** Edges from `id` to what it depends on; [] for an unknown or hidden id. */
  outEdges(id: string): GraphEdge[];
  /** Edges from what depends on `id`; [] for an unknown or hidden id. */
  inEdges(id: string): GraphEdge[];
  /** Every visible edge whose target is a missing placeholder; `namespace` filters on the source's namespace. */
  brokenReferences(filter?: { readonly namespace?: string }): GraphEdge[];

  /** What `id` depends on, transitively (out-edges). @throws GraphError `NOT_FOUND` / `INVALID_ARGUMENT` */
  dependencies(id: string, q?: QueryOptions): RelationTree;
  /** What depends on `id`, transitively (in-edges). @throws GraphError `NOT_FOUND` / `INVALID_ARGUMENT` */
  dependents(id: string, q?: QueryOptions): RelationTree;
  /**
   * Blast radius: transitive dependents, plus the owners of anything impacted (Pod -> ReplicaSet ->
   * Deployment, marked `direction: 'out'`), without an owner's other owned objects and without
   * Events unless `edgeTypes` asks for `about`. @throws GraphError `NOT_FOUND` / `INVALID_ARGUMENT`
   */
  impact(id: string, q?: QueryOptions): RelationTree;
  /** Related nodes in both directions; `maxDepth` defaults to 1 here. @throws GraphError `NOT_FOUND` / `INVALID_ARGUMENT` */
  neighbors(id: string, q?: QueryOptions): RelationTree;
  /**
   * Shortest path over the undirected view (each step says which way its edge points), at most
   * `maxDepth` hops (default: `hardMaxDepth`). `[]` for the same id, undefined when unreachable.
   * @throws GraphError `NOT_FOUND` / `INVALID_ARGUMENT`
   */
  path(fromId: string, toId: string, q?: QueryOptions): PathStep[] | undefined;

  /** Size, health and the memory estimate. */
  stats(): GraphStats;
}

function positiveInteger(field: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new GraphError('INVALID_ARGUMENT', `createKnowledgeGraph: ${field} must be a whole number >= ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Creates an empty {@link KnowledgeGraph}.
 *
 * Memory: `stats().approxBytes` estimates nodes x 950 + edges x 350 + stored labels x 120
 * bytes (MEMORY_ESTIMATE, fitted to the heap growth measured by the graph benchmark). When adding a node would exceed
 * `memoryLimitBytes`, new objects (and placeholders) are refused, `stats().status` becomes
 * `memory-limit` with a message saying what to do, and `onStatusChange` is called; updates of
 * objects already present continue. It returns to `ok` once every refused object has been
 * upserted successfully or removed.
 *
 * @throws GraphError `INVALID_ARGUMENT` for a malformed option (e.g. `maxDepth` above `hardMaxDepth`).
 */
export function createKnowledgeGraph(options: KnowledgeGraphOptions = {}): KnowledgeGraph {
  const hardMaxDepth = positiveInteger('hardMaxDepth', options.hardMaxDepth, 10, 1);
  const maxDepth = positiveInteger('maxDepth', options.maxDepth, Math.min(3, hardMaxDepth), 1);
  if (maxDepth > hardMaxDepth) {
    throw new GraphError('INVALID_ARGUMENT', `createKnowledgeGraph: maxDepth ${maxDepth} exceeds hardMaxDepth ${hardMaxDepth}`);
  }
  const ttlMs = positiveInteger('ttlMs', options.ttlMs, 3_600_000, 1);
  const memoryLimitBytes = options.memoryLimitBytes === undefined ? undefined : positiveInteger('memoryLimitBytes', options.memoryLimitBytes, 0, 1);
  const clusterScoped = new Set([...DEFAULT_CLUSTER_SCOPED_KINDS, ...(options.clusterScopedKinds ?? [])]);
  const isNamespaceVisible = options.isNamespaceVisible ?? (() => true);

  const store = new GraphStore({
    now: options.now ?? Date.now,
    ttlMs,
    memoryLimitBytes,
    isClusterScoped: (kind) => clusterScoped.has(kind),
    onStatusChange: options.onStatusChange,
  });
  const graph = store.graph;

  const visible = (id: string): boolean => {
    if (!graph.hasNode(id)) return false;
    const namespace = graph.getNodeAttribute(id, 'namespace');
    return namespace === undefined || isNamespaceVisible(namespace);
  };
  const ctx: QueryContext = { graph, visible };

  const toEdge = (key: string): GraphEdge => {
    const { type, detail } = graph.getEdgeAttributes(key);
    const target = graph.target(key);
    return { type, source: graph.source(key), target, broken: graph.getNodeAttribute(target, 'missing'), detail };
  };
  const visibleEdge = (key: string): boolean => visible(graph.source(key)) && visible(graph.target(key));

  const requireNode = (fn: string, id: string): void => {
    if (typeof id === 'string' && visible(id)) return;
    const suggestions = suggestIds(String(id), graph.filterNodes((n) => visible(n)));
    throw new GraphError(
      'NOT_FOUND',
      `${fn}: no object ${JSON.stringify(id)} in the knowledge graph (ids look like Kind/namespace/name, Kind/_cluster/name when cluster-scoped)` +
        (suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => JSON.stringify(s)).join(', ')}?` : '; list objects to find the right id'),
    );
  };

  const tree = (query: TreeQuery, id: string, q: QueryOptions | undefined, defaultDepth = maxDepth): RelationTree => {
    requireNode(query, id);
    return buildTree(ctx, query, id, resolveQuery(query, q, defaultDepth, hardMaxDepth));
  };

  return {
    upsert: (kind, object) => store.upsert(kind, object),
    remove: (kind, namespace, name) => store.remove(kind, namespace, name),
    applyChange(change) {
      const kind = typeof change.kind === 'string' ? change.kind : change.kind.kind;
      if (change.type === 'deleted') store.remove(kind, change.object.metadata?.namespace, change.object.metadata?.name);
      else store.upsert(kind, change.object);
    },
    evictStale: () => store.evictStale(),

    node: (id) => (visible(id) ? toGraphNode(id, graph.getNodeAttributes(id)) : undefined),
    nodes(filter = {}) {
      const out: GraphNode[] = [];
      graph.forEachNode((id, a) => {
        if (filter.kind !== undefined && a.kind !== filter.kind) return;
        if (filter.namespace !== undefined && a.namespace !== filter.namespace) return;
        if (filter.missing !== undefined && a.missing !== filter.missing) return;
        if (visible(id)) out.push(toGraphNode(id, a));
      });
      return out;
    },
    edges(filter = {}) {
      return graph.filterEdges((key, a) => (filter.type === undefined || a.type === filter.type) && visibleEdge(key)).map(toEdge);
    },
    outEdges: (id) => (visible(id) ? graph.outEdges(id).filter(visibleEdge).map(toEdge) : []),
    inEdges: (id) => (visible(id) ? graph.inEdges(id).filter(visibleEdge).map(toEdge) : []),
    brokenReferences(filter = {}) {
      const out: GraphEdge[] = [];
      for (const id of store.missingIds()) {
        if (!visible(id)) continue;
        for (const key of graph.inEdges(id)) {
          const source = graph.source(key);
          if (!visible(source)) continue;
          if (filter.namespace !== undefined && graph.getNodeAttribute(source, 'namespace') !== filter.namespace) continue;
          out.push(toEdge(key));
        }
      }
      return out;
    },

    dependencies: (id, q) => tree('dependencies', id, q),
    dependents: (id, q) => tree('dependents', id, q),
    impact: (id, q) => tree('impact', id, q),
    neighbors: (id, q) => tree('neighbors', id, q, 1),
    path(fromId, toId, q) {
      requireNode('path', fromId);
      requireNode('path', toId);
      return findPath(ctx, fromId, toId, resolveQuery('path', q, hardMaxDepth, hardMaxDepth));
    },

    stats() {
      const nodesByKind: Record<string, number> = {};
      let missing = 0;
      graph.forEachNode((_id, a) => {
        nodesByKind[a.kind] = (nodesByKind[a.kind] ?? 0) + 1;
        if (a.missing) missing += 1;
      });
      const edgesByType: Partial<Record<EdgeType, number>> = {};
      graph.forEachEdge((_key, a) => {
        edgesByType[a.type] = (edgesByType[a.type] ?? 0) + 1;
      });
      const { status, message } = store.status();
      return {
        nodes: graph.order,
        edges: graph.size,
        missing,
        nodesByKind,
        edgesByType,
        status,
        ...(message === undefined ? {} : { message }),
        approxBytes: store.approxBytes(),
        ...(memoryLimitBytes === undefined ? {} : { memoryLimitBytes }),
        refused: store.refusedCount(),
      };
    },
  };
}
