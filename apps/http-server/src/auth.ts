import { createHash, timingSafeEqual } from 'node:crypto';
import type Koa from 'koa';
import { HttpError, jsonRpcError } from './http-error.js';
import type { NamedToken } from './named-tokens.js';

/**
 * Who sent a request, as the auth middleware puts it on `ctx.state.identity`: the configured
 * token's name (or fingerprint) in `token` mode, `anonymous` when no authentication is
 * configured. Never a credential. Sessions are bound to it; audit records name it.
 */
export interface CallerIdentity {
  readonly kind: 'token' | 'anonymous';
  readonly name: string;
}

/** The identity of every request on a server without authentication. */
export const ANONYMOUS: CallerIdentity = Object.freeze({ kind: 'anonymous', name: 'anonymous' });

/** Whether two identities are the same caller (a session opened by one refuses the other). */
export function sameCaller(a: CallerIdentity, b: CallerIdentity): boolean {
  return a.kind === b.kind && a.name === b.name;
}

/** The identity the auth middleware stored on `ctx`; {@link ANONYMOUS} when it did not run. */
export function callerOf(ctx: Koa.Context): CallerIdentity {
  const identity = (ctx.state as { identity?: CallerIdentity }).identity;
  return identity ?? ANONYMOUS;
}

/**
 * Maps a presented credential to an identity, or undefined when it is not accepted. One per
 * authentication mode (static tokens today).
 */
export type Authenticator = (credential: string) => CallerIdentity | undefined;

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

/** Static tokens: compared as SHA-256 digests in constant time; the identity is the token's name. */
export function tokenAuthenticator(tokens: readonly NamedToken[]): Authenticator {
  const known = tokens.map((t) => ({ digest: digest(t.token), identity: Object.freeze({ kind: 'token', name: t.name }) as CallerIdentity }));
  return (credential) => {
    const given = digest(credential);
    // Compare against every token, so timing says nothing about which one matched.
    let found: CallerIdentity | undefined;
    for (const k of known) if (timingSafeEqual(k.digest, given)) found = k.identity;
    return found;
  };
}

/**
 * Koa middleware reading `Authorization: Bearer <token>` (scheme case-insensitive) or
 * `X-API-Key: <token>` and storing the caller on `ctx.state.identity`. Without an authenticator
 * (no tokens configured) every request is {@link ANONYMOUS}. A missing or refused credential is a
 * 401 with `WWW-Authenticate: Bearer` and no OAuth metadata (this server cannot honour OAuth).
 */
export function createAuthMiddleware(authenticate: Authenticator | undefined): Koa.Middleware {
  return async (ctx, next) => {
    if (!authenticate) {
      ctx.state['identity'] = ANONYMOUS;
      return next();
    }
    const bearer = /^bearer\s+(\S+)\s*$/i.exec(ctx.get('authorization'))?.[1];
    const presented = bearer ?? (ctx.get('x-api-key') || undefined);
    const identity = presented ? authenticate(presented) : undefined;
    if (!identity) {
      throw new HttpError(401, jsonRpcError(-32001, 'Unauthorized: send Authorization: Bearer <token> or X-API-Key: <token>'), {
        'WWW-Authenticate': 'Bearer realm="k8s-mcp"',
      });
    }
    ctx.state['identity'] = identity;
    return next();
  };
}
