export { createFileAuditSink } from './audit-file.js';
export { feedGraphFromSync, keepGraphCurrent, listEverything, loadGraphFromReader, refreshGraphFromCache } from './graph-feed.js';
export { RuntimeError, type RuntimeErrorCode } from './runtime-error.js';
export { type Runtime, type RuntimeEnvironment, type RuntimeMode, type RuntimeOptions, startRuntime } from './start-runtime.js';
