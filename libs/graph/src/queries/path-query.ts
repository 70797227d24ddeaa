import type { PathStep } from '../graph-types.js';
import { type Adjacent, adjacent, type QueryContext, toGraphNode } from './query-context.js';
import type { ResolvedQuery } from './query-options.js';

/**
 * Shortest path between two nodes over the undirected view of the graph (edges may be walked
 * against their direction; each step reports `direction`), within `maxDepth` hops, through
 * visible nodes of `kinds` (the ends exempt) over `edgeTypes`. `[]` when `fromId === toId`;
 * undefined when no such path exists. Ties go to the first edge in (type, id) order.
 */
export function findPath(ctx: QueryContext, fromId: string, toId: string, q: ResolvedQuery): PathStep[] | undefined {
  if (fromId === toId) return [];
  const previous = new Map<string, { readonly from: string; readonly via: Adjacent }>();
  const seen = new Set([fromId]);
  let frontier = [fromId];
  for (let depth = 0; depth < q.maxDepth && frontier.length > 0; depth += 1) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const a of adjacent(ctx, id, 'both', (type) => q.edgeTypes === undefined || q.edgeTypes.has(type))) {
        if (seen.has(a.id)) continue;
        if (a.id !== toId && q.kinds !== undefined && !q.kinds.has(ctx.graph.getNodeAttribute(a.id, 'kind').toLowerCase())) continue;
        seen.add(a.id);
        previous.set(a.id, { from: id, via: a });
        if (a.id === toId) return unwind(ctx, previous, toId);
        next.push(a.id);
      }
    }
    frontier = next;
  }
  return undefined;
}

function unwind(ctx: QueryContext, previous: Map<string, { readonly from: string; readonly via: Adjacent }>, toId: string): PathStep[] {
  const steps: PathStep[] = [];
  for (let at = toId, hop = previous.get(at); hop; at = hop.from, hop = previous.get(at)) {
    const target = hop.via.direction === 'out' ? at : hop.from;
    steps.push({
      from: toGraphNode(hop.from, ctx.graph.getNodeAttributes(hop.from)),
      to: toGraphNode(at, ctx.graph.getNodeAttributes(at)),
      type: hop.via.type,
      direction: hop.via.direction,
      broken: ctx.graph.getNodeAttribute(target, 'missing'),
      detail: hop.via.detail,
    });
  }
  return steps.reverse();
}
