import type https from 'node:https';
import type { KubeConfig, User } from '@kubernetes/client-node';

/** client-node's authenticator plug-in type (not exported by name). */
type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];

// Not client-node's own `tokenFile` provider: that one keeps the file's trailing newline (an
// invalid header) and reads through node:fs, which tests cannot inject.
const PROVIDER = 'k8s-mcp-token-file';
const REREAD_MS = 60_000;

/** A kubeconfig user whose bearer token is read from `path` by {@link createTokenFileAuthenticator}. */
export function tokenFileUser(name: string, path: string): User {
  return { name, authProvider: { name: PROVIDER, config: { path } } };
}

/**
 * Authenticator for {@link tokenFileUser} users: reads the token (trimmed) on first use and again
 * once a minute, so rotated service-account tokens are picked up as client-go does.
 */
export function createTokenFileAuthenticator(read: (path: string) => string, now: () => number): Authenticator {
  let cached: { path: string; token: string; at: number } | undefined;
  return {
    isAuthProvider: (user: User) => (user.authProvider as { name?: unknown } | undefined)?.name === PROVIDER,
    async applyAuthentication(user: User, opts: https.RequestOptions) {
      const path = String((user.authProvider as { config: { path: string } }).config.path);
      if (!cached || cached.path !== path || now() - cached.at > REREAD_MS) {
        cached = { path, token: read(path).trim(), at: now() };
      }
      opts.headers = { ...opts.headers, Authorization: `Bearer ${cached.token}` };
    },
  };
}
