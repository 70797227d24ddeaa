import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '@k8s-mcp/config';
import { createMcpServer } from '@k8s-mcp/mcp-server';
import { createMetricsRegistry } from '@k8s-mcp/metrics';
import { createHttpApp } from './app.js';

/** A listening HTTP server. */
export interface RunningHttpServer {
  /** Base URL, e.g. `http://localhost:8766`. */
  readonly url: string;
  /** The node HTTP server. */
  readonly server: Server;
  /** Stops accepting connections and resolves once closed. */
  close(): Promise<void>;
}

/**
 * Builds the app from a loaded config (host, port, auth tokens, allowed hosts) and starts
 * listening. `port: 0` in `overrides` picks a free port.
 */
export async function startHttpServer(
  config: AppConfig,
  info: { name: string; version: string },
  overrides: { port?: number } = {},
): Promise<RunningHttpServer> {
  const { app, sessions } = createHttpApp({
    createMcpServer: () => createMcpServer(info),
    ...(config.monitoringEnabled ? { metrics: createMetricsRegistry() } : {}),
    authTokens: config.authTokens,
    allowedHosts: config.allowedHosts,
  });
  const server = app.listen(overrides.port ?? config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    server,
    close: async () => {
      await sessions.closeAll();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
