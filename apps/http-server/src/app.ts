import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Router from '@koa/router';
import type { MetricsRegistry } from '@k8s-mcp/metrics';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import Koa from 'koa';

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  /** Makes a fresh MCP server; called once per POST /mcp (stateless mode: one server per transport). */
  readonly createMcpServer: () => McpServer;
  /** Metrics served on GET /metrics; the route is absent when omitted. */
  readonly metrics?: MetricsRegistry;
  /** Bearer tokens accepted on /mcp (K8S_MCP_AUTH_TOKENS); empty means no authentication. */
  readonly authTokens?: readonly string[];
  /** Host header values accepted (K8S_MCP_ALLOWED_HOSTS), with or without port; empty means any. /health is exempt. */
  readonly allowedHosts?: readonly string[];
  /** Largest accepted request body, in bytes. Default 4 MiB. */
  readonly maxBodyBytes?: number;
}

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

function jsonRpcError(code: number, message: string): object {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: object,
  ) {
    super(`HTTP ${status}`);
  }
}

async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, jsonRpcError(-32600, `Request body larger than ${limit} bytes`));
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, jsonRpcError(-32700, 'Parse error: the body is not valid JSON'));
  }
}

/**
 * The k8s-mcp HTTP app (Koa): `GET /health` -> `{"status":"ok"}`, `GET /metrics` (Prometheus
 * text) when metrics are given, and MCP Streamable HTTP in stateless mode on `POST /mcp` (GET and
 * DELETE answer 405). Listening is left to the caller (`app.listen`).
 */
export function createHttpApp(options: HttpAppOptions): Koa {
  const app = new Koa();
  const router = new Router();
  const tokens = (options.authTokens ?? []).map(digest);
  const allowedHosts = new Set((options.allowedHosts ?? []).map((h) => h.toLowerCase()));
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;

  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      ctx.status = error.status;
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

  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });

  const metrics = options.metrics;
  if (metrics) {
    router.get('/metrics', async (ctx) => {
      ctx.type = metrics.registry.contentType;
      ctx.body = await metrics.registry.metrics();
    });
  }

  router.post('/mcp', async (ctx) => {
    if (tokens.length > 0) {
      const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
      const given = match ? digest(match[1] as string) : undefined;
      if (!given || !tokens.some((t) => timingSafeEqual(t, given))) {
        ctx.set('WWW-Authenticate', 'Bearer realm="k8s-mcp"');
        throw new HttpError(401, jsonRpcError(-32001, 'Unauthorized: send Authorization: Bearer <token>'));
      }
    }
    const body = await readJsonBody(ctx.req, maxBodyBytes);
    const server = options.createMcpServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    ctx.res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    ctx.respond = false; // the transport writes the response itself
    await transport.handleRequest(ctx.req, ctx.res, body);
  });

  router.all('/mcp', (ctx) => {
    ctx.status = 405;
    ctx.set('Allow', 'POST');
    ctx.body = jsonRpcError(-32000, 'Method not allowed: this server is stateless; use POST /mcp');
  });

  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
