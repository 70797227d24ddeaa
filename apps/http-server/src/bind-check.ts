const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]', 'ip6-localhost']);

/** Whether `host` only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Why the server must not start, or `undefined`: binding beyond loopback without any token would
 * hand the cluster to anyone who can reach the port.
 */
export function insecureBindReason(host: string, tokens: readonly string[], allowInsecureBind: boolean): string | undefined {
  if (isLoopbackHost(host) || tokens.length > 0 || allowInsecureBind) return undefined;
  return (
    `refusing to listen on ${host} without authentication: anyone who reaches this port could use the cluster. ` +
    'Set K8S_MCP_AUTH_TOKENS (or K8S_MCP_AUTH_TOKENS_FILE), bind to localhost, or set K8S_MCP_ALLOW_INSECURE_BIND=true if a proxy in front authenticates.'
  );
}

/** Tokens from K8S_MCP_AUTH_TOKENS_FILE: one per line or comma-separated; `#` starts a comment line. */
export function parseTokenFile(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((t) => t.trim())
    .filter(Boolean);
}
