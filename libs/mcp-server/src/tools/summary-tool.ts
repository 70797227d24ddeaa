import { crashLogTargets, SUMMARY_TYPES, summarizeCluster, type SummaryResult, type SummaryType } from '@k8s-mcp/summary';
import { readCrashLogs } from './crash-logs.js';
import { defineTool, type ToolDefinition } from '../tool-definition.js';
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
    budget_kb: { type: 'number', description: 'Size budget the summary was fitted to, in KB (after MAX_SUMMARY_SIZE_KB and the output cap).' },
    findings: { type: 'integer', description: 'Findings covered before any were left out.' },
    omittedItems: { type: 'integer', description: 'Items left out to fit the budget.' },
    note: { type: 'string', description: 'Present when the budget asked for was clamped: by how much and why.' },
    source: { type: 'string' },
  },
  required: ['type', 'format', 'bytes', 'budget_kb', 'findings', 'omittedItems', 'source'],
} as const;

/** Bounds of `k8s-cluster-summary`, from the server's settings. */
export interface ClusterSummaryLimits {
  /** MAX_SUMMARY_SIZE_KB: the default budget and the largest `max_size_kb` a caller may ask for. */
  readonly maxSizeKb: number;
  /** K8S_MCP_MAX_OUTPUT_KB in bytes: no budget goes above it, whatever MAX_SUMMARY_SIZE_KB says. */
  readonly maxOutputBytes: number;
}

/** The largest budget a caller may ask for, in whole KB, and which setting sets it. */
function budgetBound(limits: ClusterSummaryLimits): { kb: number; setting: string } {
  const outputKb = Math.max(1, Math.floor(limits.maxOutputBytes / 1024));
  return limits.maxSizeKb <= outputKb
    ? { kb: Math.max(1, Math.floor(limits.maxSizeKb)), setting: 'MAX_SUMMARY_SIZE_KB, the upper bound on this server' }
    : { kb: outputKb, setting: `K8S_MCP_MAX_OUTPUT_KB, this server's output cap of ${limits.maxOutputBytes} bytes` };
}

/**
 * Runs the summary within `budgetKb`, the clamping `note` (when there is one) included in that
 * budget: markdown ends with the note's line; JSON stays one document with a `budget` property.
 */
function fitted(budgetKb: number, format: 'markdown' | 'json', note: { requestedKb: number; text: string } | undefined, summarize: (maxSizeKb: number) => SummaryResult): { text: string; result: SummaryResult } {
  if (!note) {
    const result = summarize(budgetKb);
    return { text: result.text, result };
  }
  const extra = format === 'json' ? `,"budget":${JSON.stringify({ requestedKb: note.requestedKb, kb: budgetKb, note: note.text })}` : `note: ${note.text}\n`;
  const result = summarize((budgetKb * 1024 - Buffer.byteLength(extra)) / 1024);
  // A JSON summary is one object: the budget goes in as its last property.
  const text = format === 'json' ? `${result.text.slice(0, result.text.lastIndexOf('}'))}${extra}}` : `${result.text.endsWith('\n') ? result.text : `${result.text}\n`}${extra}`;
  return { text, result };
}

type SummaryParams = {
  summary_type: { type: 'string'; description: string; enum: readonly SummaryType[]; default: 'overview' };
  namespace: { type: 'string'; description: string };
  workload_kind: { type: 'string'; description: string; enum: typeof WORKLOAD_KINDS };
  workload_name: { type: 'string'; description: string };
  max_size_kb: { type: 'integer'; description: string; minimum: 1; maximum: number; clampsAboveMaximum: true };
  include_anomalies: { type: 'boolean'; description: string; default: true };
  format: { type: 'string'; description: string; enum: readonly ['markdown', 'json']; default: 'markdown' };
};

/**
 * `k8s-cluster-summary` bounded by `limits`: what an on-call engineer needs first, ranked
 * findings with root-cause chains and next steps, always within the budget. `max_size_kb`
 * above the bound (MAX_SUMMARY_SIZE_KB, and never above the output cap) is clamped and the
 * answer says so; the schema's maximum is the bound. JSON answers are always one JSON document.
 */
export function clusterSummaryTool(limits: ClusterSummaryLimits): ToolDefinition<ToolContext, SummaryParams> {
  const bound = budgetBound(limits);
  return defineTool<ToolContext, SummaryParams>({
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
      max_size_kb: {
        type: 'integer',
        description: `Hard cap on the summary size in KB; default and upper bound ${bound.kb} (${bound.setting}): a larger value is clamped and the answer says so.`,
        minimum: 1,
        maximum: bound.kb,
        clampsAboveMaximum: true,
      },
      include_anomalies: { type: 'boolean', description: 'Include findings in overview/namespace/workload/nodes summaries.', default: true },
      format: { type: 'string', description: 'markdown (for reading) or json (for programs: one JSON document).', enum: ['markdown', 'json'], default: 'markdown' },
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
      const format = args.format as 'markdown' | 'json';
      const asked = args.max_size_kb ?? ctx.summary.maxSizeKb;
      const budgetKb = Math.min(asked, bound.kb);
      const note =
        asked > bound.kb
          ? {
              requestedKb: asked,
              text: `${args.max_size_kb === undefined ? `the default budget of ${asked} KB` : `max_size_kb ${asked}`} was clamped to ${bound.kb} KB (${bound.setting}).`,
            }
          : undefined;
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
      const summary = ctx.summary;
      const { text, result } = fitted(budgetKb, format, note, (maxSizeKb) =>
        summarizeCluster(state, {
          ...(containerLogs ? { containerLogs } : {}),
          type,
          format,
          maxSizeKb,
          includeAnomalies: args.include_anomalies,
          now: ctx.now(),
          ...(ctx.clockNote ? { clockNote: ctx.clockNote } : {}),
          ...(summary.policy ? { policy: summary.policy } : {}),
          ...(ctx.graph ? { graph: ctx.graph } : {}),
          ...(namespace ? { namespace } : {}),
          ...(type === 'workload' && args.workload_kind && args.workload_name && namespace
            ? { workload: { kind: args.workload_kind, namespace, name: args.workload_name } }
            : {}),
        }),
      );
      return {
        text,
        structured: {
          type: result.type,
          format: result.format,
          bytes: Buffer.byteLength(text),
          budget_kb: budgetKb,
          findings: result.findings,
          omittedItems: result.omittedItems,
          ...(note ? { note: note.text } : {}),
          source: summary.source,
        },
      };
    },
  });
}
