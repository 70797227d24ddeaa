import { type AppConfig, loadConfig } from '@k8s-mcp/config';
import { createAppLogger, type Logger, type Runtime, startRuntime } from '@k8s-mcp/runtime';
import type { CliIo } from './cli-io.js';
import type { CommandContext } from './command.js';

/** A started runtime and the configuration it was built from. */
export interface OpenedRuntime {
  readonly config: AppConfig;
  readonly runtime: Runtime;
}

/** Loads the configuration from the command's flags, the environment and `.env`. @throws ConfigError */
export function loadCliConfig(context: CommandContext): AppConfig {
  const { io, args } = context;
  return loadConfig({ argv: args.configArgs, env: io.env, readFile: io.readFile, cwd: io.cwd, homedir: io.homedir });
}

/**
 * Progress lines for long work, on stderr and only when stderr is a terminal: a script or CI log
 * gets the result and real warnings, not a running commentary.
 */
export function progressWriter(io: CliIo): ((message: string) => void) | undefined {
  return io.stderrIsTTY ? (message) => void io.stderr.write(`k8s-mcp: ${message}\n`) : undefined;
}

/**
 * The runtime's logger, on stderr (pretty on a terminal, JSON lines otherwise) and in
 * K8S_MCP_LOG_DIR when set. A one-shot command (`quiet`) shows warnings and errors, info records
 * (routine start-up chatter) only with LOG_LEVEL=DEBUG; a server (`serve stdio`) logs at
 * LOG_LEVEL. K8S_MCP_DEBUG means debug either way.
 *
 * @throws ConfigError naming K8S_MCP_LOG_DIR when its files cannot be written
 */
function cliLogger(io: CliIo, config: AppConfig, quiet: boolean): Logger {
  return createAppLogger(config, { output: io.stderr, isTTY: io.stderrIsTTY === true, ...(io.now ? { now: io.now } : {}) }, { quiet });
}

/**
 * Starts the runtime for one command (live cluster with its initial sync, a snapshot, or the
 * demo cluster), runs `fn`, and always closes the runtime afterwards. When the demo cluster was
 * chosen only because no cluster is configured, stderr says so: a result about the demo must
 * never pass for one about the user's cluster. `waitForSync` (default true) is false for servers,
 * which answer from the live API until the initial sync is done, and log at LOG_LEVEL rather than
 * one step quieter (`quiet: false`).
 *
 * @throws ConfigError for invalid settings; RuntimeError when the cluster cannot be used
 */
export async function withRuntime<T>(
  context: CommandContext,
  fn: (opened: OpenedRuntime) => Promise<T>,
  options: { readonly waitForSync?: boolean; readonly quiet?: boolean } = {},
): Promise<T> {
  const { io } = context;
  const config = loadCliConfig(context);
  const logger = cliLogger(io, config, options.quiet ?? true);
  const runtime = await startRuntime({
    config,
    waitForSync: options.waitForSync ?? true,
    environment: { kubernetesServiceHost: io.env['KUBERNETES_SERVICE_HOST'], kubernetesServicePort: io.env['KUBERNETES_SERVICE_PORT'] },
    server: { name: 'k8s-mcp', version: io.version },
    log: (level, message, fields) => logger[level](message, fields),
    ...(io.stderrIsTTY ? { onProgress: progressWriter(io) } : {}),
    ...(io.now ? { now: io.now } : {}),
  }).catch((error: unknown) => {
    logger.close();
    throw error;
  });
  if (runtime.mode === 'demo' && config.demo === 'auto') {
    io.stderr.write('k8s-mcp: no cluster is configured (no kubeconfig, no in-cluster account): using the bundled demo cluster; pass --kubeconfig or set K8S_MCP_DEMO=false\n');
  }
  try {
    return await fn({ config, runtime });
  } finally {
    await runtime.close();
    logger.close();
  }
}
