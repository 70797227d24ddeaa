import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, ReadResourceRequestSchema, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { quotePreview } from '@k8s-mcp/k8s-client';
import { summarizeCluster } from '@k8s-mcp/summary';
import { fitText } from './output-budget.js';
import { callerMessage, invalidParams, ProtocolError, RESOURCE_NOT_FOUND } from './protocol-error.js';
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

// Longer than any URI of these resources can be (a kind, a namespace and a name).
const MAX_URI_CHARS = 2_048;

type ReadCallback = (uri: URL) => Promise<ReadResourceResult>;

function notFound(uri: string, why: string): ProtocolError {
  return new ProtocolError(RESOURCE_NOT_FOUND, callerMessage(`Resource not found: ${quotePreview(uri, 200)}${why ? `: ${why}` : ''}`), { uri: uri.slice(0, MAX_URI_CHARS) }, 'RESOURCE_NOT_FOUND');
}

/** The protocol error a failed read of `uri` answers with: a missing object or kind is "resource not found". */
function readError(uri: string, error: unknown): unknown {
  if (error instanceof ProtocolError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'NOT_FOUND' || code === 'UNKNOWN_KIND' || code === 'NAMESPACE_FORBIDDEN') return notFound(uri, message);
  if (code === 'INVALID') return invalidParams(callerMessage(`Invalid resource URI ${quotePreview(uri, 200)}: ${message}`));
  if (error instanceof URIError) return invalidParams(`Invalid resource URI ${quotePreview(uri, 200)}: a part is not valid percent-encoding`);
  return new ProtocolError(ErrorCode.InternalError, callerMessage(`Reading ${quotePreview(uri, 200)} failed${typeof code === 'string' ? ` (${code})` : ''}: ${message}`), undefined, typeof code === 'string' ? code : 'INTERNAL');
}

/**
 * Registers the read-only resources: the cluster summary and anomalies (within the summary
 * budget), the knowledge graph's statistics, and a description of any object through
 * {@link OBJECT_RESOURCE_TEMPLATE}. The namespace policy applies as for the tools. The summary,
 * anomalies and graph statistics wait for `ctx.whenReady` (the initial sync).
 *
 * `resources/read` is answered here rather than by the SDK: an unknown URI, kind or object is
 * MCP's resource-not-found error (-32002, the URI in `data`), a malformed URI is -32602, and
 * messages carry no internals. Every text fits `limits.maxOutputBytes` (default 24 000), the
 * tools' cap: the summaries are built within it, other texts are cut by lines.
 */
export function registerKubernetesResources(server: McpServer, ctx: ToolContext, limits: { readonly maxOutputBytes?: number } = {}): void {
  const maxOutputBytes = limits.maxOutputBytes ?? 24_000;
  const statics = new Map<string, ReadCallback>();
  const fit = (result: ReadResourceResult): ReadResourceResult => ({
    ...result,
    contents: result.contents.map((c) => ('text' in c && typeof c.text === 'string' ? { ...c, text: fitText(c.text, maxOutputBytes, 'ask for less') } : c)),
  });
  const register = (name: string, uri: string, metadata: { title: string; description: string; mimeType: string }, read: ReadCallback) => {
    const capped = async (u: URL) => fit(await read(u));
    statics.set(uri, capped);
    server.registerResource(name, uri, metadata, capped);
  };
  const summary = ctx.summary;
  if (summary) {
    for (const [uri, type, title] of [
      [SUMMARY_RESOURCE_URI, 'overview', 'Cluster summary'],
      [ANOMALIES_RESOURCE_URI, 'anomalies', 'Cluster anomalies'],
    ] as const) {
      register(
        type === 'overview' ? 'cluster-summary' : 'cluster-anomalies',
        uri,
        { title, description: `${title} (markdown, at most MAX_SUMMARY_SIZE_KB) from the ${summary.source}.`, mimeType: 'text/markdown' },
        async (u) => {
          await ctx.whenReady?.();
          const result = summarizeCluster(await summary.state(), {
            type,
            // Within the output cap, so the summary shrinks its content instead of being cut.
            maxSizeKb: Math.min(summary.maxSizeKb, Math.max(1, Math.floor(maxOutputBytes / 1024))),
            now: ctx.now(),
            ...(ctx.clockNote ? { clockNote: ctx.clockNote } : {}),
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
    register(
      'graph-stats',
      GRAPH_STATS_RESOURCE_URI,
      { title: 'Knowledge graph statistics', description: 'Nodes by kind, edges by type, memory estimate and status of the knowledge graph.', mimeType: 'application/json' },
      async (u) => {
        await ctx.whenReady?.();
        return { contents: [{ uri: u.href, mimeType: 'application/json', text: JSON.stringify(graph.stats()) }] };
      },
    );
  }
  const objects = new ResourceTemplate(OBJECT_RESOURCE_TEMPLATE, { list: undefined });
  const describe = async (u: URL, vars: Record<string, string | string[]>): Promise<ReadResourceResult> => {
    const one = (v: string | string[] | undefined) => decodeURIComponent(Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
    const kind = await ctx.reader.resolveKind(one(vars['kind']));
    const ns = one(vars['namespace']);
    const source = describeFreshness(ctx, kind);
    const obj = await ctx.reader.get(kind, one(vars['name']), kind.namespaced && ns !== '_cluster' ? ns : undefined);
    return { contents: [{ uri: u.href, mimeType: 'text/plain', text: await describeObject(ctx, kind, obj, source) }] };
  };
  server.registerResource(
    'object-description',
    objects,
    { title: 'Object description', description: 'A compact description (status, conditions, events) of one object; use _cluster as the namespace of cluster-scoped kinds.', mimeType: 'text/plain' },
    describe,
  );

  // Replaces the SDK's resources/read handler (registered above, so there is one to replace).
  server.server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const raw = request.params.uri;
    if (raw.length > MAX_URI_CHARS) throw invalidParams(`Invalid params for resources/read: params.uri is longer than ${MAX_URI_CHARS} characters`);
    let uri: URL;
    try {
      uri = new URL(raw);
    } catch {
      throw invalidParams(`Invalid params for resources/read: params.uri ${quotePreview(raw)} is not a URI`);
    }
    try {
      const read = statics.get(uri.toString());
      if (read) return await read(uri);
      const vars = objects.uriTemplate.match(uri.toString());
      if (vars) return fit(await describe(uri, vars));
    } catch (error) {
      throw readError(raw, error);
    }
    throw notFound(raw, 'resources/list and resources/templates/list show what this server offers');
  });
}
