/** A command-line mistake (unknown command, bad arguments); the entry point exits with 2. */
export class UsageError extends Error {
  /** Stable machine-readable error code. */
  readonly code = 'USAGE' as const;

  /** Builds the error; the message says what was wrong and how to get help. */
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
