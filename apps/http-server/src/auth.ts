import { createHash, timingSafeEqual } from 'node:crypto';
import type Koa from 'koa';
import { HttpError, jsonRpcError } from './http-error.js';

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * Koa middleware accepting `Authorization: Bearer <token>` (scheme case-insensitive) or
 * `X-API-Key: <token>` when `tokens` is non-empty; with no tokens it lets everything through.
 * Tokens are compared as SHA-256 digests in constant time. A refusal is a 401 with a
 * `WWW-Authenticate: Bearer` header and no OAuth metadata (this server cannot honour OAuth).
 */
export function createAuthMiddleware(tokens: readonly string[]): Koa.Middleware {
  const digests = tokens.map(digest);
  return async (ctx, next) => {
    if (digests.length > 0) {
      const bearer = /^bearer\s+(\S+)\s*$/i.exec(ctx.get('authorization'))?.[1];
      const presented = bearer ?? (ctx.get('x-api-key') || undefined);
      const given = presented ? digest(presented) : undefined;
      if (!given || !digests.some((d) => timingSafeEqual(d, given))) {
        throw new HttpError(
          401,
          jsonRpcError(-32001, 'Unauthorized: send Authorization: Bearer <token> or X-API-Key: <token>'),
          { 'WWW-Authenticate': 'Bearer realm="k8s-mcp"' },
        );
      }
    }
    await next();
  };
}
