import type { ToolAccess } from './tool-definition.js';

/** Safety mode of a server: read-only unless writes are opted in; destructive needs a second opt-in. */
export interface ToolMode {
  /** K8S_MCP_ALLOW_WRITES. Default false: only read tools. */
  readonly allowWrites: boolean;
  /** K8S_MCP_ALLOW_DESTRUCTIVE (needs allowWrites). Default false. */
  readonly allowDestructive: boolean;
  /** Narrows further to these tool names; empty or absent: no narrowing. */
  readonly allowedTools?: readonly string[];
}

/**
 * Why a tool is disabled in `mode`, or `undefined` when it is enabled. The same check runs at
 * `tools/list` and at call time, so a hidden tool cannot be called by name.
 */
export function disabledReason(tool: { name: string; access: ToolAccess }, mode: ToolMode): string | undefined {
  if (mode.allowedTools && mode.allowedTools.length > 0 && !mode.allowedTools.includes(tool.name)) {
    return `Tool "${tool.name}" is not in the allowed tool list (K8S_MCP_ALLOWED_TOOLS).`;
  }
  if (tool.access !== 'read' && !mode.allowWrites) {
    return `Tool "${tool.name}" changes the cluster and this server is read-only; an operator can enable writes with K8S_MCP_ALLOW_WRITES=true${tool.access === 'destructive' ? ' and K8S_MCP_ALLOW_DESTRUCTIVE=true' : ''}.`;
  }
  if (tool.access === 'destructive' && !mode.allowDestructive) {
    return `Tool "${tool.name}" is destructive and destructive tools are disabled; an operator can enable them with K8S_MCP_ALLOW_DESTRUCTIVE=true.`;
  }
  return undefined;
}
