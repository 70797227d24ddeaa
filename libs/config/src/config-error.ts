/**
 * One problem found while loading the configuration.
 *
 * `variable`, `value` and `source` are set when the problem is tied to one setting; `value` is
 * omitted for secret settings so it can never reach a log.
 */
export interface ConfigIssue {
  /** The environment variable name (or CLI flag, or `.env` location) the problem is about. */
  readonly variable?: string;
  /** The raw value that was given, omitted for secrets. */
  readonly value?: string;
  /** Where the value came from, e.g. `environment`, `flag --k8s-mcp-port`, `/app/.env:3`. */
  readonly source?: string;
  /** The full human-readable message for this problem. */
  readonly message: string;
}

/**
 * Thrown by `loadConfig` when the configuration is invalid. Its message lists every problem at
 * once (one per line), each naming the variable, the value given and what is expected.
 */
export class ConfigError extends Error {
  /** Stable machine-readable error code. */
  readonly code = 'CONFIG_INVALID' as const;
  /** Every problem found, in a stable order. */
  readonly issues: readonly ConfigIssue[];

  /** Builds the error from one or more issues. */
  constructor(issues: readonly ConfigIssue[]) {
    const lines = issues.map((issue) => `  - ${issue.message}`);
    super(`Invalid configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.issues = Object.freeze([...issues]);
  }
}
