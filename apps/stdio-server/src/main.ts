#!/usr/bin/env node
// Entry point of the k8s-mcp stdio server. stdout carries only MCP JSON-RPC; every log line goes
// to stderr. Exits 0 when the client closes stdin, 2 on invalid configuration, 1 when the
// configured cluster cannot be used.
import { ConfigError, loadConfig, processConfigSources } from '@k8s-mcp/config';
import { RuntimeError, startRuntime } from '@k8s-mcp/runtime';
import { packageVersion } from './package-info.js';
import { serveStdio } from './serve-stdio.js';

try {
  const config = loadConfig(processConfigSources());
  const version = packageVersion();
  const runtime = await startRuntime({
    config,
    environment: { kubernetesServiceHost: process.env['KUBERNETES_SERVICE_HOST'], kubernetesServicePort: process.env['KUBERNETES_SERVICE_PORT'] },
    server: { name: 'k8s-mcp', version },
    log: (level, message) => process.stderr.write(`[${level}] ${message}\n`),
    onProgress: (message) => process.stderr.write(`[info] ${message}\n`),
    // Answer initialize and tools/list at once; reads are served from the API until the sync is done.
    waitForSync: false,
  });
  await serveStdio({
    input: process.stdin,
    output: process.stdout,
    log: process.stderr,
    server: runtime.createMcpServer({ transport: 'stdio' }),
    banner: `k8s-mcp ${version}: serving MCP on stdio; cluster: ${runtime.clusterDescription}; namespace: ${runtime.namespace}`,
  });
  await runtime.close();
  process.exit(0);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof RuntimeError) {
    process.stderr.write(`k8s-mcp: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`k8s-mcp stdio server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
