import type { KnowledgeGraph } from '@k8s-mcp/graph';
import type {
  AccessReviewRequest,
  AccessReviewResult,
  ClusterReader,
  ClusterWriter,
  ExecInPodOptions,
  ExecResult,
  HelmRelease,
  KubeconfigView,
  NamespacePolicy,
  ResourceKind,
} from '@k8s-mcp/k8s-client';
import type { ClusterState } from '@k8s-mcp/summary';
import type { CrashLogSettings } from './crash-logs.js';

/** How fresh the data behind an answer is. */
export interface Freshness {
  /** `cache`: the watch-synced cache; `live`: a direct API request; `snapshot`: an offline dump. */
  readonly source: 'cache' | 'live' | 'snapshot';
  /** Time since the cache last heard from the API server for this kind. */
  readonly lagMs?: number;
  /** Sync state of the kind (`synced`, `degraded`, ...). */
  readonly state?: string;
}

/**
 * Everything the Kubernetes tools need, built once per server by the app. Reads go through
 * `reader`, which applies the namespace policy and serves from the synced cache where it can.
 */
export interface ToolContext {
  readonly reader: ClusterReader;
  /** Absent when the cluster cannot be written (offline snapshot). */
  readonly writer?: ClusterWriter;
  /** Where a kind's data comes from; defaults to the reader's source. */
  readonly freshness?: (kind: ResourceKind) => Freshness;
  /** K8S_NAMESPACE: used when a tool's namespace argument is left out. */
  readonly defaultNamespace: string;
  /** K8S_MAX_RESOURCES: most objects one call returns. */
  readonly maxResources: number;
  /**
   * K8S_MCP_MAX_OUTPUT_KB in bytes: list tools list a page too large for it again with fewer
   * items (so the cursor resumes right after them). createMcpServer sets it from its
   * `maxOutputBytes`; absent: pages are not shortened (the result is still cut to the cap).
   */
  readonly maxOutputBytes?: number;
  /** The time answers are judged at (ages, recency): the present, or an offline snapshot's recording time. */
  readonly now: () => number;
  /**
   * Set when `now` is not the present, saying which time it is (an offline snapshot:
   * `snapshot time`). Answers then say `evaluated at <now> (<clockNote>)` next to their source,
   * and summaries in their header, so ages are not read as today's.
   */
  readonly clockNote?: string;
  /** The knowledge graph; absent when ENABLE_KNOWLEDGE_GRAPH is off. */
  readonly graph?: KnowledgeGraph;
  /**
   * GRAPH_MAX_DEPTH: the deepest relation query a caller may ask for (an upper bound: a larger
   * `max_depth` is clamped and the answer says so). Default 10.
   */
  readonly graphMaxDepth?: number;
  /**
   * Resolves once the initial sync is done and the graph and summary state are complete. Tools
   * that answer from the whole cluster (graph, summaries) await it; plain reads do not, since the
   * reader serves kinds not yet synced from the API. Absent: always complete (snapshots).
   */
  readonly whenReady?: () => Promise<void>;
  /** What summaries read: the cluster state (sync cache or snapshot), the policy and the budget. */
  readonly summary?: SummarySource;
  /** Live clusters only: Helm release metadata (never values or manifests), policy applied. */
  readonly helmReleases?: (namespace?: string) => Promise<readonly HelmRelease[]>;
  /** Live clusters only: contexts and clusters of the kubeconfig in use, never credentials. */
  readonly kubeconfigView?: () => KubeconfigView;
  /** Live clusters only: runs a command in a pod container (policy applied). */
  readonly execInPod?: (options: ExecInPodOptions) => Promise<ExecResult>;
  /**
   * Live clusters only: a SubjectAccessReview (`reviewAccess`, policy applied). Without it
   * `k8s-auth-can-i` evaluates the RBAC objects of the summary state instead.
   */
  readonly accessReview?: (request: AccessReviewRequest) => Promise<AccessReviewResult>;
}

/** Input of the summary tool and resource. */
export interface SummarySource {
  /** The whole visible cluster state (cheap for the sync cache; read once for a snapshot). */
  state(): Promise<ClusterState>;
  readonly policy?: NamespacePolicy;
  /**
   * MAX_SUMMARY_SIZE_KB: the default budget of a summary and the largest one a caller may ask for
   * (a larger `max_size_kb` is clamped and the answer says so; the output cap bounds it too).
   */
  readonly maxSizeKb: number;
  /** One line on where the state comes from, e.g. `watch cache` or `offline snapshot`. */
  readonly source: string;
  /** Read failing containers' logs for summaries (K8S_MCP_SUMMARY_LOGS); absent: read none. */
  readonly logs?: CrashLogSettings;
}

/** Where a read of `kind` is served from right now (call it before the read, not after). */
export function freshnessOf(ctx: ToolContext, kind: ResourceKind): Freshness {
  return ctx.freshness?.(kind) ?? { source: ctx.reader.source === 'snapshot' ? 'snapshot' : 'live' };
}

/** One line stating where data came from and how fresh it is: `f`, or {@link freshnessOf} now. */
export function describeFreshness(ctx: ToolContext, kind: ResourceKind, f: Freshness = freshnessOf(ctx, kind)): string {
  if (f.source === 'cache') {
    const lag = f.lagMs === undefined ? '' : `, updated ${Math.round(f.lagMs / 1000)}s ago`;
    return `source: watch cache (${f.state ?? 'synced'}${lag})`;
  }
  const source = f.source === 'snapshot' ? 'source: offline snapshot (not live)' : 'source: live API';
  return ctx.clockNote ? `${source}, evaluated at ${new Date(ctx.now()).toISOString()} (${ctx.clockNote})` : source;
}
