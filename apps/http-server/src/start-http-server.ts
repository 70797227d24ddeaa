import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AppConfig, ConfigError } from '@k8s-mcp/config';
import { createMonitoring, type Monitoring } from '@k8s-mcp/metrics';
import type { Runtime } from '@k8s-mcp/runtime';
import { createHttpApp } from './app.js';
import { appErrorListener, type HttpLog } from './app-errors.js';
import { describeRefusal, refusalRecord } from './mcp-routes.js';
import { AuthTokenError } from './named-tokens.js';

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

/** Options of {@link startHttpServer}. */
export interface StartHttpServerOptions {
  /** K8S_MCP_AUTH_TOKENS entries (`name=token` or bare tokens), the token file's included. */
  readonly authTokens: readonly string[];
  readonly monitoring?: Monitoring;
  /** Overrides `config.port`; 0 picks a free port. */
  readonly port?: number;
  /**
   * Where the server logs: refused requests (another caller's session, the session cap) as
   * warnings, clients that went away at debug, failed requests as errors. Default: warnings and
   * errors to stderr.
   */
  readonly log?: HttpLog;
}

/**
 * Serves `runtime` over HTTP per `config` (host, port, auth tokens, allowed hosts, monitoring
 * access, session cap and idle timeout, stateless mode, body limit) and starts monitoring when
 * given. MCP servers are made per session with the caller's name and the session id, which the
 * audit records carry.
 *
 * @throws ConfigError naming K8S_MCP_AUTH_TOKENS when a token name or a token is given twice
 */
export async function startHttpServer(config: AppConfig, runtime: Runtime, options: StartHttpServerOptions): Promise<RunningHttpServer> {
  const log: HttpLog = options.log ?? ((level, message) => void (level === 'warn' || level === 'error' ? process.stderr.write(`[${level}] ${message}\n`) : undefined));
  const { app, sessions } = createAppOrConfigError(config, {
    createMcpServer: (call) => runtime.createMcpServer(call),
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
    monitoringPublic: config.monitoringPublic,
    allowedHosts: config.allowedHosts,
    listenHost: config.host,
    maxSessions: config.maxSessions,
    sessionIdleMs: config.sessionIdleTimeoutSeconds * 1000,
    onRefused: (refusal) => {
      log('warn', describeRefusal(refusal));
      runtime.audit?.write(refusalRecord(refusal, Date.now()));
    },
    stateless: config.stateless,
    maxBodyBytes: config.maxBodyKb * 1024,
  });
  options.monitoring?.start();
  app.on('error', appErrorListener(log));
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

/** {@link createHttpApp}, with a conflicting token list reported as the configuration error it is (exit 2). */
function createAppOrConfigError(config: AppConfig, options: Parameters<typeof createHttpApp>[0]): ReturnType<typeof createHttpApp> {
  try {
    return createHttpApp(options);
  } catch (error) {
    if (!(error instanceof AuthTokenError)) throw error;
    const variable = config.authTokensFile !== undefined ? 'K8S_MCP_AUTH_TOKENS_FILE' : 'K8S_MCP_AUTH_TOKENS';
    throw new ConfigError([{ variable, message: `${variable}: ${error.message}` }]);
  }
}
