import { randomUUID } from 'node:crypto';
import type { AuditRecord } from '@k8s-mcp/mcp-server';
import type Router from '@koa/router';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type Koa from 'koa';
import { type CallerIdentity, callerOf, sameCaller } from './auth.js';
import { HttpError, jsonRpcError, readJsonBody } from './http-error.js';
import { RelativeSseServerTransport } from './sse-transport.js';

/** The HTTP transports, as named in audit records. */
export type McpTransportName = 'sse' | 'streamable-http';

/** Who an MCP server is made for: the transport, the caller's name and the session (for audit records). */
export interface McpCallInfo {
  readonly transport: McpTransportName;
  /** The caller identity's name: a token name, a token fingerprint, or `anonymous`. */
  readonly caller: string;
  /** Absent in stateless mode. */
  readonly session?: string;
}

/** A request the MCP routes refused for a security or capacity reason (for logs and audit). */
export interface McpRefusal {
  /** `credential-mismatch`: a session opened by another caller (403); `session-cap`: too many sessions (503). */
  readonly reason: 'credential-mismatch' | 'session-cap';
  readonly transport: McpTransportName;
  /** The session the request named (credential-mismatch). */
  readonly session?: string;
  /** Name of the caller refused. */
  readonly caller: string;
  /** Name of the caller that opened the session (credential-mismatch). */
  readonly owner?: string;
}

/**
 * The audit record of a refusal (method `session`, outcome `denied`): who was refused, on which
 * transport and session, and why (`SESSION_FORBIDDEN` for another caller's session, `SESSION_CAP`).
 */
export function refusalRecord(r: McpRefusal, now: number): AuditRecord {
  return {
    time: new Date(now).toISOString(),
    caller: r.caller,
    transport: r.transport,
    ...(r.session ? { session: r.session } : {}),
    method: 'session',
    tool: r.reason,
    args: r.owner ? { owner: r.owner } : {},
    outcome: 'denied',
    durationMs: 0,
    error: r.reason === 'credential-mismatch' ? 'SESSION_FORBIDDEN' : 'SESSION_CAP',
  };
}

/** One log line for a refusal: names and ids only, never a credential. */
export function describeRefusal(r: McpRefusal): string {
  if (r.reason === 'session-cap') return `refused a new ${r.transport} session for "${r.caller}": the session cap is reached`;
  return `refused a request from "${r.caller}" on ${r.transport} session ${r.session ?? '?'}, opened by "${r.owner ?? '?'}" (403)`;
}

/** Options of {@link registerMcpRoutes}. */
export interface McpRoutesOptions {
  /** Makes a fresh MCP server: one per session or, in stateless mode, per request. */
  readonly createMcpServer: (call: McpCallInfo) => McpServer;
  /** Stateless Streamable HTTP: no session ids, GET and DELETE answer 405. Default false. */
  readonly stateless?: boolean;
  /** Largest accepted request body, in bytes. */
  readonly maxBodyBytes: number;
  /** SSE keep-alive interval. Default 15 000 ms. */
  readonly keepAliveMs?: number;
  /** Streamable sessions with no request for this long (and no open stream) are closed. Default 5 min. */
  readonly sessionIdleMs?: number;
  /** Open sessions (SSE and Streamable together) beyond which a new one gets 503. Default 100. */
  readonly maxSessions?: number;
  /** Runs before every MCP route (authentication; it sets `ctx.state.identity`). */
  readonly guard: Koa.Middleware;
  /** Told of every refused request; never given a credential. */
  readonly onRefused?: (refusal: McpRefusal) => void;
  readonly now?: () => number;
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
  readonly owner: CallerIdentity;
  readonly close: () => Promise<void>;
  lastSeen: number;
  /** Requests (or streams) still open on the session: it is not idle while one is. */
  open: number;
}

/** JSON-RPC 2.0: an empty batch is an invalid request, answered with one error, not with nothing. */
function rejectEmptyBatch(body: unknown): void {
  if (Array.isArray(body) && body.length === 0) {
    throw new HttpError(400, jsonRpcError(-32600, 'Invalid Request: an empty JSON-RPC batch'));
  }
}

/**
 * Registers the MCP endpoints on `router`:
 * - legacy SSE: `GET /sse` opens a stream whose `endpoint` event names `messages?sessionId=…`
 *   (relative), `POST /messages` (and `/sse/messages`) delivers a message and answers 202; the
 *   session ends when the stream closes;
 * - Streamable HTTP at `/mcp`: stateful by default (session ids, 404 for an unknown session,
 *   DELETE ends one, idle sessions expire), or stateless where GET and DELETE get an immediate 405.
 *
 * A session is bound to the caller that opened it: a request on it from another caller is 403.
 * Past `maxSessions`, a new session gets 503 with `Retry-After`. An empty batch (`[]`) is 400.
 */
