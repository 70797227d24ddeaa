#!/usr/bin/env node
// Entry point of the k8s-mcp HTTP server: the only place that touches process state and maps
// errors to exit codes. Logs go to stderr.
import { ConfigError, loadConfig, processConfigSources, renderFlagHelp } from '@k8s-mcp/config';
import { packageVersion } from './package-info.js';
import { startHttpServer } from './start-http-server.js';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`Usage: k8s-mcp-http [options]\n\nServes MCP on POST /mcp, plus /health and /metrics.\n\nOptions (each also an environment variable, see docs/configuration.md):\n${renderFlagHelp()}`);
  process.exit(0);
}
if (args.includes('--version')) {
  process.stdout.write(`${packageVersion()}\n`);
  process.exit(0);
}

try {
  const config = loadConfig(processConfigSources(args));
  const running = await startHttpServer(config, { name: 'k8s-mcp', version: packageVersion() });
  process.stderr.write(`k8s-mcp HTTP server listening on ${running.url} (MCP at ${running.url}/mcp)\n`);
  const stop = (signal: string): void => {
    process.stderr.write(`${signal}: shutting down\n`);
    running.close().then(
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
  process.stderr.write(`k8s-mcp HTTP server failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
