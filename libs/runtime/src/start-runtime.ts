import type { AppConfig } from '@k8s-mcp/config';
import { createKnowledgeGraph, type KnowledgeGraph } from '@k8s-mcp/graph';
import {
  BUILTIN_KINDS,
  DIAGNOSIS_KINDS,
  listableKinds,
  type Cluster,
  createDiscovery,
  createLiveCluster,
  createNamespacePolicy,
  K8sClientError,
  loadDemoCluster,
  loadSnapshot,
  type NamespacePolicy,
  resolveClusterAccess,
  type ClusterAccess,
} from '@k8s-mcp/k8s-client';
import { createMcpServer, DEFAULT_RELATION_DEPTH, type AuditSink, type ToolCallEvent, type ToolCallInfo, type ToolContext } from '@k8s-mcp/mcp-server';
import { createCachedCluster, createSyncManager, type SyncManager } from '@k8s-mcp/sync';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createFileAuditSink } from './audit-file.js';
import { keepGraphCurrent, loadGraphFromReader } from './graph-feed.js';
import { hideSyncReferences } from './hidden-references-sync.js';
import { liveToolAccess } from './live-tool-access.js';
import type { LogFields, LogLevel } from './logger.js';
import { RuntimeError } from './runtime-error.js';
import { liveSummaryState, memoizedReaderState } from './summary-state.js';

/** Where the runtime's cluster data comes from. */
export type RuntimeMode = 'live' | 'demo' | 'snapshot';

/** Process facts the runtime needs; the app reads them, libs never touch `process`. */
export interface RuntimeEnvironment {
  /** KUBERNETES_SERVICE_HOST / KUBERNETES_SERVICE_PORT, for in-cluster access. */
  readonly kubernetesServiceHost?: string;
  readonly kubernetesServicePort?: string;
}

/** Options of {@link startRuntime}. */
export interface RuntimeOptions {
  readonly config: AppConfig;
  readonly environment?: RuntimeEnvironment;
  /** Server identity for MCP `initialize`. */
  readonly server: { readonly name: string; readonly version: string };
  /**
   * Log records (to stderr or a file: never stdout, which stdio MCP owns), e.g. a Logger's
   * methods. `fields.error` carries the error behind a message; the logger decides whether its
   * stack is shown (K8S_MCP_DEBUG). Sync's per-kind state changes come at `debug`.
   */
  readonly log: (level: LogLevel, message: string, fields?: LogFields) => void;
  /** Progress of long start-up work, e.g. the initial sync. */
  readonly onProgress?: (message: string) => void;
  /**
   * Live mode: whether {@link startRuntime} resolves only after the initial sync (default true).
   * With false it resolves right after the API server answered: reads of kinds not yet synced go
   * to the API, and the tools that need the whole picture (graph, summaries) wait for
   * {@link Runtime.ready}. Servers pass false so clients can connect at once.
   */
  readonly waitForSync?: boolean;
  /** Metrics hook for every tool call. */
  readonly onToolCall?: (event: ToolCallEvent) => void;
  /** Overrides the audit sink (tests); default: K8S_AUDIT_LOG when K8S_AUDIT_ENABLED. */
  readonly audit?: AuditSink;
  /**
   * The clock, ms since the epoch (default `Date.now`). Offline snapshots are judged at their
   * recording time instead (`toolContext.now` and `toolContext.clockNote` say so).
   */
  readonly now?: () => number;
}

/** The running core every app serves: cluster, sync, graph, tools. */
export interface Runtime {
  readonly mode: RuntimeMode;
  /** One line naming the cluster: kubeconfig and context, the demo cluster, or the snapshot path. Never credentials. */
  readonly clusterDescription: string;
  /** Default namespace of tools. */
  readonly namespace: string;
  readonly policy: NamespacePolicy;
  /** Reads (cache-served where synced) and writes (refused for snapshots). */
  readonly cluster: Cluster;
  /** Live mode only. */
  readonly sync?: SyncManager;
  /** Absent when ENABLE_KNOWLEDGE_GRAPH is off. */
  readonly graph?: KnowledgeGraph;
  readonly toolContext: ToolContext;
  /**
   * Resolves when the initial sync is done and the graph holds what it found (or the runtime was
   * closed first); already resolved for snapshots and the demo. Never rejects.
   */
  readonly ready: Promise<void>;
  /** Whether {@link ready} has resolved after a completed initial sync (always true off-line). */
  isReady(): boolean;
  /** A new MCP server for one session or request (the SDK binds one server to one transport). */
  createMcpServer(call: ToolCallInfo): McpServer;
  /** Where every MCP server of this runtime audits (absent when auditing is off); apps add their own refusals. */
  readonly audit?: AuditSink;
  /** Stops timers and informers; idempotent. */
  close(): Promise<void>;
}

interface Source {
  readonly mode: RuntimeMode;
  readonly description: string;
  readonly namespace: string;
  readonly access?: ClusterAccess;
}

