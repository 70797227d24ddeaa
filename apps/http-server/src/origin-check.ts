const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Whether a browser `Origin` may call the MCP routes: loopback origins, and origins whose host is
 * in K8S_MCP_ALLOWED_HOSTS. Requests without an Origin (Dify, SDK clients, curl) never reach this
 * check, so only web pages are restricted: that is what stops DNS-rebinding attacks on a
 * server bound to localhost.
 */
export function isAllowedOrigin(origin: string, allowedHosts: ReadonlySet<string>): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const hostname = url.hostname.toLowerCase();
  return LOOPBACK_HOST.test(hostname) || allowedHosts.has(url.host.toLowerCase()) || allowedHosts.has(hostname);
}
