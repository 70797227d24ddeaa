export { DEFAULT_CLUSTER_SCOPED_KINDS } from './cluster-scoped-kinds.js';
export { toDot } from './export/to-dot.js';
export { toJson } from './export/to-json.js';
export { toMermaid } from './export/to-mermaid.js';
export { edgeLabel, nodeTitle, type RelationResult } from './export/relation-edges.js';
export { GraphError, type GraphErrorCode } from './graph-error.js';
export { MEMORY_ESTIMATE } from './memory-estimate.js';
export {
  EDGE_TYPES,
  SELECTOR_EDGE_TYPES,
  type EdgeDetail,
  type EdgeType,
  type GraphChange,
  type GraphEdge,
  type GraphNode,
  type GraphStats,
  type GraphStatus,
  type PathStep,
  type QueryOptions,
  type RelationStep,
  type RelationTree,
  type RelationTreeNode,
  type TreeQuery,
} from './graph-types.js';
export { createKnowledgeGraph, type KnowledgeGraph, type KnowledgeGraphOptions, type NodeFilter } from './knowledge-graph.js';
export { DEFAULT_MAX_NODES, MAX_NODES_CAP } from './queries/query-options.js';
export { CLUSTER_SCOPE, InvalidResourceIdError, parseResourceId, resourceId, type ResourceRef } from './resource-id.js';
export { objectStatus } from './status/object-status.js';
export { isAddressVariable, parseServiceReference, serviceReferencesIn, type ServiceReference, urlServiceReferencesIn } from './rules/service-dns.js';
