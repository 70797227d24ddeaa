import Router from '@koa/router';
import type { Monitoring } from '@k8s-mcp/metrics';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import Koa from 'koa';
import { createAuthMiddleware, tokenAuthenticator } from './auth.js';
import { createHostCheck } from './host-check.js';
import { HttpError } from './http-error.js';
import { describeRefusal, type McpCallInfo, type McpRefusal, type McpSessions, registerMcpRoutes } from './mcp-routes.js';
import { mountMonitoring } from './monitoring-routes.js';
import { parseAuthTokens } from './named-tokens.js';
import { isAllowedOrigin } from './origin-check.js';

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  /** Makes a fresh MCP server for one session (or one request in stateless mode): transport, caller name, session id. */
  readonly createMcpServer: (call: McpCallInfo) => McpServer;
  /** Monitoring endpoints (`/metrics` as JSON, `/metrics/prometheus`, ...) and request metrics. */
  readonly monitoring?: Monitoring;
  /** Extra fields of the `/health` answer (mode, cluster, sync); may replace `status` (`starting` during the initial sync). */
  readonly health?: () => Record<string, unknown>;
  /**
   * Tokens accepted (K8S_MCP_AUTH_TOKENS entries: `name=token` or a bare token, see
   * `parseAuthTokens`); empty means no authentication, every caller `anonymous`.
   */
  readonly authTokens?: readonly string[];
  /** With tokens: serve the monitoring endpoints without one (K8S_MCP_MONITORING_PUBLIC). Default false. */
  readonly monitoringPublic?: boolean;
  /** Host header values accepted (K8S_MCP_ALLOWED_HOSTS), with or without port. /health is exempt. */
  readonly allowedHosts?: readonly string[];
  /**
   * The address the server listens on (K8S_MCP_HOST). With no `allowedHosts`, a loopback address
   * accepts only loopback Host names and any other accepts every Host. Default `localhost`.
   */
  readonly listenHost?: string;
  /** Open MCP sessions beyond which a new one gets 503 (K8S_MCP_MAX_SESSIONS). Default 100. */
  readonly maxSessions?: number;
  /** Idle Streamable HTTP sessions are closed after this (K8S_MCP_SESSION_IDLE_TIMEOUT). Default 5 min. */
  readonly sessionIdleMs?: number;
  /** Refused requests (another caller's session, the session cap); default: a warning on stderr. */
  readonly onRefused?: (refusal: McpRefusal) => void;
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
 * The k8s-mcp HTTP app (Koa): `GET /health` (never behind auth or the Host check), the
 * monitoring endpoints when monitoring is given, and MCP over legacy SSE (`/sse`, `/messages`)
 * and Streamable HTTP (`/mcp`). With tokens, MCP and (unless `monitoringPublic`) monitoring need
 * a bearer or `X-API-Key` token; every session is bound to the caller that opened it. Listening
 * is left to the caller.
 *
 * @throws AuthTokenError when `authTokens` gives one name two tokens or one token two names
 */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const app = new Koa();
  const router = new Router();
  const tokens = parseAuthTokens(options.authTokens ?? []);
  const guard = createAuthMiddleware(tokens.length > 0 ? tokenAuthenticator(tokens) : undefined);
  if (options.monitoring) mountMonitoring(app, router, options.monitoring, options.monitoringPublic ? undefined : guard);
  const allowedHosts = new Set((options.allowedHosts ?? []).map((h) => h.toLowerCase()));
  const hostAllowed = createHostCheck(options.allowedHosts ?? [], options.listenHost ?? 'localhost');

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

  // DNS-rebinding protection (see createHostCheck); probes hit /health by pod IP, so it is exempt.
  app.use(async (ctx, next) => {
    const host = ctx.get('host');
    if (ctx.path !== '/health' && !hostAllowed(host)) {
      throw new HttpError(403, { error: `Host "${host.toLowerCase()}" is not allowed; add it to K8S_MCP_ALLOWED_HOSTS` });
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
    guard,
    onRefused: options.onRefused ?? ((r) => void process.stderr.write(`[warn] ${describeRefusal(r)}\n`)),
    ...(options.keepAliveMs === undefined ? {} : { keepAliveMs: options.keepAliveMs }),
    ...(options.maxSessions === undefined ? {} : { maxSessions: options.maxSessions }),
    ...(options.sessionIdleMs === undefined ? {} : { sessionIdleMs: options.sessionIdleMs }),
  });

  app.use(router.routes());
  app.use(router.allowedMethods());
  return { app, sessions };
}
