import Router from '@koa/router';
import type { Monitoring } from '@k8s-mcp/metrics';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import Koa from 'koa';
import { createAuthMiddleware } from './auth.js';
import { HttpError } from './http-error.js';
import { isAllowedOrigin } from './origin-check.js';
import { type McpSessions, type McpTransportName, registerMcpRoutes } from './mcp-routes.js';
import { mountMonitoring } from './monitoring-routes.js';

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  /** Makes a fresh MCP server for one session (or one request in stateless mode) on a transport. */
  readonly createMcpServer: (transport: McpTransportName) => McpServer;
  /** Monitoring endpoints (`/metrics` as JSON, `/metrics/prometheus`, ...) and request metrics. */
  readonly monitoring?: Monitoring;
  /** Extra fields of the `/health` answer (mode, cluster, sync); may replace `status` (`starting` during the initial sync). */
  readonly health?: () => Record<string, unknown>;
  /** Tokens accepted on the MCP routes (K8S_MCP_AUTH_TOKENS); empty means no authentication. */
  readonly authTokens?: readonly string[];
  /** Host header values accepted (K8S_MCP_ALLOWED_HOSTS), with or without port; empty means any. /health is exempt. */
  readonly allowedHosts?: readonly string[];
  /** Largest accepted request body, in bytes. Default 4 MiB. */
  readonly maxBodyBytes?: number;
  /** Stateless Streamable HTTP on /mcp (no sessions; GET/DELETE answer 405). Default false. */
  readonly stateless?: boolean;
  /** SSE keep-alive interval in ms. Default 15 000. */
  readonly keepAliveMs?: number;
}

/** The Koa app and its open MCP sessions (for graceful shutdown). */
export interface HttpApp {
  readonly app: Koa;
  readonly sessions: McpSessions;
}

/**
 * The k8s-mcp HTTP app (Koa): `GET /health` (no auth), the monitoring endpoints when monitoring
 * is given, and MCP over legacy SSE (`/sse`, `/messages`) and Streamable HTTP (`/mcp`), behind bearer or
 * `X-API-Key` authentication when tokens are configured. Listening is left to the caller.
 */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const app = new Koa();
  const router = new Router();
  if (options.monitoring) mountMonitoring(app, router, options.monitoring);
  const allowedHosts = new Set((options.allowedHosts ?? []).map((h) => h.toLowerCase()));

  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      ctx.status = error.status;
      ctx.set(error.headers);
      ctx.body = error.body;
    }
  });

  // DNS-rebinding protection: only listed Host headers (probes hit /health by pod IP, so it is exempt).
  app.use(async (ctx, next) => {
    if (allowedHosts.size > 0 && ctx.path !== '/health') {
      const host = (ctx.get('host') || '').toLowerCase();
      const bare = host.replace(/:\d+$/, '');
      if (!allowedHosts.has(host) && !allowedHosts.has(bare)) {
        throw new HttpError(403, { error: `Host "${host}" is not allowed; add it to K8S_MCP_ALLOWED_HOSTS` });
      }
    }
    await next();
  });

  // Browsers send Origin; a page on another site must not drive this server (DNS rebinding).
  app.use(async (ctx, next) => {
    const origin = ctx.get('origin');
    if (origin && ctx.path !== '/health' && !isAllowedOrigin(origin, allowedHosts)) {
      throw new HttpError(403, { error: `Origin "${origin}" is not allowed; add its host to K8S_MCP_ALLOWED_HOSTS` });
    }
    await next();
  });

  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok', ...options.health?.() };
  });

  const sessions = registerMcpRoutes(router, {
    createMcpServer: options.createMcpServer,
    stateless: options.stateless ?? false,
    maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
    guard: createAuthMiddleware(options.authTokens ?? []),
    ...(options.keepAliveMs === undefined ? {} : { keepAliveMs: options.keepAliveMs }),
  });

  app.use(router.routes());
  app.use(router.allowedMethods());
  return { app, sessions };
}
