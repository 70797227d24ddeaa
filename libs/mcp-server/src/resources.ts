import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { summarizeCluster } from '@k8s-mcp/summary';
import { describeObject } from './tools/describe-tools.js';
import { describeFreshness, type ToolContext } from './tools/tool-context.js';

/** URI of the cluster summary resource. */
export const SUMMARY_RESOURCE_URI = 'k8s://cluster/summary';
/** URI of the anomalies resource. */
export const ANOMALIES_RESOURCE_URI = 'k8s://cluster/anomalies';
/** URI of the graph statistics resource. */
export const GRAPH_STATS_RESOURCE_URI = 'k8s://graph/stats';
/** URI template of per-object descriptions; `_cluster` stands for the namespace of cluster-scoped objects. */
export const OBJECT_RESOURCE_TEMPLATE = 'k8s://objects/{kind}/{namespace}/{name}';

/**
 * Registers the read-only resources: the cluster summary and anomalies (within the summary
 * budget), the knowledge graph's statistics, and a description of any object through
 * {@link OBJECT_RESOURCE_TEMPLATE}. The namespace policy applies as for the tools. The summary,
 * anomalies and graph statistics wait for `ctx.whenReady` (the initial sync).
 */
export function registerKubernetesResources(server: McpServer, ctx: ToolContext): void {
  const summary = ctx.summary;
  if (summary) {
    for (const [uri, type, title] of [
      [SUMMARY_RESOURCE_URI, 'overview', 'Cluster summary'],
      [ANOMALIES_RESOURCE_URI, 'anomalies', 'Cluster anomalies'],
    ] as const) {
      server.registerResource(
        type === 'overview' ? 'cluster-summary' : 'cluster-anomalies',
        uri,
        { title, description: `${title} (markdown, at most MAX_SUMMARY_SIZE_KB) from the ${summary.source}.`, mimeType: 'text/markdown' },
        async (u) => {
          await ctx.whenReady?.();
          const result = summarizeCluster(await summary.state(), {
            type,
            maxSizeKb: summary.maxSizeKb,
            now: ctx.now(),
            ...(summary.policy ? { policy: summary.policy } : {}),
            ...(ctx.graph ? { graph: ctx.graph } : {}),
          });
          return { contents: [{ uri: u.href, mimeType: 'text/markdown', text: result.text }] };
        },
      );
    }
  }
  const graph = ctx.graph;
  if (graph) {
    server.registerResource(
      'graph-stats',
      GRAPH_STATS_RESOURCE_URI,
      { title: 'Knowledge graph statistics', description: 'Nodes by kind, edges by type, memory estimate and status of the knowledge graph.', mimeType: 'application/json' },
      async (u) => {
        await ctx.whenReady?.();
        return { contents: [{ uri: u.href, mimeType: 'application/json', text: JSON.stringify(graph.stats()) }] };
      },
    );
  }
  server.registerResource(
    'object-description',
    new ResourceTemplate(OBJECT_RESOURCE_TEMPLATE, { list: undefined }),
    { title: 'Object description', description: 'A compact description (status, conditions, events) of one object; use _cluster as the namespace of cluster-scoped kinds.', mimeType: 'text/plain' },
    async (u, vars) => {
      const one = (v: string | string[] | undefined) => decodeURIComponent(Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
      const kind = await ctx.reader.resolveKind(one(vars['kind']));
      const ns = one(vars['namespace']);
      const source = describeFreshness(ctx, kind);
      const obj = await ctx.reader.get(kind, one(vars['name']), kind.namespaced && ns !== '_cluster' ? ns : undefined);
      return { contents: [{ uri: u.href, mimeType: 'text/plain', text: await describeObject(ctx, kind, obj, source) }] };
    },
  );
}
