import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '@k8s-mcp/config';
import { createMonitoring, type Monitoring } from '@k8s-mcp/metrics';
import type { Runtime } from '@k8s-mcp/runtime';
import { createHttpApp } from './app.js';

/** A listening HTTP server. */
export interface RunningHttpServer {
  /** Base URL, e.g. `http://localhost:8766`. */
  readonly url: string;
  /** The node HTTP server. */
  readonly server: Server;
  /** Present when MONITORING_ENABLED. */
  readonly monitoring?: Monitoring;
  /** Open MCP sessions. */
  sessionCount(): number;
  /** Drains MCP sessions, stops accepting connections and stops monitoring (not the runtime). */
  close(): Promise<void>;
}

/**
 * Monitoring fed by the runtime's graph and sync. Create it before the runtime when tool calls
 * should be counted (pass `monitoring.recordToolExecution` as the runtime's `onToolCall`) and
 * bind it with `attach`.
 */
export function createRuntimeMonitoring(config: AppConfig): { monitoring: Monitoring; attach(runtime: Runtime): void } {
  let runtime: Runtime | undefined;
  const monitoring = createMonitoring({
    collectionIntervalSeconds: config.metricsCollectionIntervalSeconds,
    historySize: config.metricsHistorySize,
    thresholds: {
      apiResponseTimeMaxSeconds: config.alertApiResponseTimeMaxSeconds,
      cpuPercentMax: config.alertCpuPercentMax,
      memoryPercentMax: config.alertMemoryPercentMax,
      errorRatePercentMax: config.alertErrorRatePercentMax,
      syncDelayMaxSeconds: config.alertSyncDelayMaxSeconds,
    },
    intelligence: {
      graph: () => {
        const stats = runtime?.graph?.stats();
        if (!stats) throw new Error('knowledge graph disabled');
        return { nodes: stats.nodes, edges: stats.edges };
      },
      sync: () => {
        const sync = runtime?.sync;
        if (!sync) return { healthScore: 100, kinds: [] };
        return {
          healthScore: sync.healthScore(),
          kinds: sync.status().map((s) => ({
            kind: s.kind,
            ...(s.namespace ? { namespace: s.namespace } : {}),
            state: s.state,
            objects: s.objects,
            ...(s.lagMs === undefined ? {} : { lagSeconds: s.lagMs / 1000 }),
            errors: s.errors,
          })),
        };
      },
    },
  });
  return {
    monitoring,
    attach: (r) => {
      runtime = r;
    },
  };
}

/**
 * Serves `runtime` over HTTP per `config` (host, port, auth tokens, allowed hosts, stateless mode,
 * body limit) and starts monitoring when given. `port: 0` in `overrides` picks a free port.
 */
export async function startHttpServer(
  config: AppConfig,
  runtime: Runtime,
  options: { readonly authTokens: readonly string[]; readonly monitoring?: Monitoring; readonly port?: number },
): Promise<RunningHttpServer> {
  const { app, sessions } = createHttpApp({
    createMcpServer: (transport) => runtime.createMcpServer({ transport }),
    ...(options.monitoring ? { monitoring: options.monitoring } : {}),
    // 200 either way: the server already answers MCP during the initial sync (reads from the API).
    health: () => ({
      ...(runtime.isReady() ? {} : { status: 'starting' }),
      ready: runtime.isReady(),
      mode: runtime.mode,
      ...(runtime.mode === 'demo' ? { demo: true } : {}),
      cluster: runtime.clusterDescription,
      ...(runtime.sync ? { syncHealthScore: runtime.sync.healthScore() } : {}),
      ...(runtime.graph ? { graph: { nodes: runtime.graph.stats().nodes, edges: runtime.graph.stats().edges } } : {}),
    }),
    authTokens: options.authTokens,
    allowedHosts: config.allowedHosts,
    stateless: config.stateless,
    maxBodyBytes: config.maxBodyKb * 1024,
  });
  options.monitoring?.start();
  const server = app.listen(options.port ?? config.port, config.host);
  // Idle keep-alive sockets must be closed by the client first (Node's fetch: ~4 s; proxies and
  // load balancers: often 60 s). With Node's 5 s default a request sent just as the server
  // closes its end fails with ECONNRESET, which the load benchmark saw on a busy machine.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    server,
    ...(options.monitoring ? { monitoring: options.monitoring } : {}),
    sessionCount: () => sessions.count(),
    close: async () => {
      await sessions.closeAll();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      options.monitoring?.stop();
    },
  };
}