function chooseSource(options: RuntimeOptions): Source {
  const { config, environment } = options;
  if (config.snapshot) return { mode: 'snapshot', description: `offline snapshot ${config.snapshot}`, namespace: config.namespace };
  // The demo's workloads live in "shop"; an unchanged default namespace would show an empty one.
  const demoNamespace = config.namespace === 'default' ? 'shop' : config.namespace;
  if (config.demo === true) return { mode: 'demo', description: 'bundled demo cluster (offline snapshot)', namespace: demoNamespace };
  try {
    const access = resolveClusterAccess({
      kubeconfigPaths: config.kubeconfigPaths,
      ...(config.kubeContext ? { context: config.kubeContext } : {}),
      ...(config.apiServer ? { server: config.apiServer } : {}),
      ...(config.apiToken ? { token: config.apiToken } : {}),
      ...(config.apiTokenFile ? { tokenFile: config.apiTokenFile } : {}),
      inCluster: {
        tokenPath: `${config.serviceAccountDir}/token`,
        caPath: `${config.serviceAccountDir}/ca.crt`,
        namespacePath: `${config.serviceAccountDir}/namespace`,
        ...(environment?.kubernetesServiceHost
          ? { host: environment.kubernetesServiceHost, port: environment.kubernetesServicePort ?? '443' }
          : {}),
      },
      defaultNamespace: config.namespace,
    });
    // K8S_NAMESPACE is the product's contract for the default namespace; it wins over the context's.
    return { mode: 'live', description: access.describe(), namespace: config.namespace, access };
  } catch (error) {
    if (error instanceof K8sClientError && error.code === 'NO_CLUSTER' && config.demo === 'auto') {
      return { mode: 'demo', description: 'bundled demo cluster (offline snapshot; no cluster is configured)', namespace: demoNamespace };
    }
    if (error instanceof K8sClientError) throw new RuntimeError('CLUSTER_CONFIG_INVALID', error.message, { cause: error });
    throw error;
  }
}

