import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AuditSink } from './audit-log.js';
import { installTools, type ToolCallEvent } from './install-tools.js';
import { defineTool, type ToolCallInfo, type ToolDefinition } from './tool-definition.js';
import { disabledReason, type ToolMode } from './tool-gating.js';
import { registerKubernetesPrompts } from './prompts/kubernetes-prompts.js';
import { guardRequests } from './request-guard.js';
import { registerKubernetesResources } from './resources.js';
import { DEFAULT_MAX_OUTPUT_BYTES, kubernetesTools } from './tools/index.js';
import type { ToolContext } from './tools/tool-context.js';

/** What the Kubernetes tools need; without it the server only offers `k8s-mcp-info`. */
export interface KubernetesToolsOptions {
  readonly context: ToolContext;
  /** Safety mode: read-only unless writes (and, separately, destructive tools) are opted in. */
  readonly mode: ToolMode;
  /** Hard cap on a tool result's text, in bytes. Default 24 000. */
  readonly maxOutputBytes?: number;
  readonly audit?: AuditSink;
  readonly onToolCall?: (event: ToolCallEvent) => void;
}

/** Options of {@link createMcpServer}. */
export interface McpServerOptions {
  /** Server name, e.g. `k8s-mcp`. */
  readonly name: string;
  /** Server version, e.g. the package version. */
  readonly version: string;
  /** Which transport this server instance serves, for audit records. Default `unknown`. */
  readonly call?: ToolCallInfo;
  readonly kubernetes?: KubernetesToolsOptions;
}

/** Name of the tool that reports the server's identity. */
export const INFO_TOOL_NAME = 'k8s-mcp-info';

const INFO_OUTPUT_SCHEMA = {
  type: 'object',
  properties: { name: { type: 'string' }, version: { type: 'string' } },
  required: ['name', 'version'],
} as const;

/**
 * Creates a new MCP server. The SDK binds one McpServer to one transport (connecting a second
 * throws "Already connected"), so call this once per session or per stateless request.
 *
 * Tools: `k8s-mcp-info` (server name and version, no cluster access) and, when `kubernetes` is
 * given, the Kubernetes tools filtered by the safety mode, and the diagnosis prompts (whose text
 * follows the mode).
 *
 * Every request is guarded (see `guardRequests`): malformed params are -32602 with one line,
 * messages carry their code once and no internals, and tool calls, resource reads and prompt
 * gets are all audited to `kubernetes.audit` with the caller, transport and session.
 */
export function createMcpServer(options: McpServerOptions): McpServer {
  const server = new McpServer({ name: options.name, version: options.version });
  const info = defineTool<unknown, Record<string, never>>({
    name: INFO_TOOL_NAME,
    title: 'k8s-mcp server info',
    description: 'Returns the name and version of this k8s-mcp server. Takes no arguments and does not touch the cluster.',
    access: 'read',
    idempotent: true,
    openWorld: false,
    params: {},
    outputSchema: INFO_OUTPUT_SCHEMA,
    run: async () => {
      const data = { name: options.name, version: options.version };
      return { text: JSON.stringify(data), structured: data };
    },
  });
  const k8s = options.kubernetes;
  const maxOutputBytes = k8s?.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  // The relation query's and the summary's schemas carry the bounds this server was configured with.
  const k8sTools = k8s
    ? kubernetesTools({
        maxOutputBytes,
        ...(k8s.context.graphMaxDepth === undefined ? {} : { graphMaxDepth: k8s.context.graphMaxDepth }),
        ...(k8s.context.summary ? { summaryMaxKb: k8s.context.summary.maxSizeKb } : {}),
      })
    : [];
  // Tools that need the graph are offered only when the context has one.
  const mode: ToolMode = k8s ? { ...k8s.mode, knowledgeGraph: k8s.context.graph !== undefined } : { allowWrites: false, allowDestructive: false };
  installTools<ToolContext | undefined>(server, {
    tools: [info, ...k8sTools] as ToolDefinition<ToolContext | undefined>[],
    // The list tools shorten a page to the same cap the results are cut to.
    context: k8s ? { ...k8s.context, maxOutputBytes } : undefined,
    mode,
    call: options.call ?? { transport: 'unknown' },
    maxOutputBytes,
    ...(k8s?.audit ? { audit: k8s.audit } : {}),
    ...(k8s?.onToolCall ? { onToolCall: k8s.onToolCall } : {}),
  });
  if (k8s) registerKubernetesResources(server, k8s.context, k8s.maxOutputBytes === undefined ? {} : { maxOutputBytes: k8s.maxOutputBytes });
  if (k8s) {
    const enabled = k8sTools.filter((t) => disabledReason(t, mode) === undefined).map((t) => t.name);
    registerKubernetesPrompts(server, { mode: k8s.mode, tools: enabled, defaultNamespace: k8s.context.defaultNamespace });
  }
  // Last, so it wraps every handler registered above.
  guardRequests(server.server, { call: options.call ?? { transport: 'unknown' }, ...(k8s?.audit ? { audit: k8s.audit } : {}) });
  return server;
}
