/** Machine-readable reasons a graph call failed. */
export type GraphErrorCode = 'NOT_FOUND' | 'INVALID_ARGUMENT' | 'INVALID_OBJECT';

/**
 * Error thrown by the knowledge graph. `code` is stable (`NOT_FOUND`: unknown or hidden node id;
 * `INVALID_ARGUMENT`: a bad query option; `INVALID_OBJECT`: an object without a usable name).
 * Messages start with the function name (`dependents: ...`) and say what to do.
 */
export class GraphError extends Error {
  /** Stable machine-readable error code. */
  readonly code: GraphErrorCode;

  /** Builds the error; `message` should already be prefixed with the function name. */
  constructor(code: GraphErrorCode, message: string) {
    super(message);
    this.name = 'GraphError';
    this.code = code;
  }
}