export function registerMcpRoutes(router: Router, options: McpRoutesOptions): McpSessions {
  const sse = new Map<string, { transport: RelativeSseServerTransport } & Session>();
  const streamable = new Map<string, { transport: StreamableHTTPServerTransport } & Session>();
  const now = options.now ?? Date.now;
  const idleMs = options.sessionIdleMs ?? 5 * 60_000;
  const maxSessions = options.maxSessions ?? 100;
  let initializing = 0;

  const sweep = setInterval(
    () => {
      const cutoff = now() - idleMs;
      for (const [id, s] of streamable) if (s.open === 0 && s.lastSeen < cutoff) void s.close().finally(() => streamable.delete(id));
    },
    Math.max(100, Math.min(idleMs / 5, 60_000)),
  );
  sweep.unref();

  /** Counts a request as open on `session` until its response closes. */
  const track = (session: Session, ctx: Koa.Context): void => {
    session.lastSeen = now();
    session.open++;
    ctx.res.once('close', () => {
      session.open--;
      session.lastSeen = now();
    });
  };

  const refuseOverCap = (transport: McpTransportName, ctx: Koa.Context): void => {
    if (sse.size + streamable.size + initializing < maxSessions) return;
    options.onRefused?.({ reason: 'session-cap', transport, caller: callerOf(ctx).name });
    const retryAfter = String(Math.max(1, Math.ceil(Math.min(idleMs, 60_000) / 1000)));
    throw new HttpError(503, jsonRpcError(-32000, `Too many open MCP sessions (${maxSessions}); retry later, or end unused sessions (DELETE /mcp)`), {
      'Retry-After': retryAfter,
    });
  };

  const refuseOtherCaller = (session: Session, id: string, transport: McpTransportName, ctx: Koa.Context): void => {
    const caller = callerOf(ctx);
    if (sameCaller(session.owner, caller)) return;
    options.onRefused?.({ reason: 'credential-mismatch', transport, session: id, caller: caller.name, owner: session.owner.name });
    throw new HttpError(403, jsonRpcError(-32001, `Forbidden: session "${id}" was opened with another credential; use that credential, or initialize a new session`));
  };

  router.get('/sse', options.guard, async (ctx) => {
    refuseOverCap('sse', ctx);
    const owner = callerOf(ctx);
    const transport = new RelativeSseServerTransport(ctx.res, { keepAliveMs: options.keepAliveMs ?? 15_000 });
    const server = options.createMcpServer({ transport: 'sse', caller: owner.name, session: transport.sessionId });
    const session = { transport, server, owner, lastSeen: now(), open: 1, close: () => transport.close() };
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
    refuseOtherCaller(session, id, 'sse', ctx);
    const body = await readJsonBody(ctx.req, options.maxBodyBytes);
    rejectEmptyBatch(body);
    try {
      session.transport.handlePost(body, ctx.req.headers);
    } catch (error) {
      throw new HttpError(400, jsonRpcError(-32600, (error as Error).message));
    }
    session.lastSeen = now();
    ctx.status = 202;
    ctx.body = 'Accepted';
  };
  router.post('/messages', options.guard, postMessage);
  router.post('/sse/messages', options.guard, postMessage);

  if (options.stateless) {
    router.post('/mcp', options.guard, async (ctx) => {
      const body = await readJsonBody(ctx.req, options.maxBodyBytes);
      rejectEmptyBatch(body);
      const server = options.createMcpServer({ transport: 'streamable-http', caller: callerOf(ctx).name });
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
      const id = ctx.get('mcp-session-id');
      const existing = id ? streamable.get(id) : undefined;
      if (id && !existing) {
        throw new HttpError(404, jsonRpcError(-32001, `Session "${id}" not found: it ended or expired; initialize a new session`));
      }
      if (existing) refuseOtherCaller(existing, id, 'streamable-http', ctx);
      const body = method === 'POST' ? await readJsonBody(ctx.req, options.maxBodyBytes) : undefined;
      rejectEmptyBatch(body);
      if (existing) {
        track(existing, ctx);
        ctx.respond = false;
        await existing.transport.handleRequest(ctx.req, ctx.res, body);
        return;
      }
      if (method !== 'POST' || !isInitializeRequest(body)) {
        throw new HttpError(400, jsonRpcError(-32000, 'Bad request: no Mcp-Session-Id header; start with an initialize request'));
      }
      refuseOverCap('streamable-http', ctx);
      const owner = callerOf(ctx);
      const sid = randomUUID();
      const server = options.createMcpServer({ transport: 'streamable-http', caller: owner.name, session: sid });
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => sid,
        onsessioninitialized: () => void streamable.set(sid, created),
      });
      const created = { transport, server, owner, lastSeen: now(), open: 0, close: () => transport.close() };
      transport.onclose = () => {
        streamable.delete(sid);
        void server.close();
      };
      await server.connect(transport);
      track(created, ctx);
      ctx.respond = false;
      // Counted against the cap until the transport registers it (or refuses the request).
      initializing++;
      try {
        await transport.handleRequest(ctx.req, ctx.res, body);
      } finally {
        initializing--;
      }
      if (!streamable.has(sid)) void server.close(); // the transport refused the initialize (e.g. Accept)
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
