export {
  createResourceGraph,
  RELATION_TYPES,
  ResourceGraph,
  type RelationAttributes,
  type RelationEdge,
  type RelationType,
  type ResourceNodeAttributes,
} from './resource-graph.js';
export { CLUSTER_SCOPE, InvalidResourceIdError, parseResourceId, resourceId, type ResourceRef } from './resource-id.js';
