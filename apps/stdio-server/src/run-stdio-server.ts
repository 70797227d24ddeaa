// The body of the stdio server's entry point (main.ts loads it once its signal handlers are in
// place): reads the process's configuration and environment, serves stdin/stdout, and maps errors
// to exit codes. stdout carries only MCP JSON-RPC; every log record goes to stderr (pretty on a
// terminal, JSON lines otherwise) and to K8S_MCP_LOG_DIR when set.
import { loadConfig, processConfigSources } from '@k8s-mcp/config';
import { createAppLogger, type Logger, reportStartFailure, startRuntime } from '@k8s-mcp/runtime';
import { packageVersion } from './package-info.js';
import { serveStdio } from './serve-stdio.js';

/**
 * Serves MCP on the process's stdin/stdout until the client closes stdin or `stop` is aborted
 * (with the signal's name as its reason), then stops the informers. A stop requested while it
 * starts is honoured once the runtime has started. Resolves with the exit code: 0 after a clean
 * stop, 2 for an invalid configuration, 1 when the configured cluster cannot be used.
 */
export async function runStdioServer(stop: AbortSignal): Promise<number> {
  let logger: Logger | undefined;
  try {
    const config = loadConfig(processConfigSources());
    const log = createAppLogger(config, { output: process.stderr, isTTY: process.stderr.isTTY === true });
    logger = log;
    log.debug('k8s-mcp stdio server starting', { pid: process.pid, node: process.version });
    const version = packageVersion();
    const runtime = await startRuntime({
      config,
      environment: { kubernetesServiceHost: process.env['KUBERNETES_SERVICE_HOST'], kubernetesServicePort: process.env['KUBERNETES_SERVICE_PORT'] },
      server: { name: 'k8s-mcp', version },
      log: (level, message, fields) => log[level](message, fields),
      onProgress: (message) => log.info(message),
      // Answer initialize and tools/list at once; reads are served from the API until the sync is done.
      waitForSync: false,
    });
    // Already aborted (a signal while starting): serveStdio connects and stops at once.
    await serveStdio({
      input: process.stdin,
      output: process.stdout,
      log: (level, message, fields) => log[level](message, fields),
      server: runtime.createMcpServer({ transport: 'stdio' }),
      banner: `k8s-mcp ${version}: serving MCP on stdio; cluster: ${runtime.clusterDescription}; namespace: ${runtime.namespace}`,
      stop,
    });
    await runtime.close();
    return 0;
  } catch (error) {
    const write = (message: string, fields?: Readonly<Record<string, unknown>>): void =>
      void (logger ? logger.error(message, fields) : process.stderr.write(`${message}\n`));
    return reportStartFailure(error, write, 'k8s-mcp stdio server failed');
  } finally {
    logger?.close();
  }
}
