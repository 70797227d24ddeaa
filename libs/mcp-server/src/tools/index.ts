import type { ToolDefinition } from '../tool-definition.js';
import { authCanI } from './auth-tools.js';
import { viewConfig } from './config-tools.js';
import { describe, describePod } from './describe-tools.js';
import { exec } from './exec-tools.js';
import { listHelmReleases } from './helm-tools.js';
import { getDeployments, getEvents, getLogs, getNodes, getPods, getResource, getServices, listNamespaces, listResources } from './read-tools.js';
import { relationQuery } from './relation-tool.js';
import { clusterSummary } from './summary-tool.js';
import type { ToolContext } from './tool-context.js';
import { topNodes, topPods } from './top-tools.js';
import { apply, remove, rolloutRestart, scale, scaleDeployment } from './write-tools.js';

/** The Kubernetes tools, in the order `tools/list` shows them (the modes filter them). */
export const KUBERNETES_TOOLS: readonly ToolDefinition<ToolContext>[] = [
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
  relationQuery,
  clusterSummary,
  authCanI,
  scaleDeployment,
  scale,
  rolloutRestart,
  apply,
  remove,
  exec,
] as unknown as readonly ToolDefinition<ToolContext>[];
