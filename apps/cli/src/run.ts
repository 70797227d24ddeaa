import { ConfigError, describeConfig, loadConfig, renderFlagHelp } from '@k8s-mcp/config';
import { UsageError } from './usage-error.js';

/** Everything the CLI touches, injected so `run` is testable and never reads process state. */
export interface CliIo {
  /** Normal output. */
  readonly stdout: { write(text: string): unknown };
  /** Errors and diagnostics. */
  readonly stderr: { write(text: string): unknown };
  /** Environment variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads a UTF-8 file (throws with code ENOENT when missing). */
  readonly readFile: (path: string) => string;
  /** Working directory. */
  readonly cwd: string;
  /** Home directory. */
  readonly homedir: string;
  /** Version printed by --version. */
  readonly version: string;
}

/** Exit codes of the `k8s-mcp` command. */
export const EXIT_CODES = { ok: 0, unexpected: 1, usage: 2 } as const;

function help(): string {
  return `Usage: k8s-mcp <command> [options]

Commands:
  config     Print the effective configuration (secrets masked) and exit; fails on invalid settings.

Global options:
  -h, --help     Show this help.
  -V, --version  Print the version.

Configuration options (each also an environment variable; see docs/configuration.md):
${renderFlagHelp()}`;
}

function configCommand(args: readonly string[], io: CliIo): void {
  const config = loadConfig({ argv: args, env: io.env, readFile: io.readFile, cwd: io.cwd, homedir: io.homedir });
  io.stdout.write(describeConfig(config));
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<void> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(help());
    return;
  }
  if (argv.includes('--version') || argv.includes('-V')) {
    io.stdout.write(`${io.version}\n`);
    return;
  }
  const [command, ...rest] = argv;
  switch (command) {
    case 'config':
      configCommand(rest, io);
      return;
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}; run k8s-mcp --help to list the commands`);
  }
}

/**
 * Runs the `k8s-mcp` command and returns its exit code. Commands throw typed errors; this entry
 * point alone maps them: {@link UsageError} and `ConfigError` print their message and give 2,
 * anything else prints its stack and gives 1.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await dispatch(argv, io);
    return EXIT_CODES.ok;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr.write(`k8s-mcp: ${error.message}\n`);
      return EXIT_CODES.usage;
    }
    io.stderr.write(`k8s-mcp: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_CODES.unexpected;
  }
}
