import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { isIPv6 } from 'node:net';
import { KubeConfig, type Cluster as KubeCluster, type Context as KubeContext, type User as KubeUser } from '@kubernetes/client-node';
import { K8sClientError } from './k8s-client-error.js';
import { createKubeTransport, type KubeTransport } from './kube-transport.js';
import { createTokenFileAuthenticator, tokenFileUser } from './token-file-auth.js';

/** Where the in-cluster service-account files live and how to reach the API from a pod. */
export interface InClusterOptions {
  /** Default `/var/run/secrets/kubernetes.io/serviceaccount/token`. */
  readonly tokenPath?: string;
  /** Default `/var/run/secrets/kubernetes.io/serviceaccount/ca.crt`. */
  readonly caPath?: string;
  /** Default `/var/run/secrets/kubernetes.io/serviceaccount/namespace`. */
  readonly namespacePath?: string;
  /** KUBERNETES_SERVICE_HOST, read by the app. */
  readonly host?: string;
  /** KUBERNETES_SERVICE_PORT, read by the app. */
  readonly port?: string | number;
}

/** Input of {@link resolveClusterAccess}. Everything is injected; nothing is read from the environment. */
export interface ClusterAccessOptions {
  /** Kubeconfig files (KUBECONFIG_PATH / KUBECONFIG split on ":"); missing files are skipped. */
  readonly kubeconfigPaths?: readonly string[];
  /** Kubeconfig context to use instead of current-context (K8S_CONTEXT). */
  readonly context?: string;
  /** Explicit API server URL (K8S_API_SERVER); needs `token` or `tokenFile`. */
  readonly server?: string;
  /** Bearer token for `server` (K8S_API_TOKEN). */
  readonly token?: string;
  /** File holding the bearer token for `server` (K8S_API_TOKEN_FILE); re-read every minute. */
  readonly tokenFile?: string;
  /** CA bundle for `server`. */
  readonly caFile?: string;
  /** Skip TLS verification for `server` (unsafe; for local tests only). */
  readonly insecureSkipTlsVerify?: boolean;
  /** In-cluster access; the standard service-account paths by default. */
  readonly inCluster?: InClusterOptions;
  /** Namespace when neither the context nor the in-cluster namespace file names one. Default `default`. */
  readonly defaultNamespace?: string;
  /** Injectable file access (default: node:fs). */
  readonly fileExists?: (path: string) => boolean;
  readonly readFile?: (path: string) => string;
  /** Clock for re-reading token files. Default `Date.now`. */
  readonly now?: () => number;
}

/** How {@link resolveClusterAccess} reached the cluster. */
export type ClusterAccessMode = 'kubeconfig' | 'in-cluster' | 'token';

