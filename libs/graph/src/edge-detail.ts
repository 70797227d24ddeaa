import type { EdgeDetail } from './graph-types.js';

function mergeList(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  return [...new Set([...a.split(', '), ...b.split(', ')])].sort().join(', ');
}

function mergeFlag(a: boolean | undefined, b: boolean | undefined, both: boolean): boolean | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return both ? a && b : a || b;
}

/**
 * Merges the details of two declarations of the same edge. Order-independent, so an edge built
 * incrementally equals one built from scratch: lists are unions in sorted order; `optional` holds
 * only if both are optional (one required reference makes the target required); `controller`
 * and `ready` hold if either does; `inferred` only if both are (a declared reference beats a guess).
 */
export function mergeDetail(a: EdgeDetail, b: EdgeDetail): EdgeDetail {
  const out: { -readonly [K in keyof EdgeDetail]: EdgeDetail[K] } = {};
  const via = mergeList(a.via, b.via);
  const port = mergeList(a.port, b.port);
  const optional = mergeFlag(a.optional, b.optional, true);
  const controller = mergeFlag(a.controller, b.controller, false);
  const ready = mergeFlag(a.ready, b.ready, false);
  // Absent means declared, not guessed: inferred only when both declarations are.
  const inferred = a.inferred === true && b.inferred === true ? true : undefined;
  if (via !== undefined) out.via = via;
  if (optional !== undefined) out.optional = optional;
  if (port !== undefined) out.port = port;
  if (controller !== undefined) out.controller = controller;
  if (ready !== undefined) out.ready = ready;
  if (inferred !== undefined) out.inferred = inferred;
  return out;
}
