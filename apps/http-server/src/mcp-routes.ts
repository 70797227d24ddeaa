import { randomUUID } from 'node:crypto';
import type Router from '@koa/router';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type Koa from 'koa';
import { HttpError, jsonRpcError, readJsonBody } from './http-error.js';
import { RelativeSseServerTransport } from './sse-transport.js';

/** The HTTP transports, as named in audit records. */
export type McpTransportName = 'sse' | 'streamable-http';

/** Options of {@link registerMcpRoutes}. */
export interface McpRoutesOptions {
  /** Makes a fresh MCP server: one per session or, in stateless mode, per request. */
  readonly createMcpServer: (transport: McpTransportName) => McpServer;
  /** Stateless Streamable HTTP: no session ids, GET and DELETE answer 405. Default false. */
  readonly stateless?: boolean;
  /** Largest accepted request body, in bytes. */
  readonly maxBodyBytes: number;
  /** SSE keep-alive interval. Default 15 000 ms. */
  readonly keepAliveMs?: number;
  /** Streamable sessions idle longer than this are closed. Default 30 min. */
  readonly sessionIdleMs?: number;
  /** Runs before every MCP route (authentication). */
  readonly guard: Koa.Middleware;
}

/** Open MCP sessions, for graceful shutdown and the banner. */
export interface McpSessions {
  /** Number of open SSE and Streamable HTTP sessions. */
  count(): number;
  /** Closes every session (SSE streams end, Streamable sessions are terminated). */
  closeAll(): Promise<void>;
}

interface Session {
  readonly server: McpServer;
  readonly close: () => Promise<void>;
  lastSeen: number;
}

/**
 * Registers the MCP endpoints on `router`:
 * - legacy SSE: `GET /sse` opens a stream whose `endpoint` event names `messages?sessionId=…`
 *   (relative), `POST /messages` (and `/sse/messages`) delivers a message and answers 202;
 * - Streamable HTTP at `/mcp`: stateful by default (session ids, 404 for an unknown session,
 *   DELETE ends one), or stateless where GET and DELETE get an immediate 405.
 */
export function registerMcpRoutes(router: Router, options: McpRoutesOptions): McpSessions {
  const sse = new Map<string, { transport: RelativeSseServerTransport } & Session>();
  const streamable = new Map<string, { transport: StreamableHTTPServerTransport } & Session>();
  const idleMs = options.sessionIdleMs ?? 30 * 60_000;

  const sweep = setInterval(() => {
    const cutoff = Date.now() - idleMs;
    for (const [id, s] of streamable) if (s.lastSeen < cutoff) void s.close().finally(() => streamable.delete(id));
  }, Math.min(idleMs, 60_000));
  sweep.unref();

  router.get('/sse', options.guard, async (ctx) => {
    const server = options.createMcpServer('sse');
    const transport = new RelativeSseServerTransport(ctx.res, { keepAliveMs: options.keepAliveMs ?? 15_000 });
    const session = { transport, server, lastSeen: Date.now(), close: () => transport.close() };
    sse.set(transport.sessionId, session);
    transport.onclose = () => {
      sse.delete(transport.sessionId);
      void server.close();
    };
    ctx.respond = false; // the transport owns the response stream
    await server.connect(transport);
  });

  const postMessage: Koa.Middleware = async (ctx) => {
    const id = typeof ctx.query['sessionId'] === 'string' ? ctx.query['sessionId'] : '';
    const session = sse.get(id);
    if (!session) {
      throw new HttpError(404, jsonRpcError(-32001, `Unknown SSE session "${id}": open GET /sse first and POST to its endpoint`));
    }
    const body = await readJsonBody(ctx.req, options.maxBodyBytes);
    try {
      session.transport.handlePost(body, ctx.req.headers);
    } catch (error) {
      throw new HttpError(400, jsonRpcError(-32600, (error as Error).message));
    }
    ctx.status = 202;
    ctx.body = 'Accepted';
  };
  router.post('/messages', options.guard, postMessage);
  router.post('/sse/messages', options.guard, postMessage);

  if (options.stateless) {
    router.post('/mcp', options.guard, async (ctx) => {
      const body = await readJsonBody(ctx.req, options.maxBodyBytes);
      const server = options.createMcpServer('streamable-http');
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      ctx.res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      ctx.respond = false;
      await transport.handleRequest(ctx.req, ctx.res, body);
    });
    router.all('/mcp', (ctx) => {
      ctx.status = 405;
      ctx.set('Allow', 'POST');
      ctx.body = jsonRpcError(-32000, 'Method not allowed: this server runs stateless Streamable HTTP; use POST /mcp');
    });
  } else {
    router.all('/mcp', options.guard, async (ctx) => {
      const method = ctx.method;
      if (method !== 'POST' && method !== 'GET' && method !== 'DELETE') {
        ctx.status = 405;
        ctx.set('Allow', 'GET, POST, DELETE');
        return;
      }
      const body = method === 'POST' ? await readJsonBody(ctx.req, options.maxBodyBytes) : undefined;
      const id = ctx.get('mcp-session-id');
      let session = id ? streamable.get(id) : undefined;
      if (id && !session) {
        throw new HttpError(404, jsonRpcError(-32001, `Session "${id}" not found: it ended or expired; initialize a new session`));
      }
      if (!session) {
        if (method !== 'POST' || !isInitializeRequest(body)) {
          throw new HttpError(400, jsonRpcError(-32000, 'Bad request: no Mcp-Session-Id header; start with an initialize request'));
        }
        const server = options.createMcpServer('streamable-http');
        const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (sid) => {
            streamable.set(sid, created);
          },
        });
        const created = { transport, server, lastSeen: Date.now(), close: () => transport.close() };
        transport.onclose = () => {
          if (transport.sessionId) streamable.delete(transport.sessionId);
          void server.close();
        };
        await server.connect(transport);
        session = created;
      }
      session.lastSeen = Date.now();
      ctx.respond = false;
      await session.transport.handleRequest(ctx.req, ctx.res, body);
    });
  }

  return {
    count: () => sse.size + streamable.size,
    async closeAll() {
      clearInterval(sweep);
      const all = [...sse.values(), ...streamable.values()];
      await Promise.allSettled(all.map((s) => s.close()));
      sse.clear();
      streamable.clear();
    },
  };
}
