// The body of the HTTP server's entry point (main.ts loads it once its signal handlers are in
// place): reads the process's configuration, environment and streams, and maps errors to exit
// codes (2 bad configuration, 1 unusable cluster or start-up failure). Logs go to stderr (pretty
// on a terminal, JSON lines otherwise) and to K8S_MCP_LOG_DIR when set.
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, processConfigSources, renderFlagHelp } from '@k8s-mcp/config';
import { createAppLogger, type Logger, reportStartFailure, type Runtime, startRuntime } from '@k8s-mcp/runtime';
import { insecureBindReason, parseTokenFile } from './bind-check.js';
import { packageVersion } from './package-info.js';
import { createRuntimeMonitoring, type RunningHttpServer, startHttpServer } from './start-http-server.js';

const HELP = `Usage: k8s-mcp-http [options]

Serves MCP over legacy SSE (/sse) and Streamable HTTP (/mcp), plus /health, monitoring (/metrics, /metrics/prometheus, ...).
With no cluster configured it serves the bundled demo cluster.

Options (each also an environment variable, see docs/configuration.md):
`;

/**
 * Runs the HTTP server until `stop` is aborted (with the signal's name as its reason), then
 * drains its sessions and stops the informers. A stop requested while it starts is honoured as
 * soon as there is something to stop: before the runtime starts, after it started (before
 * listening), or once listening. Resolves with the exit code: 0 after a clean stop (or --help,
 * --version), 2 for an invalid configuration, 1 for any other failure.
 */
export async function runHttpServer(argv: readonly string[], stop: AbortSignal): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}${renderFlagHelp()}`);
    return 0;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  let logger: Logger | undefined;
  try {
    const config = loadConfig(processConfigSources(argv));
    const log = createAppLogger(config, { output: process.stderr, isTTY: process.stderr.isTTY === true });
    logger = log;
    log.debug('k8s-mcp HTTP server starting', { pid: process.pid, node: process.version });
    const tokens = [...config.authTokens, ...(config.authTokensFile ? parseTokenFile(readFileSync(config.authTokensFile, 'utf8')) : [])];
    const refused = insecureBindReason(config.host, tokens, config.allowInsecureBind);
    if (refused) throw new ConfigError([{ variable: 'K8S_MCP_HOST', value: config.host, message: refused }]);
    if (stop.aborted) {
      log.info(`${String(stop.reason)} during start-up: stopping before connecting to the cluster`);
      return 0;
    }
    const version = packageVersion();
    const observed = config.monitoringEnabled ? createRuntimeMonitoring(config) : undefined;
    const runtime = await startRuntime({
      config,
      environment: { kubernetesServiceHost: process.env['KUBERNETES_SERVICE_HOST'], kubernetesServicePort: process.env['KUBERNETES_SERVICE_PORT'] },
      server: { name: 'k8s-mcp', version },
      log: (level, message, fields) => log[level](message, fields),
      onProgress: (message) => log.info(message),
      // Listen at once; reads are served from the API until the sync is done, /health says "starting".
      waitForSync: false,
      ...(observed ? { onToolCall: (e) => observed.monitoring.recordToolExecution(e.tool, e.durationMs / 1000, e.ok) } : {}),
    });
    if (stop.aborted) {
      // Nothing listens yet: stopping is stopping the informers.
      log.info(`${String(stop.reason)} during start-up: stopping the informers before listening`);
      await runtime.close();
      return 0;
    }
    observed?.attach(runtime);
    const running = await startHttpServer(config, runtime, {
      authTokens: tokens,
      ...(observed ? { monitoring: observed.monitoring } : {}),
      log: (level, message, fields) => log[level](message, fields),
    });
    logBanner(log, { version, config, runtime, running, tokens: tokens.length, monitoring: observed !== undefined });
    if (!runtime.isReady()) {
      void runtime.ready.then(() => {
        if (runtime.isReady()) log.info(`ready: initial sync done; intelligent: ${graphLine(runtime)}`);
      });
    }
    const signal = await new Promise<string>((resolve) => {
      if (stop.aborted) resolve(String(stop.reason));
      else stop.addEventListener('abort', () => resolve(String(stop.reason)), { once: true });
    });
    log.info(`${signal}: draining ${running.sessionCount()} MCP session(s), then stopping the informers`);
    try {
      await running.close();
      await runtime.close();
      return 0;
    } catch (error) {
      log.error(`stopping failed: ${error instanceof Error ? error.message : String(error)}`, { error });
      return 1;
    }
  } catch (error) {
    const write = (message: string, fields?: Readonly<Record<string, unknown>>): void =>
      void (logger ? logger.error(message, fields) : process.stderr.write(`${message}\n`));
    return reportStartFailure(error, write, 'k8s-mcp HTTP server failed to start');
  } finally {
    logger?.close();
  }
}

function graphLine(runtime: Runtime): string {
  if (!runtime.graph) return 'off';
  const stats = runtime.graph.stats();
  return `on (knowledge graph ${stats.nodes} nodes, ${stats.edges} edges)`;
}

/**
 * The start-up banner: on a terminal the aligned block people read, otherwise one record with
 * the same facts as fields (what a log collector indexes).
 */
function logBanner(
  log: Logger,
  facts: { version: string; config: { stateless: boolean; allowWrites: boolean; allowDestructive: boolean }; runtime: Runtime; running: RunningHttpServer; tokens: number; monitoring: boolean },
): void {
  const { config, runtime, running } = facts;
  const banner = {
    mcp: `${running.url}/sse (legacy SSE, e.g. Dify) and ${running.url}/mcp (Streamable HTTP${config.stateless ? ', stateless' : ''})`,
    cluster: runtime.clusterDescription,
    namespace: runtime.namespace,
    intelligent: !runtime.graph ? 'off' : runtime.isReady() ? graphLine(runtime) : 'on (knowledge graph built when the initial sync is done)',
    monitoring: facts.monitoring ? `on (${running.url}/metrics, /metrics/prometheus)` : 'off',
    safety: `${config.allowWrites ? (config.allowDestructive ? 'writes and destructive tools enabled' : 'writes enabled') : 'read-only'}; auth ${facts.tokens > 0 ? 'on' : 'off'}`,
    ...(runtime.isReady() ? {} : { sync: 'initial sync in progress (reads go to the API server meanwhile; graph and summary tools wait for it)' }),
  };
  const headline = `k8s-mcp ${facts.version} HTTP server listening on ${running.url}`;
  if (!log.pretty) {
    log.info(headline, { url: running.url, ...banner, ...(runtime.mode === 'demo' ? { demo: true } : {}) });
    return;
  }
  const demo = runtime.mode === 'demo' ? '  <- DEMO: no cluster is configured' : '';
  const lines = Object.entries(banner).map(([key, value]) => `  ${`${key === 'mcp' ? 'MCP' : key}:`.padEnd(14)}${value}${key === 'cluster' ? demo : ''}`);
  log.info([headline, ...lines].join('\n'));
}
