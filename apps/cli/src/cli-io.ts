import type { Readable, Writable } from 'node:stream';

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
}
