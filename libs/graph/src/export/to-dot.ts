import { edgeLabel, flatten, isPath, nodeTitle, type RelationResult } from './relation-edges.js';

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * A Graphviz DOT digraph of a query result (tree or path), nodes keyed by graph id, edges in their
 * true direction labelled with type and port; missing placeholders and broken edges are dashed
 * and red, inferred edges dotted. Omitted nodes and notes become `//` comments.
 */
export function toDot(result: RelationResult): string {
  const { nodes, edges } = flatten(result);
  const lines = ['digraph relations {', '  rankdir=LR;', '  node [shape=box];'];
  for (const node of nodes) {
    const style = node.missing ? ', style=dashed, color=red' : '';
    lines.push(`  ${quote(node.id)} [label=${quote(`${nodeTitle(node)}\n${node.status}`)}${style}];`);
  }
  for (const { source, target, step } of edges) {
    const style = step.broken ? ', style=dashed, color=red' : step.detail.inferred === true ? ', style=dotted' : '';
    lines.push(`  ${quote(source.id)} -> ${quote(target.id)} [label=${quote(edgeLabel(step.type, step.detail, step.broken))}${style}];`);
  }
  if (!isPath(result)) {
    if (result.omitted > 0) lines.push(`  // ${result.omitted} related object(s) omitted`);
    for (const note of result.notes) lines.push(`  // ${note.replace(/\n/g, ' ')}`);
  }
  lines.push('}');
  return lines.join('\n');
}
