import { edgeLabel, nodeTitle, type PathStep, type RelationTree, type RelationTreeNode, toDot, toMermaid } from '@k8s-mcp/graph';

/** Output formats of `k8s-relation-query`. */
export type RelationFormat = 'text' | 'mermaid' | 'dot' | 'json';

/** What a workload's pods depend on, shown with a workload's dependencies. */
export interface PodDependencies {
  /** Pods of the workload known to the graph. */
  readonly count: number;
  /** The pod whose dependencies are shown (the first by id); absent when no pod is known. */
  readonly tree?: RelationTree;
}

/** One answer of a tree query, before rendering. */
export interface TreeAnswer {
  readonly queryType: string;
  readonly rootId: string;
  readonly workloadKind?: string;
  readonly tree: RelationTree;
  readonly pods?: PodDependencies;
  /** Notes of the tool (clamped depth, fewer nodes to fit the output cap), in the caller's terms. */
  readonly notes: readonly string[];
  /** GRAPH_MAX_DEPTH: how deep a caller may ask. */
  readonly depthBound: number;
  /** Fewer nodes were shown than max_nodes allows, to fit the output cap. */
  readonly fitted?: boolean;
}

// The graph's own notes on what was left out use its option names (maxNodes, depth); the tool
// says the same in its argument names, so those are dropped rather than said twice.
const GRAPH_LEFT_OUT_NOTE = /not shown \(maxNodes|^more relations exist beyond depth/;

/** What was left out of a tree and how to see it, in the tool's argument names. */
function leftOut(tree: RelationTree, depthBound: number, fitted = false): string[] {
  return [
    tree.omitted > 0
      ? fitted
        ? `${tree.omitted} more related object(s) omitted to fit the output cap (filter with edge_types/kinds, or a smaller max_depth)`
        : `${tree.omitted} more related object(s) omitted (raise max_nodes, or filter with edge_types/kinds)`
      : '',
    tree.deeper
      ? tree.maxDepth < depthBound
        ? `more relations lie deeper (raise max_depth, up to ${depthBound})`
        : `more relations lie beyond ${depthBound} hop(s), the upper bound on this server (GRAPH_MAX_DEPTH): query from one of the outer objects to go further`
      : '',
    ...tree.notes.filter((n) => !GRAPH_LEFT_OUT_NOTE.test(n)),
  ].filter(Boolean);
}

function treeLines(tree: RelationTree): string[] {
  const lines: string[] = [];
  const walk = (n: RelationTreeNode, depth: number) => {
    const title = `${nodeTitle(n.node)} [${n.node.missing ? 'MISSING' : n.node.status}]`;
    if (!n.edge) lines.push(title);
    else {
      const label = edgeLabel(n.edge.type, n.edge.detail, n.edge.broken);
      const arrow = n.edge.direction === 'out' ? `-[${label}]->` : `<-[${label}]-`;
      lines.push(`${'  '.repeat(depth)}${arrow} ${title}${n.repeated ? ' (shown above)' : ''}`);
    }
    for (const c of n.children) walk(c, depth + 1);
  };
  walk(tree.root, 0);
  return lines;
}

/** A tree as indented text, with one closing line on its size and what was left out. */
function renderTreeText(tree: RelationTree, depthBound: number, fitted: boolean, notes: readonly string[] = []): string {
  const tail = [`${tree.nodeCount} related object(s) within depth ${tree.maxDepth}`, ...leftOut(tree, depthBound, fitted), ...notes];
  return `${treeLines(tree).join('\n')}\n(${tail.join('; ')})`;
}

function podsTitle(answer: TreeAnswer): string {
  const pods = answer.pods as PodDependencies;
  const pod = pods.tree?.root.node.id;
  return pod ? `its pods (${pods.count}) depend on, e.g. ${pod}:` : `(no pods of this ${answer.workloadKind ?? 'workload'} are known, so nothing they use is shown)`;
}

function jsonTree(tree: RelationTree, depthBound: number, fitted: boolean, notes: readonly string[] = []): Record<string, unknown> {
  return { maxDepth: tree.maxDepth, related: tree.nodeCount, omitted: tree.omitted, deeper: tree.deeper, notes: [...notes, ...leftOut(tree, depthBound, fitted)], tree: tree.root };
}

/**
 * Renders a tree answer. `json` is one JSON document (query, root, depth, counts, notes, the
 * tree, and for a workload what its pods depend on); `mermaid` and `dot` are one diagram each,
 * their header and notes as comments; `text` is an indented tree.
 */
export function renderTreeAnswer(answer: TreeAnswer, format: RelationFormat): string {
  const { tree, pods } = answer;
  const fitted = answer.fitted === true;
  if (format === 'json') {
    return JSON.stringify({
      query: answer.queryType,
      root: answer.rootId,
      ...jsonTree(tree, answer.depthBound, fitted, answer.notes),
      ...(pods ? { pods: { count: pods.count, ...(pods.tree ? { example: pods.tree.root.node.id, ...jsonTree(pods.tree, answer.depthBound, fitted) } : {}) } } : {}),
    });
  }
  const header = `${answer.queryType} of ${answer.rootId}:`;
  if (format === 'text') {
    const main = `${header}\n${renderTreeText(tree, answer.depthBound, fitted, answer.notes)}`;
    if (!pods) return main;
    return `${main}\n\n${podsTitle(answer)}${pods.tree ? `\n${renderTreeText(pods.tree, answer.depthBound, fitted)}` : ''}`;
  }
  const draw = format === 'mermaid' ? toMermaid : toDot;
  // The exporters write a tree's notes as comments inside the diagram; the tool's notes replace
  // the graph's (and say what was omitted), so the exporter's own omitted line is left out.
  const diagram = (t: RelationTree, first: string, extra: readonly string[]) =>
    draw({ ...t, omitted: 0, notes: [first, `${t.nodeCount} related object(s) within depth ${t.maxDepth}`, ...extra, ...leftOut(t, answer.depthBound, fitted)] });
  const parts = [diagram(tree, header, answer.notes)];
  if (pods) parts.push(pods.tree ? diagram(pods.tree, podsTitle(answer), []) : `${format === 'mermaid' ? '%%' : '//'} ${podsTitle(answer)}`);
  return parts.join('\n\n');
}

/** A path step in JSON: the ids of its ends (their details are listed once under `nodes`). */
function jsonStep(step: PathStep): Record<string, unknown> {
  return { from: step.from.id, to: step.to.id, type: step.type, direction: step.direction, broken: step.broken, detail: step.detail };
}

/**
 * Renders a path answer; `steps` undefined: no path within `maxDepth` hops. `shown` (default
 * all) limits the steps rendered, the rest counted as omitted (to fit the output cap).
 */
export function renderPathAnswer(
  steps: readonly PathStep[] | undefined,
  from: string,
  to: string,
  maxDepth: number,
  format: RelationFormat,
  notes: readonly string[],
  shown = steps?.length ?? 0,
): string {
  const none = steps === undefined ? `No path between ${from} and ${to} within ${maxDepth} hop(s).` : steps.length === 0 ? `${from} and ${to} are the same object.` : undefined;
  const kept = (steps ?? []).slice(0, shown);
  const omitted = (steps?.length ?? 0) - kept.length;
  const all = [...notes, ...(none ? [none] : []), ...(omitted > 0 ? [`the last ${omitted} of ${steps?.length} hop(s) omitted to fit the output cap (ask for the path from a later object)`] : [])];
  if (format === 'json') {
    const nodes = new Map(kept.flatMap((st) => [st.from, st.to]).map((n) => [n.id, { id: n.id, status: n.missing ? 'MISSING' : n.status }]));
    return JSON.stringify({ query: 'path', from, to, hops: steps?.length ?? null, omittedHops: omitted, notes: all, nodes: [...nodes.values()], steps: kept.map(jsonStep) });
  }
  if (format === 'text' || none || !steps) {
    const tail = all.length > (none ? 1 : 0) ? `\n(${all.filter((n) => n !== none).join('; ')})` : '';
    if (none || !steps) return `${none ?? ''}${tail}`;
    const first = steps[0] as PathStep;
    const lines = [`${nodeTitle(first.from)} [${first.from.status}]`];
    for (const st of kept) {
      const label = edgeLabel(st.type, st.detail, st.broken);
      lines.push(`  ${st.direction === 'out' ? `-[${label}]->` : `<-[${label}]-`} ${nodeTitle(st.to)} [${st.to.missing ? 'MISSING' : st.to.status}]`);
    }
    return `${lines.join('\n')}${tail}`;
  }
  const comment = format === 'mermaid' ? '%%' : '//';
  return [format === 'mermaid' ? toMermaid(kept) : toDot(kept), `${comment} path from ${from} to ${to}`, ...all.map((n) => `${comment} ${n}`)].join('\n');
}