/** A resolved way to talk to one cluster. */
export interface ClusterAccess {
  /** The loaded configuration, current context set. */
  readonly kubeConfig: KubeConfig;
  /** HTTP transport built from {@link ClusterAccess.kubeConfig}. */
  readonly transport: KubeTransport;
  readonly mode: ClusterAccessMode;
  /** The kubeconfig context in use (kubeconfig mode only). */
  readonly context?: string;
  /** API server URL. */
  readonly server: string;
  /** Default namespace for calls that name none. */
  readonly namespace: string;
  /** One line for logs and `k8s-mcp config`: mode, files, context, server, namespace. Never credentials. */
  describe(): string;
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

const NO_CLUSTER_HINT =
  'no cluster configured: set KUBECONFIG_PATH / KUBECONFIG, or K8S_API_SERVER and K8S_API_TOKEN, or run in a pod';

function invalid(message: string): K8sClientError {
  return new K8sClientError('CONFIG_INVALID', `resolveClusterAccess: ${message}`);
}

/** Drops user:password from a URL so it can be printed. */
function printableServer(server: string): string {
  try {
    const url = new URL(server);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return server;
  }
}

function checkServerUrl(server: string, origin: string): void {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw invalid(`${origin}: server "${printableServer(server)}" is not a URL; use https://host:port`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(`${origin}: server "${printableServer(server)}" must be an http:// or https:// URL`);
  }
}

interface Io {
  readonly exists: (path: string) => boolean;
  readonly read: (path: string) => string;
}

/**
 * Resolves how to reach the cluster, in this order:
 * 1. explicit `server` + `token`/`tokenFile` (mode `token`);
 * 2. the kubeconfig files of `kubeconfigPaths` that exist, merged as kubectl does (the first file
 *    that defines a cluster, user or context name wins, and the first current-context wins), using
 *    `context` or else current-context (mode `kubeconfig`);
 * 3. the in-cluster service account, when its token file exists (mode `in-cluster`).
 *
 * The namespace is the context's, else the in-cluster namespace file's, else `defaultNamespace`.
 *
 * @throws K8sClientError `NO_CLUSTER` when none of these is configured (the app may fall back to
 *   its demo cluster), and `CONFIG_INVALID`, naming the file or setting, when one is configured
 *   but unusable: a malformed kubeconfig, an unknown context (the message lists the available
 *   ones), a context whose cluster or user is missing, a missing CA/token file, a server without
 *   a token, a pod without KUBERNETES_SERVICE_HOST.
 */
export function resolveClusterAccess(options: ClusterAccessOptions): ClusterAccess {
  const io: Io = {
    exists: options.fileExists ?? existsSync,
    read: options.readFile ?? ((path) => readFileSync(path, 'utf8')),
  };
  const inCluster = {
    tokenPath: options.inCluster?.tokenPath ?? `${SA_DIR}/token`,
    caPath: options.inCluster?.caPath ?? `${SA_DIR}/ca.crt`,
    namespacePath: options.inCluster?.namespacePath ?? `${SA_DIR}/namespace`,
    host: options.inCluster?.host,
    port: options.inCluster?.port,
  };
  const fallbackNamespace = (): string => {
    if (io.exists(inCluster.namespacePath)) {
      const ns = io.read(inCluster.namespacePath).trim();
      if (ns) return ns;
    }
    return options.defaultNamespace ?? 'default';
  };
  const now = options.now ?? Date.now;

  if (options.server !== undefined || options.token !== undefined || options.tokenFile !== undefined) {
    return explicitAccess(options, io, now, fallbackNamespace);
  }

  const paths = (options.kubeconfigPaths ?? []).filter((p) => p.trim() !== '');
  const existing = paths.filter((p) => io.exists(p));
  if (existing.length > 0) {
    return kubeconfigAccess(existing, options.context, io, fallbackNamespace);
  }
  if (options.context !== undefined) {
    throw invalid(
      `context "${options.context}" was requested but no kubeconfig file exists (looked at ${paths.join(', ') || 'none'}); set KUBECONFIG_PATH to the file that defines it, or unset K8S_CONTEXT`,
    );
  }

  if (io.exists(inCluster.tokenPath)) {
    return inClusterAccess(inCluster, io, now, fallbackNamespace);
  }

  const looked = paths.length > 0 ? ` (no kubeconfig at ${paths.join(', ')}; no service-account token at ${inCluster.tokenPath})` : '';
  throw new K8sClientError('NO_CLUSTER', `resolveClusterAccess: ${NO_CLUSTER_HINT}${looked}`);
}

function explicitAccess(options: ClusterAccessOptions, io: Io, now: () => number, namespace: () => string): ClusterAccess {
  const { server, token, tokenFile, caFile } = options;
  if (server === undefined || server.trim() === '') {
    throw invalid('a token is set (K8S_API_TOKEN or K8S_API_TOKEN_FILE) but no server; set K8S_API_SERVER too');
  }
  checkServerUrl(server, 'K8S_API_SERVER');
  if (token !== undefined && tokenFile !== undefined) {
    throw invalid('both K8S_API_TOKEN and K8S_API_TOKEN_FILE are set; set only one');
  }
  if ((token === undefined || token.trim() === '') && tokenFile === undefined) {
    throw invalid(`K8S_API_SERVER (${printableServer(server)}) is set but no token; set K8S_API_TOKEN or K8S_API_TOKEN_FILE`);
  }
  if (tokenFile !== undefined && !io.exists(tokenFile)) {
    throw invalid(`token file ${tokenFile} (K8S_API_TOKEN_FILE) does not exist`);
  }
  if (caFile !== undefined && !io.exists(caFile)) {
    throw invalid(`CA file ${caFile} does not exist; point it at the API server's CA bundle`);
  }
  const kc = new KubeConfig();
  const user: KubeUser = tokenFile !== undefined ? tokenFileUser('explicit', tokenFile) : { name: 'explicit', token: token?.trim() };
  kc.loadFromOptions({
    clusters: [{ name: 'explicit', server: server.trim().replace(/\/$/, ''), caFile, skipTLSVerify: options.insecureSkipTlsVerify === true }],
    users: [user],
    contexts: [{ name: 'explicit', cluster: 'explicit', user: 'explicit' }],
    currentContext: 'explicit',
  });
  kc.addAuthenticator(createTokenFileAuthenticator(io.read, now));
  const ns = namespace();
  const shown = printableServer(server);
  return build(kc, 'token', undefined, ns, () => `explicit server ${shown} with a bearer token${tokenFile ? ` from ${tokenFile}` : ''}, namespace "${ns}"`);
}

function inClusterAccess(
  paths: { tokenPath: string; caPath: string; namespacePath: string; host?: string; port?: string | number },
  io: Io,
  now: () => number,
  namespace: () => string,
): ClusterAccess {
  if (!paths.host || paths.port === undefined || String(paths.port) === '') {
    throw invalid(
      `a service-account token exists at ${paths.tokenPath} but KUBERNETES_SERVICE_HOST / KUBERNETES_SERVICE_PORT are not set; run inside a pod, or configure a kubeconfig`,
    );
  }
  if (!io.exists(paths.caPath)) {
    throw invalid(`in-cluster CA file ${paths.caPath} does not exist next to the service-account token`);
  }
  const port = String(paths.port);
  const host = isIPv6(paths.host) ? `[${paths.host}]` : paths.host;
  // Same rule as client-go's InClusterConfig: these ports are plain HTTP.
  const scheme = port === '80' || port === '8080' || port === '8001' ? 'http' : 'https';
  const server = `${scheme}://${host}:${port}`;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'in-cluster', server, caFile: paths.caPath, skipTLSVerify: false }],
    users: [tokenFileUser('in-cluster', paths.tokenPath)],
    contexts: [{ name: 'in-cluster', cluster: 'in-cluster', user: 'in-cluster' }],
    currentContext: 'in-cluster',
  });
  // Bound service-account tokens rotate: re-read the file rather than caching it forever.
  kc.addAuthenticator(createTokenFileAuthenticator(io.read, now));
  const ns = namespace();
  return build(kc, 'in-cluster', undefined, ns, () => `in-cluster service account at ${server}, namespace "${ns}"`);
}

