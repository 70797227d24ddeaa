/** Codes of {@link CommandFailedError}. */
export type CommandFailedCode = 'FINDINGS_AT_THRESHOLD' | 'UNHEALTHY' | 'NO_PATH' | 'NOTHING_RECORDED' | 'UNAVAILABLE' | 'HTTP_SERVER_MISSING';

/**
 * A command ran but its answer is a failure (`--fail-on` tripped, `health` unhealthy, no path
 * between two objects, ...); the entry point prints the message and exits with 1. Whatever the
 * command already printed to stdout stays printed.
 */
export class CommandFailedError extends Error {
  /** Builds the error; `message` says what failed and, where useful, what to do. */
  constructor(
    readonly code: CommandFailedCode,
    message: string,
  ) {
    super(message);
    this.name = 'CommandFailedError';
  }
}
