import type { EdgeType, RelationStep, RelationTree, RelationTreeNode, TreeQuery } from '../graph-types.js';
import { type Adjacent, adjacent, type QueryContext, toGraphNode } from './query-context.js';
import type { ResolvedQuery } from './query-options.js';

interface MutableTreeNode {
  node: RelationTreeNode['node'];
  edge?: RelationStep;
  repeated?: boolean;
  children: MutableTreeNode[];
}

interface Work {
  readonly id: string;
  /** The tree entry, or undefined once the node budget is spent (the walk goes on to count). */
  readonly entry: MutableTreeNode | undefined;
  /** Reached by climbing an ownership edge (impact only). */
  readonly upward: boolean;
  /** The node it was reached from and over which edge type and direction (to skip walking that edge back). */
  readonly from?: { readonly id: string; readonly type: string; readonly direction: 'out' | 'in' };
}

/** Edges followed from one node, given how it was reached. */
type Expand = (id: string, upward: boolean) => Array<Adjacent & { readonly upward: boolean }>;

function expandFor(ctx: QueryContext, query: TreeQuery, q: ResolvedQuery): Expand {
  const typeOk = (type: EdgeType): boolean => q.edgeTypes === undefined || q.edgeTypes.has(type);
  const kindOk = (a: Adjacent): boolean => q.kinds === undefined || q.kinds.has(ctx.graph.getNodeAttribute(a.id, 'kind').toLowerCase());
  const walk = (id: string, direction: 'out' | 'in' | 'both') =>
    adjacent(ctx, id, direction, typeOk)
      .filter(kindOk)
      .map((a) => ({ ...a, upward: false }));
  switch (query) {
    case 'dependencies':
      return (id) => walk(id, 'out');
    case 'dependents':
      return (id) => walk(id, 'in');
    case 'neighbors':
      return (id) => walk(id, 'both');
    case 'impact':
      // Dependents, plus the owners of anything impacted (a Deployment whose Pods break is
      // impacted); after climbing to an owner, its other owned objects are not (siblings of a
      // broken Pod still work). Events only describe, so `about` is left out unless asked for.
      return (id, upward) =>
        adjacent(ctx, id, 'both', (type, direction) =>
          typeOk(type) &&
          (direction === 'in'
            ? !(upward && type === 'owned-by') && (q.edgeTypes !== undefined || type !== 'about')
            : type === 'owned-by'),
        )
          .filter(kindOk)
          .map((a) => ({ ...a, upward: a.direction === 'out' }));
  }
}

/**
 * Breadth-first tree from `rootId` following the query's edges, nearest nodes first. Each node
 * appears once; an edge to a node already shown becomes a `repeated` leaf. At most `maxNodes`
 * entries are shown; the walk continues to `maxDepth` only to count the nodes left out
 * (`omitted`). `deeper` tells whether nodes at `maxDepth` have further relations.
 */
export function buildTree(ctx: QueryContext, query: TreeQuery, rootId: string, q: ResolvedQuery): RelationTree {
  const expand = expandFor(ctx, query, q);
  const root: MutableTreeNode = { node: toGraphNode(rootId, ctx.graph.getNodeAttributes(rootId)), children: [] };
  const visited = new Map<string, boolean>([[rootId, true]]); // id -> shown in the tree
  let entries = 0;
  let nodeCount = 0;
  let omitted = 0;
  let deeper = false;
  let frontier: Work[] = [{ id: rootId, entry: root, upward: false }];
  for (let depth = 0; frontier.length > 0; depth += 1) {
    const next: Work[] = [];
    for (const work of frontier) {
      const neighbours = expand(work.id, work.upward);
      if (depth === q.maxDepth) {
        if (neighbours.some((n) => !visited.has(n.id))) deeper = true;
        continue;
      }
      for (const n of neighbours) {
        // The edge just walked, seen from its other end: not a new relation.
        if (work.from && n.id === work.from.id && n.type === work.from.type && n.direction !== work.from.direction) continue;
        const step: RelationStep = {
          type: n.type,
          direction: n.direction,
          broken: ctx.graph.getNodeAttribute(n.direction === 'out' ? n.id : work.id, 'missing'),
          detail: n.detail,
        };
        const shown = visited.get(n.id);
        if (shown !== undefined) {
          if (shown && work.entry && entries < q.maxNodes) {
            work.entry.children.push({ node: toGraphNode(n.id, ctx.graph.getNodeAttributes(n.id)), edge: step, repeated: true, children: [] });
            entries += 1;
          }
          continue;
        }
        if (work.entry && entries < q.maxNodes) {
          const child: MutableTreeNode = { node: toGraphNode(n.id, ctx.graph.getNodeAttributes(n.id)), edge: step, children: [] };
          work.entry.children.push(child);
          entries += 1;
          nodeCount += 1;
          visited.set(n.id, true);
          next.push({ id: n.id, entry: child, upward: n.upward, from: { id: work.id, type: n.type, direction: n.direction } });
        } else {
          omitted += 1;
          visited.set(n.id, false);
          next.push({ id: n.id, entry: undefined, upward: n.upward, from: { id: work.id, type: n.type, direction: n.direction } });
        }
      }
    }
    frontier = next;
  }
  const notes = [...q.notes];
  if (omitted > 0) notes.push(`${omitted} related object(s) within depth ${q.maxDepth} not shown (maxNodes ${q.maxNodes}); narrow with edgeTypes or kinds, or raise maxNodes`);
  if (deeper) notes.push(`more relations exist beyond depth ${q.maxDepth}`);
  return { query, root, maxDepth: q.maxDepth, nodeCount, omitted, deeper, notes };
}