interface LoadedFile {
  readonly path: string;
  readonly clusters: readonly KubeCluster[];
  readonly users: readonly KubeUser[];
  readonly contexts: readonly KubeContext[];
  readonly currentContext?: string;
}

function loadFile(path: string, io: Io): LoadedFile {
  let text: string;
  try {
    text = io.read(path);
  } catch (error) {
    throw invalid(`cannot read kubeconfig ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // kubectl treats an empty file as an empty config.
  if (text.trim() === '') return { path, clusters: [], users: [], contexts: [] };
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
  } catch (error) {
    throw invalid(`kubeconfig ${path} is malformed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}; fix or remove the file`);
  }
  if (!Array.isArray(kc.clusters) || !Array.isArray(kc.users) || !Array.isArray(kc.contexts)) {
    throw invalid(`kubeconfig ${path} is malformed: expected a Config object with clusters, users and contexts`);
  }
  const root = dirname(path);
  // Relative file references are relative to the kubeconfig that names them, as in kubectl.
  const abs = (file: string | undefined) => (file && !isAbsolute(file) ? join(root, file) : file);
  return {
    path,
    clusters: kc.clusters.map((c) => ({ ...c, caFile: abs(c.caFile) })),
    users: kc.users.map((u) => ({ ...u, certFile: abs(u.certFile), keyFile: abs(u.keyFile) })),
    contexts: kc.contexts,
    currentContext: typeof kc.currentContext === 'string' && kc.currentContext !== '' ? kc.currentContext : undefined,
  };
}

function firstWins<T extends { readonly name: string }>(lists: readonly (readonly T[])[]): { items: T[]; origin: Map<string, number> } {
  const items: T[] = [];
  const origin = new Map<string, number>();
  lists.forEach((list, fileIndex) => {
    for (const item of list) {
      if (origin.has(item.name)) continue;
      origin.set(item.name, fileIndex);
      items.push(item);
    }
  });
  return { items, origin };
}

function kubeconfigAccess(paths: readonly string[], requested: string | undefined, io: Io, namespace: () => string): ClusterAccess {
  const files = paths.map((p) => loadFile(p, io));
  const clusters = firstWins(files.map((f) => f.clusters));
  const users = firstWins(files.map((f) => f.users));
  const contexts = firstWins(files.map((f) => f.contexts));
  const fileList = paths.join(':');
  const names = contexts.items.map((c) => c.name);
  const available = names.length > 0 ? `available contexts: ${names.join(', ')}` : 'it defines no contexts';

  const current = files.find((f) => f.currentContext !== undefined)?.currentContext;
  const contextName = requested ?? current;
  if (contextName === undefined) {
    throw invalid(`kubeconfig ${fileList} has no current-context; set K8S_CONTEXT (${available})`);
  }
  const context = contexts.items.find((c) => c.name === contextName);
  if (!context) {
    const source = requested !== undefined ? 'K8S_CONTEXT' : 'current-context';
    throw invalid(`context "${contextName}" (${source}) is not defined in kubeconfig ${fileList}; ${available}`);
  }
  const definedIn = paths[contexts.origin.get(context.name) ?? 0];
  const cluster = clusters.items.find((c) => c.name === context.cluster);
  if (!cluster) {
    throw invalid(`context "${context.name}" in ${definedIn} names cluster "${context.cluster}", which no kubeconfig file (${fileList}) defines`);
  }
  checkServerUrl(cluster.server, `cluster "${cluster.name}" in ${paths[clusters.origin.get(cluster.name) ?? 0]}`);
  if (context.user && !users.items.some((u) => u.name === context.user)) {
    throw invalid(`context "${context.name}" in ${definedIn} names user "${context.user}", which no kubeconfig file (${fileList}) defines`);
  }
  const user = users.items.find((u) => u.name === context.user);
  const referenced: [string | undefined, string][] = [
    [cluster.caFile, `certificate-authority of cluster "${cluster.name}"`],
    [user?.certFile ?? undefined, `client-certificate of user "${user?.name}"`],
    [user?.keyFile ?? undefined, `client-key of user "${user?.name}"`],
  ];
  for (const [file, what] of referenced) {
    if (file && !io.exists(file)) throw invalid(`${what} (kubeconfig ${fileList}) names ${file}, which does not exist`);
  }

  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: clusters.items, users: users.items, contexts: contexts.items, currentContext: context.name });
  const ns = context.namespace || namespace();
  const server = printableServer(cluster.server);
  return build(kc, 'kubeconfig', context.name, ns, () => `kubeconfig ${fileList}, context "${context.name}", server ${server}, namespace "${ns}"`);
}

function build(kc: KubeConfig, mode: ClusterAccessMode, context: string | undefined, namespace: string, describe: () => string): ClusterAccess {
  // client-node refuses plain-HTTP servers (kubectl proxy, in-cluster port 8080) unless TLS
  // verification is off, although there is no TLS to verify.
  kc.clusters = kc.clusters.map((c) => (c.server.startsWith('http:') ? { ...c, skipTLSVerify: true } : c));
  const transport = createKubeTransport(kc);
  return Object.freeze({
    kubeConfig: kc,
    transport,
    mode,
    ...(context === undefined ? {} : { context }),
    server: transport.server,
    namespace,
    describe,
  });
}
