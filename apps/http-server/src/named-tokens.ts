import { createHash } from 'node:crypto';

/** A static token and the name audit records and logs use for it (never the token itself). */
export interface NamedToken {
  /** The configured name, or the token's {@link tokenFingerprint} when none was given. */
  readonly name: string;
  readonly token: string;
}

/** A token list that cannot be used: a name or a token given twice with different partners. */
export class AuthTokenError extends Error {
  readonly code = 'AUTH_TOKENS_INVALID' as const;
  constructor(message: string) {
    super(message);
    this.name = 'AuthTokenError';
  }
}

/** Names: a letter or digit, then letters, digits, `.`, `_`, `-`, `@`; at most 64 characters. */
const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/**
 * `sha256:` and the first 12 hex digits of the token's SHA-256 digest: names a token that was
 * given no name, in audit records and logs, without revealing it.
 */
export function tokenFingerprint(token: string): string {
  return `sha256:${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
}

/**
 * Reads K8S_MCP_AUTH_TOKENS entries (and the token file's): `name=token`, or a bare token named
 * by its {@link tokenFingerprint}. An entry is a pair only when the part before the first `=` is
 * a valid name and the rest holds more than `=` signs, so base64 tokens ending in `=` padding
 * stay bare tokens; a token with `=` inside must be given a name (`ci=abc=def`). Identical entries
 * are merged.
 *
 * @throws AuthTokenError when one name is given two tokens or one token two names (which name
 *   would the audit log say?); the message names the name or the fingerprint, never a token.
 */
export function parseAuthTokens(entries: readonly string[]): NamedToken[] {
  const byName = new Map<string, string>();
  const byToken = new Map<string, string>();
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const name = eq > 0 ? entry.slice(0, eq) : '';
    const rest = eq > 0 ? entry.slice(eq + 1) : '';
    const paired = TOKEN_NAME.test(name) && /[^=]/.test(rest);
    const token = paired ? rest : entry;
    const label = paired ? name : tokenFingerprint(entry);
    const known = byName.get(label);
    if (known !== undefined && known !== token) {
      throw new AuthTokenError(`the auth token name "${label}" is given to two different tokens; give each token its own name`);
    }
    const named = byToken.get(token);
    if (named !== undefined && named !== label) {
      throw new AuthTokenError(`one auth token (${tokenFingerprint(token)}) is listed under two names, "${named}" and "${label}"; keep one`);
    }
    byName.set(label, token);
    byToken.set(token, label);
  }
  return [...byName].map(([name, token]) => ({ name, token }));
}
