import type { GraphNode, PathStep, RelationStep, RelationTree, RelationTreeNode } from '@k8s-mcp/graph';

/** `Kind namespace/name (status)`, `Kind name (status)` when cluster-scoped; missing ones flagged. */
export function nodeText(node: GraphNode): string {
  const where = node.namespace === undefined ? node.name : `${node.namespace}/${node.name}`;
  return `${node.kind} ${where} (${node.missing ? 'MISSING' : node.status})`;
}

/**
 * The edge between a node and the next one, drawn in its true direction: `--routes-to :80-->`
 * when it points from the earlier node to the later one, `<--owned-by--` when it points back.
 */
export function edgeText(step: RelationStep): string {
  const parts: string[] = [step.type];
  if (step.detail.port !== undefined) parts.push(`:${step.detail.port}`);
  if (step.detail.via !== undefined) parts.push(`via ${step.detail.via}`);
  if (step.detail.optional === true) parts.push('optional');
  if (step.detail.ready === false) parts.push('not ready');
  if (step.broken) parts.push('BROKEN');
  const label = parts.join(' ');
  return step.direction === 'out' ? `--${label}-->` : `<--${label}--`;
}

/**
 * A relation tree as an indented markdown list: the root, then each related node under the one
 * it was reached from, with the edge between them. Nodes shown earlier are marked instead of
 * repeated; what was left out (`maxNodes`, depth) is said at the end.
 */
export function renderTree(tree: RelationTree): string {
  const lines = [`# ${tree.query} of ${nodeText(tree.root.node)}`, `depth ${tree.maxDepth}, ${tree.nodeCount} related object(s)`, ''];
  const walk = (entry: RelationTreeNode, depth: number): void => {
    const indent = '  '.repeat(depth);
    const edge = entry.edge ? `${edgeText(entry.edge)} ` : '';
    lines.push(`${indent}- ${edge}${nodeText(entry.node)}${entry.repeated ? ' (shown above)' : ''}`);
    for (const child of entry.children) walk(child, depth + 1);
  };
  walk(tree.root, 0);
  if (tree.root.children.length === 0) lines.push('', `(no ${tree.query} found)`);
  // The graph's own notes say what was left out (in its option names); the hint maps them to flags.
  const notes = tree.notes.map((n) => `note: ${n}`);
  const flags = [...(tree.deeper ? ['--depth'] : []), ...(tree.omitted > 0 ? ['--max-nodes'] : [])];
  if (flags.length > 0) notes.push(`hint: raise ${flags.join(' or ')} to see more`);
  if (notes.length > 0) lines.push('', ...notes);
  return `${lines.join('\n')}\n`;
}

/** A path as a numbered list from the first object to the last, each step with its edge. */
export function renderPath(from: string, to: string, steps: readonly PathStep[]): string {
  const lines = [`# path from ${from} to ${to}`, `${steps.length} hop(s)`, ''];
  if (steps.length === 0) {
    lines.push('(the same object)');
  } else {
    lines.push(`1. ${nodeText((steps[0] as PathStep).from)}`);
    steps.forEach((step, i) => lines.push(`${i + 2}. ${edgeText(step)} ${nodeText(step.to)}`));
  }
  return `${lines.join('\n')}\n`;
}
