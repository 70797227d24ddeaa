import type { KnowledgeGraph, PathStep, RelationTree } from '@k8s-mcp/graph';
import { CommandFailedError } from './command-failed-error.js';
import { graphIdOf, type ObjectArg, parseObjectArg } from './object-ref.js';
import type { CliIo } from './cli-io.js';
import type { OptionSpec, ParsedArgs } from './parse-args.js';
import { boundedByOperator } from './setting-bounds.js';
import { UsageError } from './usage-error.js';

/** The relation queries of the knowledge graph. */
export const RELATION_QUERIES = ['dependencies', 'dependents', 'impact', 'path', 'neighbors'] as const;

/** One of {@link RELATION_QUERIES}. */
export type RelationQuery = (typeof RELATION_QUERIES)[number];

/** Options shared by `relations` and `graph`. */
export const RELATION_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'query',
    type: 'string',
    choices: RELATION_QUERIES,
    valueName: '<query>',
    description: 'neighbors (default: both directions), dependencies (what it needs), dependents (what needs it), impact (blast radius), path (to --target).',
  },
  { name: 'target', type: 'string', valueName: '<object>', description: 'The other end of a path query (Kind/namespace/name or Kind/name).' },
  { name: 'depth', type: 'integer', min: 1, valueName: '<n>', description: 'Hops to walk (default 3, neighbors 1; upper bound GRAPH_MAX_DEPTH: more is clamped).' },
  { name: 'max-nodes', type: 'integer', min: 1, valueName: '<n>', description: 'Most related objects to show (default 200).' },
];

/** A checked relation request, before the cluster is read. */
export interface RelationRequest {
  readonly query: RelationQuery;
  readonly object: ObjectArg;
  readonly target?: ObjectArg;
  readonly maxDepth?: number;
  readonly maxNodes?: number;
}

/** What a relation query answered: a tree, or the steps of a path between two ids. */
export type RelationAnswer =
  | { readonly type: 'tree'; readonly tree: RelationTree }
  | { readonly type: 'path'; readonly from: string; readonly to: string; readonly steps: readonly PathStep[] };

/** Reads the object, query and limits from the arguments. @throws UsageError */
export function relationRequest(args: ParsedArgs, command: string): RelationRequest {
  if (args.positionals.length === 0) throw new UsageError(`${command}: name an object, e.g. ${command} Deployment/shop/web`);
  // neighbors by default: dependencies of a Deployment are empty (ownership points from the
  // ReplicaSet to it), while neighbors shows something for any related object.
  const query = (args.string('query') ?? 'neighbors') as RelationQuery;
  const target = args.string('target');
  if (query === 'path' && target === undefined) throw new UsageError(`${command}: --query path needs --target <object>`);
  if (query !== 'path' && target !== undefined) throw new UsageError(`${command}: --target only goes with --query path`);
  return {
    query,
    object: parseObjectArg(args.positionals, command),
    ...(target === undefined ? {} : { target: parseObjectArg([target], `${command} --target`) }),
    ...(args.has('depth') ? { maxDepth: args.number('depth') as number } : {}),
    ...(args.has('max-nodes') ? { maxNodes: args.number('max-nodes') as number } : {}),
  };
}

/** The request with `--depth` clamped to GRAPH_MAX_DEPTH, the clamping said on stderr. */
export function withinDepthBound(request: RelationRequest, io: CliIo, graphMaxDepth: number): RelationRequest {
  if (request.maxDepth === undefined) return request;
  return { ...request, maxDepth: boundedByOperator(io, { flag: '--depth', requested: request.maxDepth, fallback: request.maxDepth, bound: graphMaxDepth, setting: 'GRAPH_MAX_DEPTH' }) };
}

/**
 * Runs the request on the graph.
 *
 * @throws GraphError `NOT_FOUND` (unknown object; the message suggests close ids)
 * @throws CommandFailedError `NO_PATH` when a path query finds no path within the depth
 */
export function answerRelation(graph: KnowledgeGraph, request: RelationRequest, defaultNamespace: string): RelationAnswer {
  const id = graphIdOf(request.object, defaultNamespace);
  const q = {
    ...(request.maxDepth === undefined ? {} : { maxDepth: request.maxDepth }),
    ...(request.maxNodes === undefined ? {} : { maxNodes: request.maxNodes }),
  };
  if (request.query === 'path') {
    const to = graphIdOf(request.target as ObjectArg, defaultNamespace);
    const steps = graph.path(id, to, q);
    if (!steps) {
      throw new CommandFailedError('NO_PATH', `no path between ${id} and ${to}${request.maxDepth ? ` within ${request.maxDepth} hops` : ''}; they are not related through the objects the graph knows`);
    }
    return { type: 'path', from: id, to, steps };
  }
  return { type: 'tree', tree: graph[request.query](id, q) };
}
