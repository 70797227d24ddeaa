import type { ToolAccess, ToolFeature } from './tool-definition.js';

/** Safety mode of a server: read-only unless writes are opted in; destructive needs a second opt-in. */
export interface ToolMode {
  /** K8S_MCP_ALLOW_WRITES. Default false: only read tools. */
  readonly allowWrites: boolean;
  /** K8S_MCP_ALLOW_DESTRUCTIVE (needs allowWrites). Default false. */
  readonly allowDestructive: boolean;
  /** Narrows further to these tool names; empty or absent: no narrowing. */
  readonly allowedTools?: readonly string[];
  /**
   * Whether the knowledge graph is on (ENABLE_KNOWLEDGE_GRAPH). False hides the tools that need
   * it. Absent: on (createMcpServer sets it from whether its context has a graph).
   */
  readonly knowledgeGraph?: boolean;
}

/** Why each feature can be off, and what turns it on. */
const FEATURE_OFF: Readonly<Record<ToolFeature, { readonly off: (mode: ToolMode) => boolean; readonly why: string }>> = {
  'knowledge-graph': {
    off: (mode) => mode.knowledgeGraph === false,
    why: 'needs the knowledge graph, which is disabled on this server (ENABLE_KNOWLEDGE_GRAPH=false); an operator can turn it on with ENABLE_KNOWLEDGE_GRAPH=true. Meanwhile k8s-describe and the list tools show how objects refer to each other.',
  },
};

/**
 * Why a tool is disabled in `mode`, or `undefined` when it is enabled. The same check runs at
 * `tools/list` and at call time, so a hidden tool cannot be called by name. A tool is disabled
 * when it is outside the allowed tool list, changes the cluster on a read-only server, is
 * destructive without the second opt-in, or needs a feature that is off (e.g. the graph).
 */
export function disabledReason(tool: { name: string; access: ToolAccess; needs?: readonly ToolFeature[] }, mode: ToolMode): string | undefined {
  if (mode.allowedTools && mode.allowedTools.length > 0 && !mode.allowedTools.includes(tool.name)) {
    return `Tool "${tool.name}" is not in the allowed tool list (K8S_MCP_ALLOWED_TOOLS).`;
  }
  if (tool.access !== 'read' && !mode.allowWrites) {
    return `Tool "${tool.name}" changes the cluster and this server is read-only; an operator can enable writes with K8S_MCP_ALLOW_WRITES=true${tool.access === 'destructive' ? ' and K8S_MCP_ALLOW_DESTRUCTIVE=true' : ''}.`;
  }
  if (tool.access === 'destructive' && !mode.allowDestructive) {
    return `Tool "${tool.name}" is destructive and destructive tools are disabled; an operator can enable them with K8S_MCP_ALLOW_DESTRUCTIVE=true.`;
  }
  for (const feature of tool.needs ?? []) {
    const gate = FEATURE_OFF[feature];
    if (gate.off(mode)) return `Tool "${tool.name}" is unavailable: it ${gate.why}`;
  }
  return undefined;
}
