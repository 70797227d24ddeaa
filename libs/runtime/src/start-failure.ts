import { ConfigError } from '@k8s-mcp/config';
import type { LogFields } from './logger.js';
import { RuntimeError } from './runtime-error.js';

/**
 * Reports a server's start-up failure through `write` and returns the process exit code the
 * servers share: 2 for an invalid configuration (the message says which setting), 1 when the
 * configured cluster cannot be used (a {@link RuntimeError}) and 1 for anything unexpected, whose
 * stack goes with it (what a bug report needs). `what` names the server in that last message,
 * e.g. `k8s-mcp HTTP server failed to start`. Never throws.
 */
export function reportStartFailure(error: unknown, write: (message: string, fields?: LogFields) => void, what: string): number {
  if (error instanceof ConfigError) {
    write(error.message);
    return 2;
  }
  if (error instanceof RuntimeError) {
    write(`k8s-mcp: ${error.message}`, { error });
    return 1;
  }
  const stack = error instanceof Error ? error.stack : undefined;
  write(`${what}: ${error instanceof Error ? error.message : String(error)}`, stack ? { stack } : {});
  return 1;
}