/**
 * Builds the runtime from the configuration: a live cluster (kubeconfig, explicit token or
 * in-cluster) with watch sync and a cache-served reader, or, when no cluster is configured and
 * K8S_MCP_DEMO is `auto`/`true`, the bundled demo snapshot, or K8S_MCP_SNAPSHOT. A configured but
 * broken cluster is an error, never a silent fallback to the demo.
 *
 * @throws RuntimeError `CLUSTER_CONFIG_INVALID` (bad kubeconfig, unknown context, ...),
 *   `CLUSTER_UNREACHABLE` (the API server does not answer), `SNAPSHOT_INVALID`.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, log } = options;
  const now = options.now ?? Date.now;
  const policy = createNamespacePolicy({ allowed: config.allowedNamespaces, forbidden: config.forbiddenNamespaces });
  const source = chooseSource(options);
  const graph = config.knowledgeGraphEnabled
    ? createKnowledgeGraph({
        // GRAPH_MAX_DEPTH bounds every traversal; a query that names no depth walks fewer hops.
        maxDepth: Math.min(DEFAULT_RELATION_DEPTH, config.graphMaxDepth),
        hardMaxDepth: config.graphMaxDepth,
        ttlMs: config.graphTtlSeconds * 1000,
        memoryLimitBytes: config.graphMemoryLimitMb * 1024 * 1024,
        isNamespaceVisible: (ns) => policy.isAllowed(ns),
        now,
        onStatusChange: (status, message) => log(status === 'ok' ? 'info' : 'warn', `knowledge graph ${status}${message ? `: ${message}` : ''}`),
      })
    : undefined;
  const cleanups: (() => void | Promise<void>)[] = [];
  let cluster: Cluster;
  let sync: SyncManager | undefined;
  let freshness: ToolContext['freshness'];
  let ready: Promise<void> = Promise.resolve();
  let synced = true;
  let closed = false;
  // What answers are judged at: the present, or an offline snapshot's recording time.
  let dataClock: { readonly now: () => number; readonly note?: string } = { now };

  if (source.mode === 'live' && source.access) {
    const transport = source.access.transport;
    const live = createLiveCluster({ transport, discovery: createDiscovery(transport), policy, maxResources: config.maxResources, defaultNamespace: source.namespace });
    try {
      await transport.json({ path: '/version', timeoutMs: 10_000, context: { verb: 'get', resource: 'version' } });
    } catch (error) {
      transport.close();
      const message = error instanceof Error ? error.message : String(error);
      throw new RuntimeError('CLUSTER_UNREACHABLE', `cannot use the configured cluster (${source.description}): ${message}`, { cause: error });
    }
    // RBAC, webhooks, APIServices and the Gateway API are synced too where this identity may
    // list them (and the cluster serves them), so the graph and summaries see them.
    const diagnosisKinds = await listableKinds(transport, DIAGNOSIS_KINDS);
    sync = createSyncManager({
      transport,
      kinds: [...BUILTIN_KINDS, ...diagnosisKinds],
      policy,
      options: {
        resyncIntervalMs: config.syncIntervalSeconds * 1000,
        watchTimeoutSeconds: Math.round(config.watchTimeoutSeconds),
        maxRetryCount: config.maxRetryCount,
      },
      now,
      // Per-kind state changes and relists are routine: debug; failures are warnings.
      logger: { warn: (m, f) => log('warn', m, f), info: (m, f) => log('debug', m, f), debug: (m, f) => log('debug', m, f) },
    });
    // Every reader (cached reads, summaries, the graph) sees references into hidden namespaces as <hidden>.
    sync = hideSyncReferences(sync, policy);
    // Built before the sync is done: kinds whose informers are not synced yet are read from the API.
    const cached = createCachedCluster({ live, sync, policy, maxResources: config.maxResources, defaultNamespace: source.namespace });
    cluster = cached;
    freshness = (kind) => cached.freshness(kind);
    const syncRef = sync;
    options.onProgress?.('initial sync: listing every kind');
    const startedAt = performance.now();
    syncRef.start();
    synced = false;
    ready = syncRef
      .ready()
      .then(() => {
        if (closed) return;
        const states = syncRef.status();
        const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
        options.onProgress?.(`initial sync done in ${seconds}s: ${states.filter((s) => s.state === 'synced').length}/${states.length} kinds synced`);
        for (const s of states) if (s.state !== 'synced') log('warn', `sync ${s.kind}${s.namespace ? ` in ${s.namespace}` : ''}: ${s.state}${s.lastError ? ` (${s.lastError})` : ''}`);
        if (graph) {
          const refreshMs = Math.max(1000, Math.min(config.graphTtlSeconds * 500, config.syncIntervalSeconds * 1000));
          cleanups.push(keepGraphCurrent(graph, syncRef, refreshMs));
        }
      })
      .catch((error: unknown) => log('error', `after the initial sync: ${error instanceof Error ? error.message : String(error)}`, { error }))
      .finally(() => {
        synced = !closed;
      });
    cleanups.push(async () => {
      await syncRef.stop();
      transport.close();
    });
    if (options.waitForSync !== false) await ready;
  } else {
    try {
      const snapshotOptions = { policy, maxResources: config.maxResources, defaultNamespace: source.namespace };
      const snapshot = source.mode === 'demo' ? await loadDemoCluster(snapshotOptions) : await loadSnapshot(config.snapshot as string, snapshotOptions);
      cluster = snapshot;
      // A snapshot is judged as it was when recorded: today's date would age everything in it.
      const clock = snapshot.snapshotInfo.clock;
      if (clock) {
        const at = Date.parse(clock.at);
        dataClock = { now: () => at, note: clock.basis === 'recorded' ? 'snapshot time' : 'newest time in the snapshot, which does not say when it was recorded' };
      }
    } catch (error) {
      if (error instanceof K8sClientError) throw new RuntimeError('SNAPSHOT_INVALID', error.message, { cause: error });
      throw error;
    }
    if (graph) {
      await loadGraphFromReader(graph, cluster, BUILTIN_KINDS);
      await loadGraphFromReader(graph, cluster, DIAGNOSIS_KINDS, { optional: true });
    }
  }

  const toolContext: ToolContext = {
    reader: cluster,
    ...(source.mode === 'live' ? { writer: cluster } : {}),
    ...(source.mode === 'live' && source.access ? liveToolAccess(source.access, policy) : {}),
    ...(freshness ? { freshness } : {}),
    ...(graph ? { graph, graphMaxDepth: config.graphMaxDepth } : {}),
    ...(sync ? { whenReady: () => ready } : {}),
    summary: {
      state: sync ? liveSummaryState(sync, cluster, now) : memoizedReaderState(cluster),
      policy,
      maxSizeKb: config.maxSummarySizeKb,
      ...(config.summaryLogs ? { logs: { maxContainers: config.summaryLogContainers, tailLines: config.summaryLogTailLines } } : {}),
      source: sync ? 'watch cache' : source.mode === 'demo' ? 'bundled demo cluster (offline snapshot)' : 'offline snapshot',
    },
    defaultNamespace: source.namespace,
    maxResources: config.maxResources,
    now: dataClock.now,
    ...(dataClock.note ? { clockNote: dataClock.note } : {}),
  };
  const audit = options.audit ?? (config.auditEnabled ? createFileAuditSink(config.auditLogPath, (e) => log('warn', `audit log: ${e.message}`, { error: e })) : undefined);

  return {
    ...(audit ? { audit } : {}),
    mode: source.mode,
    clusterDescription: source.description,
    namespace: source.namespace,
    policy,
    cluster,
    ...(sync ? { sync } : {}),
    ...(graph ? { graph } : {}),
    toolContext,
    ready,
    isReady: () => synced,
    createMcpServer: (call) =>
      createMcpServer({
        name: options.server.name,
        version: options.server.version,
        call,
        kubernetes: {
          context: toolContext,
          mode: { allowWrites: config.allowWrites, allowDestructive: config.allowDestructive, allowedTools: config.allowedTools },
          maxOutputBytes: config.maxOutputKb * 1024,
          ...(audit ? { audit } : {}),
          ...(options.onToolCall ? { onToolCall: options.onToolCall } : {}),
        },
      }),
    async close() {
      if (closed) return;
      closed = true;
      for (const c of cleanups.reverse()) await c();
    },
  };
}
