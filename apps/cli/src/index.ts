export { EXIT_CODES, run, type CliIo } from './run.js';
export { UsageError } from './usage-error.js';
