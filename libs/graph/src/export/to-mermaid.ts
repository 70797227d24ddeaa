import { edgeLabel, flatten, isPath, nodeTitle, type RelationResult } from './relation-edges.js';

function escape(text: string): string {
  return text.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/**
 * A Mermaid flowchart of a query result (tree or path): one box per object (kind, namespace/name,
 * status), edges in their true direction labelled with type and port; missing placeholders and
 * broken edges are dashed and red,
 * inferred edges dotted. Omitted nodes and notes become `%%` comments.
 */
export function toMermaid(result: RelationResult): string {
  const { nodes, edges } = flatten(result);
  const ids = new Map(nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const node of nodes) {
    lines.push(`  ${ids.get(node.id)}["${escape(nodeTitle(node))}<br/>${escape(node.status)}"]`);
  }
  for (const { source, target, step } of edges) {
    // Broken and inferred (guessed from configuration) edges are dotted; the label says which.
    const arrow = step.broken || step.detail.inferred === true ? '-.->' : '-->';
    lines.push(`  ${ids.get(source.id)} ${arrow}|"${escape(edgeLabel(step.type, step.detail, step.broken))}"| ${ids.get(target.id)}`);
  }
  const missing = nodes.filter((n) => n.missing).map((n) => ids.get(n.id));
  if (missing.length > 0) {
    lines.push('  classDef missing stroke:#c00,stroke-dasharray:5 5,color:#c00');
    lines.push(`  class ${missing.join(',')} missing`);
  }
  if (!isPath(result)) {
    if (result.omitted > 0) lines.push(`  %% ${result.omitted} related object(s) omitted`);
    for (const note of result.notes) lines.push(`  %% ${note.replace(/\n/g, ' ')}`);
  }
  return lines.join('\n');
}
