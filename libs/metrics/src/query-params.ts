/** A query parameter the caller got wrong; its message says what is accepted. */
export class QueryParamError extends Error {
  /** Always `BAD_QUERY_PARAMETER`. */
  readonly code = 'BAD_QUERY_PARAMETER';
  override readonly name = 'QueryParamError';
}

/** An integer parameter's accepted range. */
export interface IntegerParam {
  readonly name: string;
  readonly min: number;
  readonly max: number;
}

/**
 * Checks that `query` holds only the `accepted` parameters, each at most once.
 *
 * @throws QueryParamError naming the unknown or repeated parameter and what `path` accepts
 */
export function checkQueryNames(path: string, query: URLSearchParams, accepted: readonly IntegerParam[]): void {
  const names = [...query.keys()];
  const allowed = accepted.map((p) => p.name);
  const accepts = allowed.length > 0 ? `${path} accepts ${allowed.join(', ')}` : `${path} takes no query parameters`;
  for (const name of names) {
    if (!allowed.includes(name)) throw new QueryParamError(`unknown query parameter ${name}: ${accepts}`);
    if (query.getAll(name).length > 1) throw new QueryParamError(`${name} may be given once: ${accepts}`);
  }
}

/**
 * Reads an optional integer parameter: plain decimal digits within `[min, max]`.
 *
 * @throws QueryParamError `<name> must be an integer from <min> to <max>, got "<value>"`
 */
export function integerParam(query: URLSearchParams, param: IntegerParam): number | undefined {
  const raw = query.get(param.name);
  if (raw === null) return undefined;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= param.min && value <= param.max)) {
    throw new QueryParamError(`${param.name} must be an integer from ${param.min} to ${param.max}, got ${JSON.stringify(raw.slice(0, 40))}`);
  }
  return value;
}
