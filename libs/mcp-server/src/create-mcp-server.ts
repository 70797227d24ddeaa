import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AuditSink } from './audit-log.js';
import { installTools, type ToolCallEvent } from './install-tools.js';
import { defineTool, type ToolCallInfo, type ToolDefinition } from './tool-definition.js';
import { disabledReason, type ToolMode } from './tool-gating.js';
import { registerKubernetesPrompts } from './prompts/kubernetes-prompts.js';
import { registerKubernetesResources } from './resources.js';
import { KUBERNETES_TOOLS } from './tools/index.js';
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
  installTools<ToolContext | undefined>(server, {
    tools: [info, ...(k8s ? KUBERNETES_TOOLS : [])] as ToolDefinition<ToolContext | undefined>[],
    context: k8s?.context,
    mode: k8s?.mode ?? { allowWrites: false, allowDestructive: false },
    call: options.call ?? { transport: 'unknown' },
    ...(k8s?.maxOutputBytes === undefined ? {} : { maxOutputBytes: k8s.maxOutputBytes }),
    ...(k8s?.audit ? { audit: k8s.audit } : {}),
    ...(k8s?.onToolCall ? { onToolCall: k8s.onToolCall } : {}),
  });
  if (k8s) registerKubernetesResources(server, k8s.context);
  if (k8s) {
    const enabled = KUBERNETES_TOOLS.filter((t) => disabledReason(t, k8s.mode) === undefined).map((t) => t.name);
    registerKubernetesPrompts(server, { mode: k8s.mode, tools: enabled, defaultNamespace: k8s.context.defaultNamespace });
  }
  return server;
}
