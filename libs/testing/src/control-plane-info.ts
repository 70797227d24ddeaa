/**
 * Where the test control plane lives and how to reach it as each test user. Produced by
 * `tools/control-plane/cp.sh env` and handed to tests by the vitest global setup.
 */
export interface ControlPlaneInfo {
  /** State directory (certs, kubeconfigs, logs). */
  readonly dir: string;
  /** API server URL, e.g. `https://127.0.0.1:26443`. */
  readonly server: string;
  /** CA bundle that signed the API server's serving certificate. */
  readonly caFile: string;
  /** Kubeconfig of `admin` (group system:masters). */
  readonly adminKubeconfig: string;
  /** Kubeconfig of `restricted`: `edit` in {@link ControlPlaneInfo.restrictedNamespace} only. */
  readonly restrictedKubeconfig: string;
  /** Kubeconfig of `nobody`: authenticated, no RBAC rights. */
  readonly nobodyKubeconfig: string;
  /** The one namespace `restricted` may use. */
  readonly restrictedNamespace: string;
  /** etcd client URL (plain HTTP on loopback), e.g. for compaction in 410 tests. */
  readonly etcdUrl: string;
  /** kubectl built at the control plane's version. */
  readonly kubectl: string;
  /** Kubernetes version of the control plane, e.g. `v1.36.3`. */
  readonly version: string;
}

const KEYS = {
  CP_DIR: 'dir',
  CP_SERVER: 'server',
  CP_CA_FILE: 'caFile',
  CP_KUBECONFIG: 'adminKubeconfig',
  CP_RESTRICTED_KUBECONFIG: 'restrictedKubeconfig',
  CP_NOBODY_KUBECONFIG: 'nobodyKubeconfig',
  CP_RESTRICTED_NAMESPACE: 'restrictedNamespace',
  CP_ETCD_URL: 'etcdUrl',
  CP_KUBECTL: 'kubectl',
  CP_K8S_VERSION: 'version',
} as const satisfies Record<string, keyof ControlPlaneInfo>;

/**
 * Parses the `KEY=value` lines printed by `cp.sh env`.
 *
 * @throws Error prefixed `parseControlPlaneEnv:` naming every missing key, so a stale or
 *   truncated env file fails loudly instead of yielding `undefined` paths.
 */
export function parseControlPlaneEnv(text: string): ControlPlaneInfo {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const missing = Object.keys(KEYS).filter((k) => !values.get(k));
  if (missing.length > 0) {
    throw new Error(
      `parseControlPlaneEnv: missing ${missing.join(', ')}; restart the control plane with tools/control-plane/cp.sh start`,
    );
  }
  const info: Record<string, string> = {};
  for (const [key, field] of Object.entries(KEYS)) info[field] = values.get(key) as string;
  return info as unknown as ControlPlaneInfo;
}
