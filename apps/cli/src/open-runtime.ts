import { type AppConfig, loadConfig } from '@k8s-mcp/config';
import { type Runtime, startRuntime } from '@k8s-mcp/runtime';
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
 * Writes runtime log lines to stderr. A one-shot command shows warnings and errors; info lines
 * (routine start-up chatter) only with LOG_LEVEL=DEBUG; LOG_LEVEL=ERROR hides warnings too.
 */
function logWriter(io: CliIo, config: AppConfig): (level: 'info' | 'warn' | 'error', message: string) => void {
  const rank = { info: 0, warn: 1, error: 2 } as const;
  const threshold = config.logLevel === 'DEBUG' ? 0 : config.logLevel === 'ERROR' ? 2 : 1;
  return (level, message) => {
    if (rank[level] >= threshold) io.stderr.write(`k8s-mcp: ${level === 'info' ? '' : `${level === 'warn' ? 'warning' : 'error'}: `}${message}\n`);
  };
}

/**
 * Starts the runtime for one command (live cluster with its initial sync, a snapshot, or the
 * demo cluster), runs `fn`, and always closes the runtime afterwards. When the demo cluster was
 * chosen only because no cluster is configured, stderr says so: a result about the demo must
 * never pass for one about the user's cluster. `waitForSync` (default true) is false for servers,
 * which answer from the live API until the initial sync is done.
 *
 * @throws ConfigError for invalid settings; RuntimeError when the cluster cannot be used
 */
export async function withRuntime<T>(
  context: CommandContext,
  fn: (opened: OpenedRuntime) => Promise<T>,
  options: { readonly waitForSync?: boolean } = {},
): Promise<T> {
  const { io } = context;
  const config = loadCliConfig(context);
  const runtime = await startRuntime({
    config,
    waitForSync: options.waitForSync ?? true,
    environment: { kubernetesServiceHost: io.env['KUBERNETES_SERVICE_HOST'], kubernetesServicePort: io.env['KUBERNETES_SERVICE_PORT'] },
    server: { name: 'k8s-mcp', version: io.version },
    log: logWriter(io, config),
    ...(io.stderrIsTTY ? { onProgress: progressWriter(io) } : {}),
    ...(io.now ? { now: io.now } : {}),
  });
  if (runtime.mode === 'demo' && config.demo === 'auto') {
    io.stderr.write('k8s-mcp: no cluster is configured (no kubeconfig, no in-cluster account): using the bundled demo cluster; pass --kubeconfig or set K8S_MCP_DEMO=false\n');
  }
  try {
    return await fn({ config, runtime });
  } finally {
    await runtime.close();
  }
}
