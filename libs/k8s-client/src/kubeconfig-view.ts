import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterAccessMode } from './cluster-access.js';

/** One kubeconfig context, by name only: which cluster, which user, which namespace. */
export interface KubeconfigContextView {
  readonly name: string;
  readonly cluster: string;
  /** The user entry's name (a label, not a credential). */
  readonly user?: string;
  readonly namespace?: string;
  readonly current: boolean;
}

/** One kubeconfig cluster: its name and API server URL (any user:password part removed). */
export interface KubeconfigClusterView {
  readonly name: string;
  readonly server: string;
  /** The kubeconfig turns TLS verification off for it. */
  readonly insecureSkipTlsVerify: boolean;
}

/**
 * What a kubeconfig says about where it points, without any credential: no tokens, client
 * certificates or keys, passwords, auth-provider or exec-plugin settings (commands, arguments,
 * environment), CA data or proxy URLs.
 */
export interface KubeconfigView {
  /** How the server reaches the cluster: a kubeconfig, its pod's service account, or an explicit server and token. */
  readonly mode: ClusterAccessMode;
  readonly currentContext?: string;
  /** Namespace of the current context, when it names one. */
  readonly currentNamespace?: string;
  readonly contexts: readonly KubeconfigContextView[];
  readonly clusters: readonly KubeconfigClusterView[];
}

function safeServer(server: string): string {
  try {
    const url = new URL(server);
    // Keep scheme, host, port and path; drop user:password, query and fragment.
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return '<invalid URL>';
  }
}

/**
 * Builds a credential-free {@link KubeconfigView} of a loaded kubeconfig (for the
 * `k8s-view-config` tool). Only names, server URLs, namespaces and the TLS-verification flag are
 * copied; user entries contribute their name and nothing else. `mode` says how the config was
 * made (`resolveClusterAccess` synthesises one for in-cluster and explicit-token access).
 * Never throws.
 */
export function describeKubeconfig(kubeConfig: KubeConfig, mode: ClusterAccessMode = 'kubeconfig'): KubeconfigView {
  const current = typeof kubeConfig.currentContext === 'string' && kubeConfig.currentContext !== '' ? kubeConfig.currentContext : undefined;
  const contexts = (kubeConfig.contexts ?? []).map((c) => ({
    name: c.name,
    cluster: c.cluster,
    ...(c.user ? { user: c.user } : {}),
    ...(c.namespace ? { namespace: c.namespace } : {}),
    current: c.name === current,
  }));
  const clusters = (kubeConfig.clusters ?? []).map((c) => ({
    name: c.name,
    server: safeServer(c.server),
    insecureSkipTlsVerify: c.skipTLSVerify === true,
  }));
  const currentNamespace = contexts.find((c) => c.current)?.namespace;
  return {
    mode,
    ...(current ? { currentContext: current } : {}),
    ...(currentNamespace ? { currentNamespace } : {}),
    contexts,
    clusters,
  };
}
