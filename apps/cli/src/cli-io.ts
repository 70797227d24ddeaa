import type { Readable, Writable } from 'node:stream';
import type { HttpServerLocation } from './http-server-entry.js';

/** A JavaScript file to run with the Node.js binary that runs the CLI (`serve http`). */
export interface LaunchRequest {
  /** Absolute path of the script, e.g. the HTTP server app's `dist/main.js`. */
  readonly script: string;
  /** Its command-line arguments. */
  readonly args: readonly string[];
  /** Its working directory. */
  readonly cwd: string;
  /** Its environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** How a launched process ended: its exit code, or the signal that killed it. */
export interface LaunchResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
}

/** Everything the CLI touches, injected so `run` is testable and never reads process state. */
export interface CliIo {
  /** Normal output: the command's result, nothing else. */
  readonly stdout: { write(text: string): unknown };
  /** Errors, warnings and progress. */
  readonly stderr: { write(text: string): unknown };
  /** Whether stderr is a terminal: progress lines are written only then. Default false. */
  readonly stderrIsTTY?: boolean;
  /** Environment variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads a UTF-8 file (throws with code ENOENT when missing). */
  readonly readFile: (path: string) => string;
  /** Writes a UTF-8 file, replacing it (`snapshot`). Absent: commands that write files fail. */
  readonly writeFile?: (path: string, text: string) => void;
  /** Working directory. */
  readonly cwd: string;
  /** Home directory. */
  readonly homedir: string;
  /** Version printed by --version and reported to MCP clients. */
  readonly version: string;
  /** The clock, ms since the epoch. Default `Date.now`. */
  readonly now?: () => number;
  /** The process's raw stdin and stdout, for `serve stdio` (JSON-RPC only on the output). */
  readonly stdio?: { readonly input: Readable; readonly output: Writable };
  /**
   * Runs a script as a child process, its stdout and stderr those of the CLI, and resolves when
   * it exits; SIGINT and SIGTERM sent to the CLI meanwhile reach it. Rejects only when it cannot
   * start. Absent: `serve http` fails.
   */
  readonly launch?: (request: LaunchRequest) => Promise<LaunchResult>;
  /** Finds the HTTP server app's entry point for `serve http`. Absent: it counts as not found. */
  readonly locateHttpServer?: () => HttpServerLocation;
}
