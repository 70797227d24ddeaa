import type { ToolDefinition } from '../tool-definition.js';
import { authCanI } from './auth-tools.js';
import { viewConfig } from './config-tools.js';
import { describe, describePod } from './describe-tools.js';
import { exec } from './exec-tools.js';
import { listHelmReleases } from './helm-tools.js';
import { getDeployments, getEvents, getLogs, getNodes, getPods, getResource, getServices, listNamespaces, listResources } from './read-tools.js';
import { relationQueryTool } from './relation-tool.js';
import { clusterSummaryTool } from './summary-tool.js';
import type { ToolContext } from './tool-context.js';
import { topNodes, topPods } from './top-tools.js';
import { apply, remove, rolloutRestart, scale, scaleDeployment } from './write-tools.js';

/** Hard cap on a tool result's text when the server sets none, in UTF-8 bytes (~6k tokens). */
export const DEFAULT_MAX_OUTPUT_BYTES = 24_000;

/** What bounds the tools whose schema and answers depend on the server's settings. */
export interface ToolLimits {
  /** K8S_MCP_MAX_OUTPUT_KB in bytes. Default {@link DEFAULT_MAX_OUTPUT_BYTES}. */
  readonly maxOutputBytes?: number;
  /** GRAPH_MAX_DEPTH: the deepest relation query a caller may ask for. Default 10. */
  readonly graphMaxDepth?: number;
  /** MAX_SUMMARY_SIZE_KB: the default and largest summary budget. Default 10. */
  readonly summaryMaxKb?: number;
}

/**
 * The Kubernetes tools, in the order `tools/list` shows them (the modes filter them), with the
 * relation query and the summary bounded by `limits`: their schemas' maxima are the bounds, and
 * a larger request is clamped and the answer says so.
 */
export function kubernetesTools(limits: ToolLimits = {}): readonly ToolDefinition<ToolContext>[] {
  const maxOutputBytes = limits.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  return [
    getPods,
    getServices,
    getDeployments,
    getNodes,
    listNamespaces,
    getEvents,
    getLogs,
    describePod,
    describe,
    getResource,
    listResources,
    topPods,
    topNodes,
    listHelmReleases,
    viewConfig,
    relationQueryTool({ maxDepth: limits.graphMaxDepth ?? 10, maxOutputBytes }),
    clusterSummaryTool({ maxSizeKb: limits.summaryMaxKb ?? 10, maxOutputBytes }),
    authCanI,
    scaleDeployment,
    scale,
    rolloutRestart,
    apply,
    remove,
    exec,
  ] as unknown as readonly ToolDefinition<ToolContext>[];
}

/** The Kubernetes tools with the default limits (see {@link kubernetesTools}). */
export const KUBERNETES_TOOLS: readonly ToolDefinition<ToolContext>[] = kubernetesTools();
