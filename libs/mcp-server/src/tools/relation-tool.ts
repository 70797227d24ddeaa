import { EDGE_TYPES, type EdgeType, type KnowledgeGraph, type QueryOptions, type RelationTree, type RelationTreeNode, resourceId } from '@k8s-mcp/graph';
import { defineTool, type ToolDefinition } from '../tool-definition.js';
import { ToolArgumentError } from '../tool-params.js';
import { type PodDependencies, type RelationFormat, renderPathAnswer, renderTreeAnswer } from './relation-render.js';
import type { ToolContext } from './tool-context.js';

const QUERY_TYPES = ['dependencies', 'dependents', 'impact', 'path', 'neighbors'] as const;

/** Hops a tree query walks when the caller names none (neighbors: 1), below a higher GRAPH_MAX_DEPTH. */
export const DEFAULT_RELATION_DEPTH = 3;

/** Deepest traversal the graph ever does (its `hardMaxDepth` default, and GRAPH_MAX_DEPTH's maximum). */
const GRAPH_HARD_MAX_DEPTH = 10;

/** Bounds of `k8s-relation-query`, from the server's settings. */
export interface RelationQueryLimits {
  /** GRAPH_MAX_DEPTH: the deepest `max_depth` a caller may ask for; larger values are clamped. */
  readonly maxDepth: number;
  /** K8S_MCP_MAX_OUTPUT_KB in bytes: answers show fewer related objects rather than exceed it. */
  readonly maxOutputBytes: number;
}

