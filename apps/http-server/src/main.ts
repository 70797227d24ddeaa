#!/usr/bin/env node
// Entry point of the k8s-mcp HTTP server: the only place that touches process state and maps
// errors to exit codes (2 bad configuration, 1 unusable cluster or start-up failure). Logs go to stderr.
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, processConfigSources, renderFlagHelp } from '@k8s-mcp/config';
import { RuntimeError, startRuntime } from '@k8s-mcp/runtime';
import { insecureBindReason, parseTokenFile } from './bind-check.js';
import { packageVersion } from './package-info.js';
import { createRuntimeMonitoring, startHttpServer } from './start-http-server.js';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(
    `Usage: k8s-mcp-http [options]\n\nServes MCP over legacy SSE (/sse) and Streamable HTTP (/mcp), plus /health, monitoring (/metrics, /metrics/prometheus, ...).\nWith no cluster configured it serves the bundled demo cluster.\n\nOptions (each also an environment variable, see docs/configuration.md):\n${renderFlagHelp()}`,
  );
  process.exit(0);
}
if (args.includes('--version')) {
  process.stdout.write(`${packageVersion()}\n`);
  process.exit(0);
}

const log = (level: string, message: string): void => void process.stderr.write(`[${level}] ${message}\n`);

try {
  const config = loadConfig(processConfigSources(args));
  const tokens = [...config.authTokens, ...(config.authTokensFile ? parseTokenFile(readFileSync(config.authTokensFile, 'utf8')) : [])];
  const refused = insecureBindReason(config.host, tokens, config.allowInsecureBind);
  if (refused) throw new ConfigError([{ variable: 'K8S_MCP_HOST', value: config.host, message: refused }]);
  const version = packageVersion();
  const observed = config.monitoringEnabled ? createRuntimeMonitoring(config) : undefined;
  const runtime = await startRuntime({
    config,
    environment: { kubernetesServiceHost: process.env['KUBERNETES_SERVICE_HOST'], kubernetesServicePort: process.env['KUBERNETES_SERVICE_PORT'] },
    server: { name: 'k8s-mcp', version },
    log,
    onProgress: (message) => log('info', message),
    // Listen at once; reads are served from the API until the sync is done, /health says "starting".
    waitForSync: false,
    ...(observed ? { onToolCall: (e) => observed.monitoring.recordToolExecution(e.tool, e.durationMs / 1000, e.ok) } : {}),
  });
  observed?.attach(runtime);
  const running = await startHttpServer(config, runtime, { authTokens: tokens, ...(observed ? { monitoring: observed.monitoring } : {}) });
  const graphLine = (): string => {
    const stats = runtime.graph?.stats();
    return `on (knowledge graph ${stats?.nodes ?? 0} nodes, ${stats?.edges ?? 0} edges)`;
  };
  process.stderr.write(
    [
      `k8s-mcp ${version} HTTP server listening on ${running.url}`,
      `  MCP:          ${running.url}/sse (legacy SSE, e.g. Dify) and ${running.url}/mcp (Streamable HTTP${config.stateless ? ', stateless' : ''})`,
      `  cluster:      ${runtime.clusterDescription}${runtime.mode === 'demo' ? '  <- DEMO: no cluster is configured' : ''}`,
      `  namespace:    ${runtime.namespace}`,
      `  intelligent:  ${!runtime.graph ? 'off' : runtime.isReady() ? graphLine() : 'on (knowledge graph built when the initial sync is done)'}`,
      `  monitoring:   ${observed ? `on (${running.url}/metrics, /metrics/prometheus)` : 'off'}`,
      `  safety:       ${config.allowWrites ? (config.allowDestructive ? 'writes and destructive tools enabled' : 'writes enabled') : 'read-only'}; auth ${tokens.length > 0 ? 'on' : 'off'}`,
      ...(runtime.isReady() ? [] : ['  sync:         initial sync in progress (reads go to the API server meanwhile; graph and summary tools wait for it)']),
      '',
    ].join('\n'),
  );
  if (!runtime.isReady()) {
    void runtime.ready.then(() => {
      if (runtime.isReady()) log('info', `ready: initial sync done; intelligent: ${runtime.graph ? graphLine() : 'off'}`);
    });
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log('info', `${signal}: draining ${running.sessionCount()} MCP session(s), then stopping the informers`);
    running
      .close()
      .then(() => runtime.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof RuntimeError) {
    process.stderr.write(`k8s-mcp: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`k8s-mcp HTTP server failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
