import { ConfigError } from '@k8s-mcp/config';
import { GraphError, InvalidResourceIdError } from '@k8s-mcp/graph';
import { K8sClientError } from '@k8s-mcp/k8s-client';
import { RuntimeError } from '@k8s-mcp/runtime';
import { SummaryBudgetError, SummaryError } from '@k8s-mcp/summary';
import type { CliIo } from './cli-io.js';
import { CLUSTER_OPTIONS, optionsOf } from './command.js';
import { CommandFailedError } from './command-failed-error.js';
import { COMMANDS } from './commands/index.js';
import { commandHelp, mainHelp } from './help.js';
import { parseArgs, splitCommand } from './parse-args.js';
import { ServerExitError } from './server-exit-error.js';
import { UsageError } from './usage-error.js';

export type { CliIo } from './cli-io.js';

/** Exit codes of the `k8s-mcp` command. */
export const EXIT_CODES = { ok: 0, error: 1, usage: 2 } as const;

async function dispatch(argv: readonly string[], io: CliIo): Promise<void> {
  const { command: name, rest } = splitCommand(argv, [...CLUSTER_OPTIONS, { name: 'help', short: 'h', type: 'flag', description: '' }]);
  if (name === undefined) {
    if (rest.includes('--version') || rest.includes('-V')) {
      io.stdout.write(`${io.version}\n`);
      return;
    }
    if (rest.length === 0 || rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(mainHelp(COMMANDS));
      return;
    }
    throw new UsageError('no command given; run k8s-mcp --help to list the commands');
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    if (name === 'help') {
      io.stdout.write(mainHelp(COMMANDS));
      return;
    }
    throw new UsageError(`unknown command ${JSON.stringify(name)}; run k8s-mcp --help to list the commands`);
  }
  const options = optionsOf(command);
  // --help wins over everything else on the line, even options that would not parse.
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(commandHelp(command, options));
    return;
  }
  await command.run({ io, args: parseArgs(rest, options, `k8s-mcp ${command.name}`) });
}

/**
 * The exit code for a failure, or undefined for an unexpected one. Usage: command-line and
 * configuration mistakes, bad query or summary options. Error: failures the libraries expect and
 * explain (cluster unreachable or misconfigured, not found, forbidden, --fail-on tripped,
 * unhealthy). A server that `serve http` launched and that failed: its own code, 2 or 1.
 */
function exitCodeOf(error: unknown): number | undefined {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof InvalidResourceIdError || error instanceof SummaryBudgetError) {
    return EXIT_CODES.usage;
  }
  if (error instanceof ServerExitError) return error.exitCode;
  if (error instanceof GraphError) return error.code === 'INVALID_ARGUMENT' ? EXIT_CODES.usage : EXIT_CODES.error;
  if (error instanceof SummaryError) return error.code === 'INVALID_OPTIONS' ? EXIT_CODES.usage : EXIT_CODES.error;
  if (error instanceof CommandFailedError || error instanceof RuntimeError || error instanceof K8sClientError) return EXIT_CODES.error;
  return undefined;
}

/**
 * Runs the `k8s-mcp` command and returns its exit code. Commands throw typed errors; this entry
 * point alone maps them (see `exitCodeOf`): 2 for usage and configuration errors, 1 for expected
 * failures (message only), 1 with the stack for anything unexpected. Results go to stdout,
 * everything else to stderr.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await dispatch(argv, io);
    return EXIT_CODES.ok;
  } catch (error) {
    try {
      const code = exitCodeOf(error);
      if (code !== undefined) {
        const message = (error as Error).message;
        // Command errors already name the command ("k8s-mcp summary: ..."); others get the prefix.
        io.stderr.write(`${message.startsWith('k8s-mcp') ? '' : 'k8s-mcp: '}${message}\n`);
        return code;
      }
      io.stderr.write(`k8s-mcp: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    } catch {
      // stderr itself failed (closed pipe): the exit code is all that is left to report.
    }
    return EXIT_CODES.error;
  }
}
