import type { LaunchResult } from '../cli-io.js';
import type { CommandContext } from '../command.js';
import { CommandFailedError } from '../command-failed-error.js';
import { missingHttpServerMessage } from '../http-server-entry.js';
import type { ParsedArgs } from '../parse-args.js';
import { ServerExitError } from '../server-exit-error.js';

/**
 * The HTTP server's command line for a parsed `serve http` line. The server reads configuration
 * flags only (`loadConfig(processConfigSources(argv))`), and the parser has already turned every
 * shorthand into one (`--context x` -> `--k8s-context=x`, `--port 9000` -> `--k8s-mcp-port=9000`)
 * and kept every `--k8s-...` flag as given, in order: later flags still win, as on the CLI.
 */
export function httpServerArgs(args: ParsedArgs): string[] {
  return [...args.configArgs];
}

/** Turns how the server ended into the command's outcome: nothing for 0, else a typed error. */
function checkExit(result: LaunchResult): void {
  if (result.exitCode === 0) return;
  if (result.exitCode === 2) throw new ServerExitError(2, 'k8s-mcp serve http: the HTTP server refused its configuration (exit code 2; see above)');
  const how = result.exitCode === null ? `was killed by ${result.signal ?? 'a signal'}` : `exited with code ${result.exitCode}`;
  throw new ServerExitError(1, `k8s-mcp serve http: the HTTP server ${how}`);
}

/**
 * `k8s-mcp serve http`: runs the HTTP server app (`@k8s-mcp/http-server`, Koa) as a child
 * process with the same cluster and settings the other commands would use: same flags
 * (translated), environment and working directory (so the same `.env`). Resolves once it exits
 * cleanly (after a SIGINT/SIGTERM drain).
 *
 * @throws CommandFailedError when the server app is not found or cannot be started;
 *   ServerExitError when it exits with a failure (2 for a configuration it refused)
 */
export async function serveHttp(context: CommandContext): Promise<void> {
  const { io, args } = context;
  const location = io.locateHttpServer?.() ?? { searched: [] };
  if (location.entry === undefined) throw new CommandFailedError('HTTP_SERVER_MISSING', missingHttpServerMessage(location));
  if (!io.launch) throw new CommandFailedError('UNAVAILABLE', 'k8s-mcp serve http: this k8s-mcp cannot start processes (no launcher was given)');
  let result: LaunchResult;
  try {
    result = await io.launch({ script: location.entry, args: httpServerArgs(args), cwd: io.cwd, env: io.env });
  } catch (error) {
    throw new CommandFailedError('UNAVAILABLE', `k8s-mcp serve http: cannot start the HTTP server ${location.entry}: ${error instanceof Error ? error.message : String(error)}`);
  }
  checkExit(result);
}
