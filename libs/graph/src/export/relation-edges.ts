import type { EdgeDetail, GraphNode, PathStep, RelationStep, RelationTree, RelationTreeNode } from '../graph-types.js';

/** A query result the exporters accept: a tree, or the steps of a path. */
export type RelationResult = RelationTree | readonly PathStep[];

/** A drawable edge in its true direction. */
export interface DrawnEdge {
  readonly source: GraphNode;
  readonly target: GraphNode;
  readonly step: RelationStep;
}

/** Nodes (first appearance order) and edges of a result, each edge drawn from its source to its target. */
export function flatten(result: RelationResult): { nodes: GraphNode[]; edges: DrawnEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const edges: DrawnEdge[] = [];
  const add = (from: GraphNode, to: GraphNode, step: RelationStep): void => {
    if (!nodes.has(to.id)) nodes.set(to.id, to);
    edges.push(step.direction === 'out' ? { source: from, target: to, step } : { source: to, target: from, step });
  };
  if (isPath(result)) {
    for (const step of result) {
      if (!nodes.has(step.from.id)) nodes.set(step.from.id, step.from);
      add(step.from, step.to, step);
    }
  } else {
    const walk = (parent: RelationTreeNode): void => {
      for (const child of parent.children) {
        if (child.edge) add(parent.node, child.node, child.edge);
        walk(child);
      }
    };
    nodes.set(result.root.node.id, result.root.node);
    walk(result.root);
  }
  return { nodes: [...nodes.values()], edges };
}

/** Whether a result is a path (an array of steps). */
export function isPath(result: RelationResult): result is readonly PathStep[] {
  return Array.isArray(result);
}

/** `Kind namespace/name` (`Kind name` when cluster-scoped). */
export function nodeTitle(node: GraphNode): string {
  return node.namespace === undefined ? `${node.kind} ${node.name}` : `${node.kind} ${node.namespace}/${node.name}`;
}

/**
 * An edge's label: type, then port, `inferred` (a guess from configuration text, which is always
 * optional, so that is not repeated) or `optional`, `not ready`, `broken`.
 */
export function edgeLabel(type: string, detail: EdgeDetail, broken: boolean): string {
  const parts = [type];
  if (detail.port !== undefined) parts.push(`:${detail.port}`);
  if (detail.inferred === true) parts.push('(inferred)');
  else if (detail.optional === true) parts.push('(optional)');
  if (detail.ready === false) parts.push('(not ready)');
  if (broken) parts.push('(broken)');
  return parts.join(' ');
}
