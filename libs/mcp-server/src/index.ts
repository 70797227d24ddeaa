export { createMcpServer, INFO_TOOL_NAME, type KubernetesToolsOptions, type McpServerOptions } from './create-mcp-server.js';
export { KUBERNETES_TOOLS, kubernetesTools, type ToolLimits } from './tools/index.js';
export { DEFAULT_RELATION_DEPTH } from './tools/relation-tool.js';
export { describeFreshness, type Freshness, type SummarySource, type ToolContext } from './tools/tool-context.js';
export type { CrashLogSettings } from './tools/crash-logs.js';
export { auditLine, type AuditedMethod, type AuditRecord, type AuditSink, redactArgs } from './audit-log.js';
export { installTools, type InstallToolsOptions, type ToolCallEvent } from './install-tools.js';
export { decodeCursor, encodeCursor, type ListCursor } from './list-cursor.js';
export { fitText, untrustedBlock } from './output-budget.js';
export { annotationsOf, defineTool, type ToolAccess, type ToolCallInfo, type ToolDefinition, type ToolFeature, type ToolResult } from './tool-definition.js';
export { disabledReason, type ToolMode } from './tool-gating.js';
export { type ArgsOf, coerceArgs, type ParamSpec, type ParamsSpec, type ParamType, toInputSchema, ToolArgumentError } from './tool-params.js';
export {
  ANOMALIES_RESOURCE_URI,
  GRAPH_STATS_RESOURCE_URI,
  OBJECT_RESOURCE_TEMPLATE,
  registerKubernetesResources,
  SUMMARY_RESOURCE_URI,
} from './resources.js';
