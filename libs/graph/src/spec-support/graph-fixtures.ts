// Helpers for unit specs: compact fixture objects and a readable dump of a graph's edges.
import type { KubeObject } from '@k8s-mcp/k8s-client';
import type { GraphEdge, RelationTree, RelationTreeNode } from '../graph-types.js';
import { createKnowledgeGraph, type KnowledgeGraph, type KnowledgeGraphOptions } from '../knowledge-graph.js';

/** A fixture: kind plus the object. */
export interface Fixture {
  readonly kind: string;
  readonly object: KubeObject;
}

/** Builds a fixture object in `namespace` (undefined: cluster-scoped) with extra top-level fields. */
export function obj(
  kind: string,
  namespace: string | undefined,
  name: string,
  fields: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): Fixture {
  return {
    kind,
    object: { metadata: { name, ...(namespace === undefined ? {} : { namespace }), uid: `uid-${kind}-${name}`, ...metadata }, ...fields },
  };
}

/** A graph with `fixtures` upserted in order. */
export function graphOf(fixtures: readonly Fixture[], options?: KnowledgeGraphOptions): KnowledgeGraph {
  const graph = createKnowledgeGraph(options);
  for (const f of fixtures) graph.upsert(f.kind, f.object);
  return graph;
}

/** `type source -> target` plus ` !` when broken and the detail as JSON when not empty. */
export function edgeString(edge: GraphEdge): string {
  const detail = Object.keys(edge.detail).length === 0 ? '' : ` ${JSON.stringify(edge.detail)}`;
  return `${edge.type} ${edge.source} -> ${edge.target}${edge.broken ? ' !' : ''}${detail}`;
}

/** Every edge of the graph as sorted {@link edgeString}s. */
export function edgeStrings(graph: KnowledgeGraph, type?: GraphEdge['type']): string[] {
  return graph
    .edges(type === undefined ? {} : { type })
    .map(edgeString)
    .sort();
}

/** Edges out of `id` as sorted {@link edgeString}s. */
export function outStrings(graph: KnowledgeGraph, id: string): string[] {
  return graph.outEdges(id).map(edgeString).sort();
}

/** A Pod fixture with `spec` and labels. */
export function pod(namespace: string, name: string, spec: Record<string, unknown> = {}, labels: Record<string, string> = {}): Fixture {
  return obj('Pod', namespace, name, { spec: { containers: [{ name: 'app', image: 'app:1' }], ...spec } }, { labels });
}

/** A tree as indented lines: `-type-> id` for out-edges, `<-type- id` for in-edges, `(repeated)` marks. */
export function renderTree(tree: RelationTree): string[] {
  const lines = [tree.root.node.id];
  const walk = (node: RelationTreeNode, depth: number): void => {
    for (const child of node.children) {
      const edge = child.edge;
      if (!edge) continue;
      const arrow = edge.direction === 'out' ? `-${edge.type}->` : `<-${edge.type}-`;
      lines.push(`${'  '.repeat(depth)}${arrow} ${child.node.id}${child.repeated ? ' (repeated)' : ''}`);
      walk(child, depth + 1);
    }
  };
  walk(tree.root, 1);
  return lines;
}

/** A small shop: Ingress -> Service -> Pods of a Deployment, with a ConfigMap, Node, HPA and Events. */
export function shopFixtures(): Fixture[] {
  const rsOwner = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8', uid: 'rs', controller: true }];
  const podSpec = (configMap: boolean) => ({
    nodeName: 'worker-1',
    containers: [{ name: 'app', ...(configMap ? { envFrom: [{ configMapRef: { name: 'web-config' } }] } : {}) }],
  });
  return [
    obj('Node', undefined, 'worker-1', { status: { conditions: [{ type: 'Ready', status: 'True' }] } }),
    obj('ServiceAccount', 'shop', 'default'),
    obj('ConfigMap', 'shop', 'web-config', { data: { a: '1' } }),
    obj('Deployment', 'shop', 'web', { spec: { replicas: 2 }, status: { readyReplicas: 2 } }),
    obj('ReplicaSet', 'shop', 'web-5d8', { spec: { replicas: 2 }, status: { readyReplicas: 2 } }, {
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd', controller: true }],
    }),
    obj('Pod', 'shop', 'web-5d8-a', { spec: podSpec(true) }, { labels: { app: 'web' }, ownerReferences: rsOwner }),
    obj('Pod', 'shop', 'web-5d8-b', { spec: podSpec(false) }, { labels: { app: 'web' }, ownerReferences: rsOwner }),
    obj('Service', 'shop', 'web', { spec: { selector: { app: 'web' } } }),
    obj('Ingress', 'shop', 'shop', { spec: { rules: [{ http: { paths: [{ backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } }),
    obj('HorizontalPodAutoscaler', 'shop', 'web', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 4 } }),
    obj('Event', 'shop', 'web-5d8-a.1', { involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-5d8-a' }, reason: 'Started' }),
  ];
}
