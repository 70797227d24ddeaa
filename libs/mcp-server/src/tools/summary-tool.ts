import { crashLogTargets, SUMMARY_TYPES, summarizeCluster, type SummaryType } from '@k8s-mcp/summary';
import { readCrashLogs } from './crash-logs.js';
import { defineTool } from '../tool-definition.js';
import { ToolArgumentError } from '../tool-params.js';
import type { ToolContext } from './tool-context.js';

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'] as const;

/** Output schema of `k8s-cluster-summary`'s structured content. */
const SUMMARY_OUTPUT_SCHEMA = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    format: { type: 'string' },
    bytes: { type: 'integer', description: 'UTF-8 size of the summary text.' },
    findings: { type: 'integer', description: 'Findings covered before any were left out.' },
    omittedItems: { type: 'integer', description: 'Items left out to fit the budget.' },
    source: { type: 'string' },
  },
  required: ['type', 'format', 'bytes', 'findings', 'omittedItems', 'source'],
} as const;

/**
 * `k8s-cluster-summary`: what an on-call engineer needs first, ranked findings with root-cause
 * chains and next steps, always within `max_size_kb`.
 */
export const clusterSummary = defineTool<
  ToolContext,
  {
    summary_type: { type: 'string'; description: string; enum: readonly SummaryType[]; default: 'overview' };
    namespace: { type: 'string'; description: string };
    workload_kind: { type: 'string'; description: string; enum: typeof WORKLOAD_KINDS };
    workload_name: { type: 'string'; description: string };
    max_size_kb: { type: 'integer'; description: string; minimum: 1; maximum: 256 };
    include_anomalies: { type: 'boolean'; description: string; default: true };
    format: { type: 'string'; description: string; enum: readonly ['markdown', 'json']; default: 'markdown' };
  }
>({
  name: 'k8s-cluster-summary',
  title: 'Summarize the cluster',
  description:
    'Cluster summary that fits an LLM budget: overview (counts, nodes, top findings), anomalies (ranked findings with root-cause chains, evidence and next steps), namespace, workload (one Deployment/StatefulSet/... and what it depends on) or nodes. Start here for "what is wrong?".',
  access: 'read',
  idempotent: true,
  openWorld: false,
  params: {
    summary_type: { type: 'string', description: 'overview, anomalies, namespace, workload or nodes.', enum: SUMMARY_TYPES, default: 'overview' },
    namespace: { type: 'string', description: 'Namespace for namespace/workload summaries; limits anomalies to it.' },
    workload_kind: { type: 'string', description: 'Kind of the workload for summary_type=workload.', enum: WORKLOAD_KINDS },
    workload_name: { type: 'string', description: 'Name of the workload for summary_type=workload.' },
    max_size_kb: { type: 'integer', description: 'Hard cap on the summary size in KB; default MAX_SUMMARY_SIZE_KB.', minimum: 1, maximum: 256 },
    include_anomalies: { type: 'boolean', description: 'Include findings in overview/namespace/workload/nodes summaries.', default: true },
    format: { type: 'string', description: 'markdown (for reading) or json (for programs).', enum: ['markdown', 'json'], default: 'markdown' },
  },
  outputSchema: SUMMARY_OUTPUT_SCHEMA,
  run: async (args, ctx) => {
    if (!ctx.summary) {
      throw Object.assign(new Error('summaries are not available on this server.'), { code: 'SUMMARY_UNAVAILABLE' });
    }
    const type = args.summary_type as SummaryType;
    if (type === 'namespace' && !args.namespace) throw new ToolArgumentError('namespace', 'Missing argument "namespace": summary_type=namespace needs the namespace to summarize.');
    if (type === 'workload' && (!args.workload_kind || !args.workload_name)) {
      throw new ToolArgumentError(args.workload_kind ? 'workload_name' : 'workload_kind', 'summary_type=workload needs workload_kind (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob) and workload_name.');
    }
    const namespace = args.namespace ?? (type === 'workload' ? ctx.defaultNamespace : undefined);
    // Findings and counts need every kind synced (and the graph for root causes).
    await ctx.whenReady?.();
    const state = await ctx.summary.state();
    const logs = ctx.summary.logs;
    // A namespace's summary also reads running containers' logs (they can log the cause while
    // Kubernetes calls them healthy); a cluster-wide one only the failing containers'.
    const containerLogs = logs
      ? await readCrashLogs(
          ctx.reader,
          crashLogTargets(state, { maxTargets: logs.maxContainers, includeRunning: namespace !== undefined, ...(namespace ? { namespace } : {}), ...(ctx.summary.policy ? { policy: ctx.summary.policy } : {}) }),
          logs,
          (text) => text.split('\n'),
        )
      : undefined;
    const result = summarizeCluster(state, {
      ...(containerLogs ? { containerLogs } : {}),
      type,
      format: args.format as 'markdown' | 'json',
      maxSizeKb: args.max_size_kb ?? ctx.summary.maxSizeKb,
      includeAnomalies: args.include_anomalies,
      now: ctx.now(),
      ...(ctx.summary.policy ? { policy: ctx.summary.policy } : {}),
      ...(ctx.graph ? { graph: ctx.graph } : {}),
      ...(namespace ? { namespace } : {}),
      ...(type === 'workload' && args.workload_kind && args.workload_name && namespace
        ? { workload: { kind: args.workload_kind, namespace, name: args.workload_name } }
        : {}),
    });
    return {
      text: result.text,
      structured: { type: result.type, format: result.format, bytes: result.bytes, findings: result.findings, omittedItems: result.omittedItems, source: ctx.summary.source },
    };
  },
});
