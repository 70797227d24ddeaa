import { GraphError } from '../graph-error.js';
import { EDGE_TYPES, type EdgeType, type QueryOptions } from '../graph-types.js';

/** Default `maxNodes`. */
export const DEFAULT_MAX_NODES = 200;
/** Largest `maxNodes` honoured; larger values are clamped. */
export const MAX_NODES_CAP = 5000;

/** Query options after defaults, validation and clamping. */
export interface ResolvedQuery {
  readonly maxDepth: number;
  readonly maxNodes: number;
  readonly edgeTypes: ReadonlySet<EdgeType> | undefined;
  /** Lower-cased kinds. */
  readonly kinds: ReadonlySet<string> | undefined;
  readonly notes: readonly string[];
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(EDGE_TYPES);

function wholeNumber(fn: string, field: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new GraphError('INVALID_ARGUMENT', `${fn}: ${field} must be a whole number >= ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Validates query options and applies defaults: `maxDepth` defaults to `defaultDepth` and is
 * clamped to `hardMaxDepth` (noted in `notes`), `maxNodes` defaults to 200 and is clamped to
 * {@link MAX_NODES_CAP}.
 *
 * @throws GraphError `INVALID_ARGUMENT` for a negative or fractional number, an unknown edge type
 *   (the message lists the valid ones) or an empty kind.
 */
export function resolveQuery(fn: string, q: QueryOptions | undefined, defaultDepth: number, hardMaxDepth: number): ResolvedQuery {
  const notes: string[] = [];
  let maxDepth = q?.maxDepth === undefined ? defaultDepth : wholeNumber(fn, 'maxDepth', q.maxDepth, 0);
  if (maxDepth > hardMaxDepth) {
    notes.push(`maxDepth ${maxDepth} was clamped to ${hardMaxDepth}, the deepest traversal allowed`);
    maxDepth = hardMaxDepth;
  }
  let maxNodes = q?.maxNodes === undefined ? DEFAULT_MAX_NODES : wholeNumber(fn, 'maxNodes', q.maxNodes, 1);
  if (maxNodes > MAX_NODES_CAP) {
    notes.push(`maxNodes ${maxNodes} was clamped to ${MAX_NODES_CAP}`);
    maxNodes = MAX_NODES_CAP;
  }
  let edgeTypes: Set<EdgeType> | undefined;
  if (q?.edgeTypes !== undefined) {
    const unknown = q.edgeTypes.filter((t) => !KNOWN_TYPES.has(t));
    if (unknown.length > 0) {
      throw new GraphError('INVALID_ARGUMENT', `${fn}: unknown edge type(s) ${unknown.map((t) => JSON.stringify(t)).join(', ')}; valid types: ${EDGE_TYPES.join(', ')}`);
    }
    edgeTypes = new Set(q.edgeTypes);
  }
  let kinds: Set<string> | undefined;
  if (q?.kinds !== undefined) {
    if (q.kinds.some((k) => typeof k !== 'string' || k.trim() === '')) {
      throw new GraphError('INVALID_ARGUMENT', `${fn}: kinds must be non-empty kind names such as "Pod" or "Service"`);
    }
    kinds = new Set(q.kinds.map((k) => k.trim().toLowerCase()));
  }
  return { maxDepth, maxNodes, edgeTypes, kinds, notes };
}
