import {
  EDGE_TYPES,
  edgeLabel,
  type EdgeType,
  type KnowledgeGraph,
  nodeTitle,
  type PathStep,
  type RelationTree,
  type RelationTreeNode,
  resourceId,
  toDot,
  toJson,
  toMermaid,
} from '@k8s-mcp/graph';
import { defineTool } from '../tool-definition.js';
import { ToolArgumentError } from '../tool-params.js';
import type { ToolContext } from './tool-context.js';

const QUERY_TYPES = ['dependencies', 'dependents', 'impact', 'path', 'neighbors'] as const;

function graphOf(ctx: ToolContext): KnowledgeGraph {
  if (!ctx.graph) {
    throw Object.assign(new Error('the knowledge graph is disabled on this server (ENABLE_KNOWLEDGE_GRAPH=false); use k8s-describe and the list tools instead.'), {
      code: 'GRAPH_DISABLED',
    });
  }
  return ctx.graph;
}

function renderTree(tree: RelationTree): string {
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
  const tail = [
    `${tree.nodeCount} related object(s) within depth ${tree.maxDepth}`,
    tree.omitted > 0 ? `${tree.omitted} more omitted (raise max_nodes or filter with edge_types/kinds)` : '',
    tree.deeper ? 'more relations lie deeper (raise max_depth)' : '',
    ...tree.notes,
  ].filter(Boolean);
  return `${lines.join('\n')}\n(${tail.join('; ')})`;
}

