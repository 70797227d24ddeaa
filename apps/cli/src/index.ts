export type { CliIo } from './cli-io.js';
export { CommandFailedError, type CommandFailedCode } from './command-failed-error.js';
export { EXIT_CODES, run } from './run.js';
export { UsageError } from './usage-error.js';
