export { type AppLogTarget, createAppLogger, logLevelOf } from './app-logger.js';
export { reportStartFailure } from './start-failure.js';
export { createFileAuditSink } from './audit-file.js';
export { createLogger, LOG_FILES, type Logger, type LoggerOptions, type LogFields, type LogLevel, type LogOutput } from './logger.js';
export { feedGraphFromSync, keepGraphCurrent, listEverything, loadGraphFromReader, refreshGraphFromCache } from './graph-feed.js';
export { RuntimeError, type RuntimeErrorCode } from './runtime-error.js';
export { type Runtime, type RuntimeEnvironment, type RuntimeMode, type RuntimeOptions, startRuntime } from './start-runtime.js';
