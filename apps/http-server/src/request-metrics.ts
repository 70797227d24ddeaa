import type Koa from 'koa';

/** Where request metrics go: route pattern, status code, duration in seconds. */
export type RecordApiRequest = (route: string, status: number, seconds: number) => void;

/** Route name for requests that matched no route (404s, refused Host headers). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Koa middleware recording every request's route, status and duration. Mount it first, so the
 * status is the final one (after the error-mapping middleware). The route is the router's
 * matched pattern (e.g. `/mcp`), never the raw path, so label values stay bounded. For handlers
 * that write the response themselves (`ctx.respond = false`: MCP transports), the status is the
 * one written and the duration ends when the handler returns (for SSE: once the stream is open).
 * An error that escapes is recorded with its `status` (Koa's rule), else 500, and rethrown.
 */
export function requestMetrics(record: RecordApiRequest, now: () => number = () => performance.now()): Koa.Middleware {
  return async (ctx, next) => {
    const start = now();
    let thrown: unknown;
    try {
      await next();
    } catch (error) {
      thrown = error ?? new Error('undefined thrown');
      throw error;
    } finally {
      const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      const route = typeof matched === 'string' ? matched : UNMATCHED_ROUTE;
      let status = ctx.respond === false ? ctx.res.statusCode : ctx.status;
      if (thrown !== undefined) {
        const s = (thrown as { status?: unknown }).status;
        status = typeof s === 'number' && s >= 400 && s < 600 ? s : 500;
      }
      record(route, status, Math.max(0, now() - start) / 1000);
    }
  };
}
