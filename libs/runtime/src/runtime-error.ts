/** Codes of {@link RuntimeError}: the app maps them to exit codes or HTTP status. */
export type RuntimeErrorCode = 'CLUSTER_CONFIG_INVALID' | 'CLUSTER_UNREACHABLE' | 'SNAPSHOT_INVALID';

/** A start-up failure of the runtime whose message says what to fix. */
export class RuntimeError extends Error {
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RuntimeError';
  }
}