function renderPath(steps: readonly PathStep[] | undefined, from: string, to: string): string {
  if (steps === undefined) return `No path between ${from} and ${to} within the depth limit.`;
  const first = steps[0];
  if (!first) return `${from} and ${to} are the same object.`;
  const lines = [`${nodeTitle(first.from)} [${first.from.status}]`];
  for (const s of steps) {
    const label = edgeLabel(s.type, s.detail, s.broken);
    lines.push(`  ${s.direction === 'out' ? `-[${label}]->` : `<-[${label}]-`} ${nodeTitle(s.to)} [${s.to.missing ? 'MISSING' : s.to.status}]`);
  }
  return lines.join('\n');
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

/**
 * A workload's own edges stop at its owner chain; what it really needs (ConfigMaps, Secrets,
 * PVCs, Nodes) hangs off its pods. Show the dependencies of one of its pods as well.
 */
function podDependencies(graph: KnowledgeGraph, id: string, q: Parameters<KnowledgeGraph['dependencies']>[1], format: string): string {
  const root = graph.node(id);
  if (!root || !WORKLOADS.has(root.kind)) return '';
  const owned = graph.dependents(id, { edgeTypes: ['owned-by'], maxDepth: 3, maxNodes: 500 });
  const pods: string[] = [];
  const walk = (n: RelationTreeNode) => {
    if (n.node.kind === 'Pod') pods.push(n.node.id);
    n.children.forEach(walk);
  };
  walk(owned.root);
  const pod = pods.sort()[0];
  if (!pod) return `\n(no pods of this ${root.kind} are known, so nothing they use is shown)`;
  const tree = graph.dependencies(pod, q);
  const text = format === 'mermaid' ? toMermaid(tree) : format === 'dot' ? toDot(tree) : format === 'json' ? toJson(tree) : renderTree(tree);
  return `\n\nits pods (${pods.length}) depend on, e.g. ${pod}:\n${text}`;
}

async function idOf(ctx: ToolContext, type: string, name: string, namespace: string | undefined): Promise<string> {
  const kind = await ctx.reader.resolveKind(type);
  const ns = kind.namespaced ? (namespace ?? ctx.defaultNamespace) : undefined;
  // The reader applies the namespace policy: a hidden namespace fails here, before the graph is asked.
  if (ns !== undefined) await ctx.reader.list(kind, { namespace: ns, limit: 1 });
  return resourceId({ kind: kind.kind, namespace: ns, name });
}

/** Output schema of `k8s-relation-query`'s structured content. */
const RELATION_OUTPUT_SCHEMA = {
  type: 'object',
  properties: {
    query_type: { type: 'string' },
    root: { type: 'string', description: 'Id of the start object, Kind/namespace/name.' },
    related: { type: 'integer', description: 'Related objects shown (path: steps).' },
    missing: { type: 'array', items: { type: 'string' }, description: 'Ids of referenced objects that do not exist.' },
    omitted: { type: 'integer', description: 'Related objects left out by max_nodes.' },
    format: { type: 'string' },
  },
  required: ['query_type', 'root', 'related', 'missing', 'omitted', 'format'],
} as const;

function missingIds(tree: RelationTree): string[] {
  const out = new Set<string>();
  const walk = (n: RelationTreeNode) => {
    if (n.node.missing) out.add(n.node.id);
    n.children.forEach(walk);
  };
  walk(tree.root);
  return [...out].sort();
}

/** `k8s-relation-query`: what an object depends on, what depends on it, its blast radius, paths. */
export const relationQuery = defineTool<
  ToolContext,
  {
    query_type: { type: 'string'; description: string; enum: typeof QUERY_TYPES; default: 'dependencies' };
    resource_type: { type: 'string'; description: string; required: true };
    resource_name: { type: 'string'; description: string; required: true };
    namespace: { type: 'string'; description: string };
    target: { type: 'string'; description: string };
    max_depth: { type: 'integer'; description: string; minimum: 1; maximum: 10 };
    edge_types: { type: 'array'; description: string };
    kinds: { type: 'array'; description: string };
    max_nodes: { type: 'integer'; description: string; default: 100; minimum: 1; maximum: 500 };
    format: { type: 'string'; description: string; enum: readonly ['text', 'mermaid', 'dot', 'json']; default: 'text' };
  }
>({
  name: 'k8s-relation-query',
  title: 'Query resource relationships',
  description:
    'Walk the knowledge graph of resource relationships: dependencies (what the object needs: ConfigMaps, Secrets, PVCs, Services, Nodes...), dependents (what uses it), impact (blast radius if it fails), neighbors, or path to a target. Missing referenced objects show as MISSING.',
  access: 'read',
  idempotent: true,
  openWorld: false,
  params: {
    query_type: { type: 'string', description: 'dependencies, dependents, impact, path or neighbors.', enum: QUERY_TYPES, default: 'dependencies' },
    resource_type: { type: 'string', description: 'Kind of the start object, e.g. Deployment, pod, svc.', required: true },
    resource_name: { type: 'string', description: 'Name of the start object.', required: true },
    namespace: { type: 'string', description: 'Namespace of the start object; default K8S_NAMESPACE.' },
    target: { type: 'string', description: 'For path: the other object as "Kind/namespace/name" or "Kind/name" (cluster-scoped).' },
    max_depth: { type: 'integer', description: 'Hops to walk; default GRAPH_MAX_DEPTH.', minimum: 1, maximum: 10 },
    edge_types: { type: 'array', description: `Only these relations: ${EDGE_TYPES.join(', ')}.` },
    kinds: { type: 'array', description: 'Only walk through these kinds, e.g. ["Pod","Service"].' },
    max_nodes: { type: 'integer', description: 'Most related objects to return.', default: 100, minimum: 1, maximum: 500 },
    format: { type: 'string', description: 'text (tree), mermaid, dot or json.', enum: ['text', 'mermaid', 'dot', 'json'], default: 'text' },
  },
  outputSchema: RELATION_OUTPUT_SCHEMA,
  run: async (args, ctx) => {
    const graph = graphOf(ctx);
    // During the initial sync the graph holds only part of the cluster: a relation would be missing.
    await ctx.whenReady?.();
    const edgeTypes = args.edge_types?.map((t) => {
      if (!(EDGE_TYPES as readonly string[]).includes(t)) {
        throw new ToolArgumentError('edge_types', `Invalid argument "edge_types": "${t}" is not a relation; use some of ${EDGE_TYPES.join(', ')}.`);
      }
      return t as EdgeType;
    });
    const q = {
      ...(args.max_depth ? { maxDepth: args.max_depth } : {}),
      ...(edgeTypes ? { edgeTypes } : {}),
      ...(args.kinds ? { kinds: args.kinds } : {}),
      maxNodes: args.max_nodes,
    };
    const id = await idOf(ctx, args.resource_type, args.resource_name, args.namespace);
    if (args.query_type === 'path') {
      if (!args.target) throw new ToolArgumentError('target', 'Missing argument "target": path needs the other object as "Kind/namespace/name" or "Kind/name".');
      const parts = args.target.split('/');
      if (parts.length < 2 || parts.length > 3) throw new ToolArgumentError('target', `Invalid argument "target": "${args.target}"; expected "Kind/namespace/name" or "Kind/name".`);
      const [tKind, a, b] = parts as [string, string, string | undefined];
      const targetId = await idOf(ctx, tKind, b ?? a, b === undefined ? undefined : a);
      const steps = graph.path(id, targetId, q);
      const structured = {
        query_type: 'path',
        root: id,
        related: steps?.length ?? 0,
        missing: [...new Set((steps ?? []).filter((st) => st.to.missing).map((st) => st.to.id))].sort(),
        omitted: 0,
        format: args.format,
      };
      if (args.format === 'text' || !steps) return { text: renderPath(steps, id, targetId), structured };
      return { text: args.format === 'mermaid' ? toMermaid(steps) : args.format === 'dot' ? toDot(steps) : toJson(steps), structured };
    }
    const tree =
      args.query_type === 'dependents'
        ? graph.dependents(id, q)
        : args.query_type === 'impact'
          ? graph.impact(id, q)
          : args.query_type === 'neighbors'
            ? graph.neighbors(id, q)
            : graph.dependencies(id, q);
    const text = args.format === 'mermaid' ? toMermaid(tree) : args.format === 'dot' ? toDot(tree) : args.format === 'json' ? toJson(tree) : renderTree(tree);
    const viaPods = args.query_type === 'dependencies' ? podDependencies(graph, id, q, args.format) : '';
    return {
      text: `${args.query_type} of ${id}:\n${text}${viaPods}`,
      structured: { query_type: args.query_type, root: id, related: tree.nodeCount, missing: missingIds(tree), omitted: tree.omitted, format: args.format },
    };
  },
});