function graphOf(ctx: ToolContext): KnowledgeGraph {
  if (!ctx.graph) {
    throw Object.assign(new Error('the knowledge graph is disabled on this server (ENABLE_KNOWLEDGE_GRAPH=false); use k8s-describe and the list tools instead.'), {
      code: 'GRAPH_DISABLED',
    });
  }
  return ctx.graph;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

/**
 * Pods owned by a workload, directly or through ReplicaSets/Jobs, found over `owned-by` edges
 * one level at a time: finding them is not a traversal the caller asked for, so GRAPH_MAX_DEPTH
 * does not limit it.
 */
function podsOf(graph: KnowledgeGraph, id: string): string[] {
  const pods: string[] = [];
  let level = [id];
  for (let hop = 0; hop < 3 && level.length > 0; hop++) {
    const next: string[] = [];
    for (const owner of level) {
      for (const edge of graph.inEdges(owner)) {
        if (edge.type !== 'owned-by') continue;
        if (graph.node(edge.source)?.kind === 'Pod') pods.push(edge.source);
        else next.push(edge.source);
      }
    }
    level = next;
  }
  return [...new Set(pods)].sort();
}

/**
 * A workload's own edges stop at its owner chain; what it really needs (ConfigMaps, Secrets,
 * PVCs, Nodes) hangs off its pods. The dependencies of one of its pods are shown as well.
 */
function podDependencies(graph: KnowledgeGraph, id: string, q: QueryOptions): PodDependencies | undefined {
  const root = graph.node(id);
  if (!root || !WORKLOADS.has(root.kind)) return undefined;
  const pods = podsOf(graph, id);
  const pod = pods[0];
  return { count: pods.length, ...(pod ? { tree: graph.dependencies(pod, q) } : {}) };
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
    omitted: { type: 'integer', description: 'Related objects left out by max_nodes or to fit the output cap.' },
    max_depth: { type: 'integer', description: 'Hops walked (after the default and GRAPH_MAX_DEPTH).' },
    notes: { type: 'array', items: { type: 'string' }, description: 'What was clamped or left out, and how to narrow.' },
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

/**
 * The largest count in [`low`, `high`] whose rendering fits `maxBytes` (a tree shows a prefix of
 * its breadth-first order and a path a prefix of its steps, so fewer never render larger), with
 * that rendering; the `low` rendering when none fits.
 */
function fitCount<T extends { text: string }>(low: number, high: number, maxBytes: number, render: (count: number) => T): T & { count: number } {
  const full = render(high);
  if (Buffer.byteLength(full.text) <= maxBytes) return { ...full, count: high };
  let lo = low;
  let hi = high - 1;
  let best: (T & { count: number }) | undefined;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const r = render(mid);
    if (Buffer.byteLength(r.text) <= maxBytes) {
      best = { ...r, count: mid };
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best ?? { ...render(low), count: low };
}

type RelationParams = {
  query_type: { type: 'string'; description: string; enum: typeof QUERY_TYPES; default: 'dependencies' };
  resource_type: { type: 'string'; description: string; required: true };
  resource_name: { type: 'string'; description: string; required: true };
  namespace: { type: 'string'; description: string };
  target: { type: 'string'; description: string };
  max_depth: { type: 'integer'; description: string; minimum: 1; maximum: number; clampsAboveMaximum: true };
  edge_types: { type: 'array'; description: string };
  kinds: { type: 'array'; description: string };
  max_nodes: { type: 'integer'; description: string; default: 100; minimum: 1; maximum: 500 };
  format: { type: 'string'; description: string; enum: readonly ['text', 'mermaid', 'dot', 'json']; default: 'text' };
};

/**
 * `k8s-relation-query` bounded by `limits`: what an object depends on, what depends on it, its
 * blast radius, paths. `max_depth` above GRAPH_MAX_DEPTH is clamped (the answer says so; the
 * schema's maximum is the bound); an answer too large for the output cap shows fewer related
 * objects (counted, with how to narrow), so `format=json` is always one JSON document.
 */
export function relationQueryTool(limits: RelationQueryLimits): ToolDefinition<ToolContext, RelationParams> {
  const bound = Math.max(1, Math.min(limits.maxDepth, GRAPH_HARD_MAX_DEPTH));
  const defaultDepth = Math.min(DEFAULT_RELATION_DEPTH, bound);
  return defineTool<ToolContext, RelationParams>({
    name: 'k8s-relation-query',
    title: 'Query resource relationships',
    description:
      'Walk the knowledge graph of resource relationships: dependencies (what the object needs: ConfigMaps, Secrets, PVCs, Services, Nodes...), dependents (what uses it), impact (blast radius if it fails), neighbors, or path to a target. Missing referenced objects show as MISSING.',
    access: 'read',
    idempotent: true,
    openWorld: false,
    needs: ['knowledge-graph'],
    params: {
      query_type: { type: 'string', description: 'dependencies, dependents, impact, path or neighbors.', enum: QUERY_TYPES, default: 'dependencies' },
      resource_type: { type: 'string', description: 'Kind of the start object, e.g. Deployment, pod, svc.', required: true },
      resource_name: { type: 'string', description: 'Name of the start object.', required: true },
      namespace: { type: 'string', description: 'Namespace of the start object; default K8S_NAMESPACE.' },
      target: { type: 'string', description: 'For path: the other object as "Kind/namespace/name" or "Kind/name" (cluster-scoped).' },
      max_depth: {
        type: 'integer',
        description: `Hops to walk; default ${defaultDepth} (neighbors: 1; path: ${bound}); upper bound ${bound} (GRAPH_MAX_DEPTH): a larger value is clamped and the answer says so.`,
        minimum: 1,
        maximum: bound,
        clampsAboveMaximum: true,
      },
      edge_types: { type: 'array', description: `Only these relations: ${EDGE_TYPES.join(', ')}.` },
      kinds: { type: 'array', description: 'Only walk through these kinds, e.g. ["Pod","Service"].' },
      max_nodes: { type: 'integer', description: 'Most related objects to return (fewer when the answer would exceed the output cap).', default: 100, minimum: 1, maximum: 500 },
      format: { type: 'string', description: 'text (tree), mermaid, dot or json (one JSON document).', enum: ['text', 'mermaid', 'dot', 'json'], default: 'text' },
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
      const format = args.format as RelationFormat;
      const notes: string[] = [];
      if (args.max_depth !== undefined && args.max_depth > bound) notes.push(`max_depth ${args.max_depth} was clamped to ${bound} (GRAPH_MAX_DEPTH, the upper bound on this server)`);
      const requested = args.max_depth === undefined ? undefined : Math.min(args.max_depth, bound);
      const query = (maxNodes: number, maxDepth: number | undefined): QueryOptions => ({
        ...(maxDepth === undefined ? {} : { maxDepth }),
        ...(edgeTypes ? { edgeTypes } : {}),
        ...(args.kinds ? { kinds: args.kinds } : {}),
        maxNodes,
      });
      const shrunk = (maxNodes: number) => (maxNodes < args.max_nodes ? [`max_nodes lowered from ${args.max_nodes} to ${maxNodes} so the answer fits the output cap (${limits.maxOutputBytes} bytes)`] : []);
      const id = await idOf(ctx, args.resource_type, args.resource_name, args.namespace);

      if (args.query_type === 'path') {
        if (!args.target) throw new ToolArgumentError('target', 'Missing argument "target": path needs the other object as "Kind/namespace/name" or "Kind/name".');
        const parts = args.target.split('/');
        if (parts.length < 2 || parts.length > 3) throw new ToolArgumentError('target', `Invalid argument "target": "${args.target}"; expected "Kind/namespace/name" or "Kind/name".`);
        const [tKind, a, b] = parts as [string, string, string | undefined];
        const targetId = await idOf(ctx, tKind, b ?? a, b === undefined ? undefined : a);
        const depth = requested ?? bound;
        const steps = graph.path(id, targetId, query(args.max_nodes, depth));
        const fitted = fitCount(0, steps?.length ?? 0, limits.maxOutputBytes, (shown) => ({ text: renderPathAnswer(steps, id, targetId, depth, format, notes, shown) }));
        return {
          text: fitted.text,
          structured: {
            query_type: 'path',
            root: id,
            related: steps?.length ?? 0,
            missing: [...new Set((steps ?? []).filter((st) => st.to.missing).map((st) => st.to.id))].sort(),
            omitted: (steps?.length ?? 0) - fitted.count,
            max_depth: depth,
            notes,
            format: args.format,
          },
        };
      }

      const depth = requested ?? (args.query_type === 'neighbors' ? 1 : defaultDepth);
      const answer = fitCount(1, args.max_nodes, limits.maxOutputBytes, (maxNodes) => {
        const q = query(maxNodes, depth);
        const tree =
          args.query_type === 'dependents'
            ? graph.dependents(id, q)
            : args.query_type === 'impact'
              ? graph.impact(id, q)
              : args.query_type === 'neighbors'
                ? graph.neighbors(id, q)
                : graph.dependencies(id, q);
        const pods = args.query_type === 'dependencies' ? podDependencies(graph, id, q) : undefined;
        const all = [...notes, ...shrunk(maxNodes)];
        const text = renderTreeAnswer(
          { queryType: args.query_type, rootId: id, workloadKind: tree.root.node.kind, tree, ...(pods ? { pods } : {}), notes: all, depthBound: bound, fitted: maxNodes < args.max_nodes },
          format,
        );
        return { text, tree, notes: all };
      });
      return {
        text: answer.text,
        structured: {
          query_type: args.query_type,
          root: id,
          related: answer.tree.nodeCount,
          missing: missingIds(answer.tree),
          omitted: answer.tree.omitted,
          max_depth: answer.tree.maxDepth,
          notes: answer.notes,
          format: args.format,
        },
      };
    },
  });
}
