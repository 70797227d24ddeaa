import { isLoopbackHost } from './bind-check.js';

/** Host names (without port) a loopback-bound server accepts when no allowlist is set. */
const LOOPBACK_NAME = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Which `Host` headers the server answers (DNS-rebinding protection):
 * - with `allowedHosts` (K8S_MCP_ALLOWED_HOSTS) set: exactly those, each with or without a port;
 * - else, bound to loopback (`listenHost` localhost, 127.x, ::1): only loopback names
 *   (`localhost`, `127.x.y.z`, `[::1]`, any port). That is where rebinding bites: a page on
 *   `evil.example` re-pointed at 127.0.0.1 sends `Host: evil.example`;
 * - else (bound beyond loopback, where a token is required): any host, because clients reach the
 *   server under names the operator cannot list in advance (Dify sends `host.docker.internal`,
 *   a LAN IP, a node IP, a domain).
 *
 * A missing Host header is accepted only when any host is.
 */
export function createHostCheck(allowedHosts: readonly string[], listenHost: string): (host: string) => boolean {
  const allowed = new Set(allowedHosts.map((h) => h.toLowerCase()));
  const loopbackOnly = allowed.size === 0 && isLoopbackHost(listenHost);
  if (allowed.size === 0 && !loopbackOnly) return () => true;
  return (header) => {
    const host = header.toLowerCase();
    const bare = host.replace(/:\d+$/, '');
    if (loopbackOnly) return LOOPBACK_NAME.test(bare);
    return allowed.has(host) || allowed.has(bare);
  };
}
