import { MultiDirectedGraph } from 'graphology';
import { bfsFromNode } from 'graphology-traversal';
import { parseResourceId, resourceId, type ResourceRef } from './resource-id.js';

/** Kinds of relationship edges between objects. */
export const RELATION_TYPES = [
  'owns',
  'selects',
  'routes-to',
  'mounts',
  'references',
  'uses-service-account',
  'scheduled-on',
  'bound-to',
  'scales',
  'about',
] as const;

/** One of {@link RELATION_TYPES}. */
export type RelationType = (typeof RELATION_TYPES)[number];

/** Attributes of a node: the object's identity, and whether it was seen or only referenced. */
export interface ResourceNodeAttributes extends ResourceRef {
  /** False for a node created only because a relation pointed at it (a dangling reference). */
  readonly present: boolean;
  /** Free-form data callers attach (status, labels, ...). */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Attributes of an edge. */
export interface RelationAttributes {
  /** The relationship. */
  readonly type: RelationType;
  /** Free-form detail (e.g. `{ optional: true }` for an optional ConfigMap reference). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** An edge as returned by {@link ResourceGraph.edgesByType}. */
export interface RelationEdge {
  /** Edge key, `type:source->target`. */
  readonly key: string;
  /** Source node id. */
  readonly source: string;
  /** Target node id. */
  readonly target: string;
  /** Edge attributes. */
  readonly attributes: RelationAttributes;
}

/**
 * A graphology multi directed graph of Kubernetes objects keyed by {@link resourceId}, with
 * typed relation edges. Between two objects there is at most one edge of each type.
 */
export class ResourceGraph extends MultiDirectedGraph<ResourceNodeAttributes, RelationAttributes> {
  /**
   * Adds (or updates) an observed object and returns its id. A placeholder created earlier by a
   * dangling reference becomes present.
   */
  addResource(ref: ResourceRef, data?: Readonly<Record<string, unknown>>): string {
    const id = resourceId(ref);
    const attributes: ResourceNodeAttributes = {
      kind: ref.kind,
      ...(ref.namespace === undefined ? {} : { namespace: ref.namespace }),
      name: ref.name,
      present: true,
      ...(data === undefined ? {} : { data }),
    };
    if (this.hasNode(id)) this.replaceNodeAttributes(id, attributes);
    else this.addNode(id, attributes);
    return id;
  }

  /**
   * Adds a `type` edge from `source` to `target` (refs or ids) and returns its key. An endpoint
   * not yet added becomes a placeholder node with `present: false`, so dangling references stay
   * visible. Adding the same typed edge twice updates its detail.
   */
  addRelation(
    source: ResourceRef | string,
    target: ResourceRef | string,
    type: RelationType,
    detail?: Readonly<Record<string, unknown>>,
  ): string {
    const from = this.ensureNode(source);
    const to = this.ensureNode(target);
    const key = `${type}:${from}->${to}`;
    const attributes: RelationAttributes = detail === undefined ? { type } : { type, detail };
    this.mergeEdgeWithKey(key, from, to, attributes);
    return key;
  }

  /** Every edge of one relation type, in insertion order. */
  edgesByType(type: RelationType): RelationEdge[] {
    return this.filterEdges((_key, attributes) => attributes.type === type).map((key) => ({
      key,
      source: this.source(key),
      target: this.target(key),
      attributes: this.getEdgeAttributes(key),
    }));
  }

  /** Ids of nodes created only by references: objects that are named but were never seen. */
  missingResources(): string[] {
    return this.filterNodes((_id, attributes) => !attributes.present);
  }

  /**
   * Ids reachable from `start` within `maxDepth` hops (breadth-first, `start` excluded), following
   * edges forwards (`out`), backwards (`in`) or both ways (`both`).
   */
  neighbourhood(start: string, maxDepth: number, direction: 'out' | 'in' | 'both' = 'both'): string[] {
    if (!this.hasNode(start)) return [];
    // graphology-traversal: 'directed' follows directed edges both ways; 'undirected' only undirected edges.
    const mode = direction === 'both' ? 'directed' : direction === 'out' ? 'outbound' : 'inbound';
    const found: string[] = [];
    bfsFromNode(
      this,
      start,
      (id, _attributes, depth) => {
        if (depth > 0) found.push(id);
        return depth >= maxDepth;
      },
      { mode },
    );
    return found;
  }

  private ensureNode(ref: ResourceRef | string): string {
    const id = typeof ref === 'string' ? ref : resourceId(ref);
    if (!this.hasNode(id)) {
      const parsed = typeof ref === 'string' ? parseResourceId(ref) : ref;
      this.addNode(id, {
        kind: parsed.kind,
        ...(parsed.namespace === undefined ? {} : { namespace: parsed.namespace }),
        name: parsed.name,
        present: false,
      });
    }
    return id;
  }
}

/** Creates an empty {@link ResourceGraph} (graphology `MultiDirectedGraph`, no self loops). */
export function createResourceGraph(): ResourceGraph {
  return new ResourceGraph({ allowSelfLoops: false });
}
