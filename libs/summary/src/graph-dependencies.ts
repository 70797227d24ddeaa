import { createKnowledgeGraph, parseResourceId, type EdgeType, type GraphEdge, type KnowledgeGraph } from '@k8s-mcp/graph';
import type { NamespacePolicy } from '@k8s-mcp/k8s-client';
import { SUMMARY_KINDS } from './cluster-index.js';
import type { ClusterState } from './cluster-state.js';
import type { ObjectRef } from './finding.js';
import type { Dependency, DependencySource } from './root-cause.js';

/**
 * Edges along which a problem travels from dependency to dependent. Ownership is left out (a
 * pod does not fail because of its ReplicaSet; the reverse is handled through grouping), and
 * so are events, policies and RBAC, which do not make an object unhealthy.
 */
const HEALTH_EDGES: ReadonlySet<EdgeType> = new Set<EdgeType>([
  'selects',
  'routes-to',
  'ingress-class',
  'uses-configmap',
  'uses-secret',
  'claims',
  'bound-to',
  'storage-class',
  'service-account',
  'scheduled-on',
  'priority-class',
  'runtime-class',
  'scales',
  'governing-service',
  'calls',
  'attaches-to',
  'gateway-class',
]);

/** `routes-to` -> `routes to`. */
export function edgeLabel(type: EdgeType): string {
  return type.replace(/-/g, ' ');
}

function refOf(id: string): ObjectRef {
  const r = parseResourceId(id);
  return r.namespace === undefined ? { kind: r.kind, name: r.name } : { kind: r.kind, namespace: r.namespace, name: r.name };
}

/** Whether a broken edge matters: optional references and image pull secrets do not break a pod. */
export function isRequiredEdge(edge: GraphEdge): boolean {
  return edge.detail.optional !== true;
}

/**
 * The chain builder's view of a knowledge graph: an object's health dependencies (out-edges of
 * {@link HEALTH_EDGES}; a missing target only when the reference is required) and its blast
 * radius (how many objects its `impact` walk reaches within the graph's depth).
 */
export function dependenciesFromGraph(graph: KnowledgeGraph): DependencySource {
  const impactCache = new Map<string, number>();
  return {
    dependencies(ref: ObjectRef): Dependency[] {
      const id = `${ref.kind}/${ref.namespace ?? '_cluster'}/${ref.name}`;
      return graph
        .outEdges(id)
        // Inferred calls (a guess from env or ConfigMap text) do not make a pod unhealthy on their
        // own: an image pull error is not explained by the database it would call. The intent
        // detector links such calls explicitly where they matter.
        .filter((e) => HEALTH_EDGES.has(e.type) && e.detail.inferred !== true && (!e.broken || isRequiredEdge(e)))
        .map((e) => ({ ref: refOf(e.target), relation: edgeLabel(e.type), missing: e.broken }));
    },
    impactSize(ref: ObjectRef): number {
      const id = `${ref.kind}/${ref.namespace ?? '_cluster'}/${ref.name}`;
      const cached = impactCache.get(id);
      if (cached !== undefined) return cached;
      let size = 0;
      if (graph.node(id)) {
        // The walk reaches every dependent whatever maxNodes is (those past it are counted in
        // `omitted`): 1 keeps it from building a tree nobody reads.
        const tree = graph.impact(id, { maxNodes: 1 });
        size = tree.nodeCount + tree.omitted;
      }
      impactCache.set(id, size);
      return size;
    },
  };
}

/**
 * Builds a knowledge graph from a cluster state (every kind the summaries read), with the
 * namespace policy applied. Used when the caller has no live graph to pass.
 */
export function graphFromState(state: ClusterState, policy?: NamespacePolicy): KnowledgeGraph {
  const graph = createKnowledgeGraph({
    ...(policy ? { isNamespaceVisible: (ns: string) => policy.isAllowed(ns) } : {}),
    maxDepth: 3,
  });
  for (const kind of SUMMARY_KINDS) {
    // Events only add `about` edges, which no summary walks; skipping them saves memory.
    if (kind === 'Event') continue;
    for (const object of state.list(kind)) {
      const ns = object.metadata.namespace;
      if (policy && ns !== undefined && !policy.isAllowed(ns)) continue;
      if (policy && kind === 'Namespace' && !policy.isAllowed(object.metadata.name)) continue;
      try {
        graph.upsert(kind, object);
      } catch {
        // A malformed object (no name) cannot be related; the detectors still see it.
      }
    }
  }
  return graph;
}

/** A resource id's ref (for findings from graph edges). */
export { refOf as refFromGraphId };
