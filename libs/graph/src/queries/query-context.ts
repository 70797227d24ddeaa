import type { MultiDirectedGraph } from 'graphology';
import type { EdgeAttributes, NodeAttributes } from '../graph-store.js';
import type { EdgeDetail, EdgeType, GraphNode } from '../graph-types.js';

/** What queries read: the graph, and the namespace policy applied to its nodes. */
export interface QueryContext {
  readonly graph: MultiDirectedGraph<NodeAttributes, EdgeAttributes>;
  /** Whether `id` exists and its namespace may be shown. Hidden nodes are never shown nor walked through. */
  readonly visible: (id: string) => boolean;
}

/** An adjacent node reached over one edge. */
export interface Adjacent {
  readonly id: string;
  readonly type: EdgeType;
  /** `out`: the edge points from the current node to `id`; `in`: from `id` to the current node. */
  readonly direction: 'out' | 'in';
  readonly detail: EdgeDetail;
}

/** The public view of a node. */
export function toGraphNode(id: string, a: NodeAttributes): GraphNode {
  return {
    id,
    kind: a.kind,
    ...(a.namespace === undefined ? {} : { namespace: a.namespace }),
    name: a.name,
    ...(a.uid === undefined ? {} : { uid: a.uid }),
    status: a.status,
    missing: a.missing,
  };
}

/**
 * Visible neighbours of `id` in one or both directions, sorted by edge type then id (stable
 * output). `keep` filters edges before anything is built (a Service may select thousands of pods).
 */
export function adjacent(
  ctx: QueryContext,
  id: string,
  direction: 'out' | 'in' | 'both',
  keep: (type: EdgeType, direction: 'out' | 'in') => boolean = () => true,
): Adjacent[] {
  const out: Adjacent[] = [];
  if (direction !== 'in') {
    ctx.graph.forEachOutEdge(id, (_key, a, _source, target) => {
      if (keep(a.type, 'out') && ctx.visible(target)) out.push({ id: target, type: a.type, direction: 'out', detail: a.detail });
    });
  }
  if (direction !== 'out') {
    ctx.graph.forEachInEdge(id, (_key, a, source) => {
      if (keep(a.type, 'in') && ctx.visible(source)) out.push({ id: source, type: a.type, direction: 'in', detail: a.detail });
    });
  }
  return out.sort((x, y) => (x.type < y.type ? -1 : x.type > y.type ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : x.direction < y.direction ? -1 : 1));
}
