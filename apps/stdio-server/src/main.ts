#!/usr/bin/env node
// Entry point of the k8s-mcp stdio server. stdout carries only MCP JSON-RPC; every log line goes
// to stderr. Exits 0 when the client closes stdin, 2 on invalid configuration.
import { ConfigError, loadConfig, processConfigSources } from '@k8s-mcp/config';
import { packageVersion } from './package-info.js';
import { serveStdio } from './serve-stdio.js';

try {
  loadConfig(processConfigSources());
  await serveStdio({
    input: process.stdin,
    output: process.stdout,
    log: process.stderr,
    info: { name: 'k8s-mcp', version: packageVersion() },
  });
  process.exit(0);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`k8s-mcp stdio server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
