/**
 * The server that `serve http` launched exited with a failure; the entry point exits with
 * `exitCode`: 2 when the server refused its configuration, 1 otherwise. The server has already
 * said why on stderr; the message only names how it ended.
 */
export class ServerExitError extends Error {
  /** Stable machine-readable error code. */
  readonly code = 'SERVER_EXIT' as const;

  /** Builds the error; `message` says how the server ended. */
  constructor(
    readonly exitCode: 1 | 2,
    message: string,
  ) {
    super(message);
    this.name = 'ServerExitError';
  }
}
