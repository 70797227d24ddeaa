import { type AppConfig, ConfigError } from '@k8s-mcp/config';
import { createLogger, type Logger, type LogLevel, type LogOutput } from './logger.js';

const LEVELS: Readonly<Record<AppConfig['logLevel'], LogLevel>> = { DEBUG: 'debug', INFO: 'info', WARNING: 'warn', ERROR: 'error' };

/**
 * The log level the settings ask for: `debug` with K8S_MCP_DEBUG, else LOG_LEVEL. `quiet` (the
 * CLI's one-shot commands, whose output is their result) turns INFO into `warn`.
 */
export function logLevelOf(config: Pick<AppConfig, 'debug' | 'logLevel'>, options: { readonly quiet?: boolean } = {}): LogLevel {
  if (config.debug) return 'debug';
  const level = LEVELS[config.logLevel];
  return options.quiet === true && level === 'info' ? 'warn' : level;
}

/** Where an app's logger writes: its stderr, and whether that is a terminal. */
export interface AppLogTarget {
  readonly output: LogOutput;
  /** Pretty lines on a terminal, JSON lines otherwise. */
  readonly isTTY: boolean;
  readonly now?: () => number;
}

/**
 * The logger an app builds from its settings: level from LOG_LEVEL/K8S_MCP_DEBUG (see
 * {@link logLevelOf}), stack traces with K8S_MCP_DEBUG, `k8s-mcp.log` and `error.log` in
 * K8S_MCP_LOG_DIR when set, pretty on a terminal.
 *
 * @throws ConfigError naming K8S_MCP_LOG_DIR when its files cannot be created or opened
 */
export function createAppLogger(config: AppConfig, target: AppLogTarget, options: { readonly quiet?: boolean } = {}): Logger {
  try {
    return createLogger({
      level: logLevelOf(config, options),
      output: target.output,
      pretty: target.isTTY,
      stacks: config.debug,
      ...(config.logDir !== undefined ? { directory: config.logDir } : {}),
      ...(target.now ? { now: target.now } : {}),
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
    throw new ConfigError([
      {
        variable: 'K8S_MCP_LOG_DIR',
        value: config.logDir ?? '',
        message: `K8S_MCP_LOG_DIR=${JSON.stringify(config.logDir)}: cannot write the log files there (${why}); point it at a directory this user may create files in, or unset it to log to stderr only`,
      },
    ]);
  }
}
