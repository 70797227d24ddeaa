import { join } from 'node:path';
import { destination, multistream, pino, type DestinationStream, type StreamEntry } from 'pino';
import { prettyLogLine } from './pretty-log-line.js';

/** Log levels, least severe first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Structured fields of one record. `error` (an Error or anything thrown) is written as its
 * message, plus its stack trace when the logger shows stacks; other values are written as given.
 */
export type LogFields = Readonly<Record<string, unknown>>;

/** What libraries and apps log through: one method per level, a message and optional fields. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** The least severe level written to the output. */
  readonly level: LogLevel;
  /** Whether the output gets human-readable lines rather than JSON lines. */
  readonly pretty: boolean;
  /** Flushes and closes the log files (the output stream is left open). Idempotent; later records go to the output only. */
  close(): void;
}

/** A text sink such as `process.stderr`. */
export interface LogOutput {
  write(text: string): unknown;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Least severe level written to `output` and `k8s-mcp.log`. */
  readonly level: LogLevel;
  /** Where records go, one per line: stderr in the apps (never the stdio server's stdout). */
  readonly output: LogOutput;
  /** Human-readable lines instead of JSON lines; the apps pass whether stderr is a terminal. Default false. */
  readonly pretty?: boolean;
  /** Write the stack trace of `fields.error` (K8S_MCP_DEBUG). Default false: its message only. */
  readonly stacks?: boolean;
  /**
   * Directory that also receives JSON lines, created when missing: `k8s-mcp.log` (what `output`
   * gets) and `error.log` (warn and error records, whatever `level`). Default: none.
   *
   * @throws the file system's error (`EACCES`, `ENOTDIR`, ...) when a file cannot be opened
   */
  readonly directory?: string;
  /** The clock for timestamps, ms since the epoch. Default `Date.now`. */
  readonly now?: () => number;
}

/** Names of the files written to {@link LoggerOptions.directory}. */
export const LOG_FILES = { all: 'k8s-mcp.log', errors: 'error.log' } as const;

const RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * A structured logger (pino): every record has `level`, an ISO `time` and `msg`, written as one
 * JSON line, or as one readable line (`12:00:00.123 WARN  message key=value`) with `pretty`.
 * Writes are synchronous, so nothing logged before `process.exit` is lost.
 */
export function createLogger(options: LoggerOptions): Logger {
  const now = options.now ?? Date.now;
  const pretty = options.pretty === true;
  const output = options.output;
  const console: DestinationStream = { write: (line: string) => void output.write(pretty ? prettyLogLine(line) : line) };
  const files: ReturnType<typeof destination>[] = [];
  let closed = false;
  const streams: StreamEntry<LogLevel>[] = [{ level: options.level, stream: console }];
  if (options.directory !== undefined) {
    const open = (name: string): DestinationStream => {
      const file = destination({ dest: join(options.directory as string, name), mkdir: true, sync: true, append: true });
      files.push(file);
      // After close() the files are ended; records logged later (shutdown) reach the output only.
      return { write: (line: string) => void (closed || file.write(line)) };
    };
    streams.push({ level: options.level, stream: open(LOG_FILES.all) }, { level: 'warn', stream: open(LOG_FILES.errors) });
  }
  // The logger passes what the most verbose stream wants; each stream filters for itself.
  const lowest = streams.reduce<LogLevel>((low, s) => (RANK[s.level as LogLevel] < RANK[low] ? (s.level as LogLevel) : low), 'error');
  const base = pino(
    {
      level: lowest,
      base: undefined,
      timestamp: () => `,"time":"${new Date(now()).toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    multistream(streams),
  );
  const fieldsOf = (fields: LogFields | undefined): Record<string, unknown> => {
    if (fields === undefined) return {};
    if (!('error' in fields)) return { ...fields };
    const { error, ...rest } = fields;
    const stack = options.stacks === true && error instanceof Error ? error.stack : undefined;
    return { ...rest, error: error instanceof Error ? error.message : String(error), ...(stack ? { stack } : {}) };
  };
  const write = (level: LogLevel) => (message: string, fields?: LogFields) => base[level](fieldsOf(fields), message);
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    level: options.level,
    pretty,
    close() {
      if (closed) return;
      closed = true;
      for (const file of files) {
        file.flushSync();
        file.end();
      }
    },
  };
}
