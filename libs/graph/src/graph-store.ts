import type { KubeObject } from '@k8s-mcp/k8s-client';
import { MultiDirectedGraph } from 'graphology';
import { mergeDetail } from './edge-detail.js';
import { GraphError } from './graph-error.js';
import { type EdgeDetail, type EdgeType, type GraphStatus, SELECTOR_EDGE_TYPES } from './graph-types.js';
import { stringAt, stringMapAt } from './json-fields.js';
import { LabelIndex } from './label-index.js';
import { selectorMatches } from './label-selector.js';
import { resourceId, type ResourceRef } from './resource-id.js';
import type { Declarations, RefDeclaration, SelectorDeclaration } from './rules/declarations.js';
import { declareRelations } from './rules/declare.js';
import { estimateBytes, memoryLimitMessage } from './memory-estimate.js';
import { scopesOf, SelectorIndex } from './selector-index.js';
import { objectStatus } from './status/object-status.js';

/** Node attributes kept in graphology: the lean public view of an object. */
export interface NodeAttributes {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly uid?: string;
  readonly status: string;
  readonly missing: boolean;
}

/** Edge attributes kept in graphology. */
export interface EdgeAttributes {
  readonly type: EdgeType;
  readonly detail: EdgeDetail;
}

/** What the store remembers about a present object besides its node. */
interface ObjectState {
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly name: string;
  /** Its selectors (references by name need not be kept: they are its non-selector out-edges). */
  readonly selectors: readonly SelectorDeclaration[];
  /** Selector index keys this object is registered under. */
  readonly scopes: readonly string[];
  readonly resourceVersion: string | undefined;
  lastSeen: number;
}

/** Options of {@link GraphStore}. */
export interface GraphStoreOptions {
  readonly now: () => number;
  readonly ttlMs: number;
  readonly memoryLimitBytes: number | undefined;
  readonly isClusterScoped: (kind: string) => boolean;
  readonly onStatusChange: ((status: GraphStatus, message: string | undefined) => void) | undefined;
}

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>> | undefined): boolean {
  if (b === undefined) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => b[k] === a[k]);
}

const NO_SELECTORS: readonly SelectorDeclaration[] = [];

function sameDetail(a: EdgeDetail, b: EdgeDetail): boolean {
  return a.via === b.via && a.optional === b.optional && a.port === b.port && a.controller === b.controller && a.ready === b.ready;
}

// Selectors are small plain data built in a fixed order by the rules, so JSON equality is exact.
function sameSelectors(a: readonly SelectorDeclaration[], b: readonly SelectorDeclaration[]): boolean {
  return a.length === b.length && (a.length === 0 || JSON.stringify(a) === JSON.stringify(b));
}

function placeholderAttributes(ref: ResourceRef): NodeAttributes {
  return {
    kind: ref.kind,
    ...(ref.namespace === undefined ? {} : { namespace: ref.namespace }),
    name: ref.name,
    status: 'missing',
    missing: true,
  };
}

/**
 * The incremental core of the knowledge graph. Every edge is declared by its source object (the
 * dependent), so an object's out-edges are exactly its declarations: an update whose
 * references are unchanged (a status change) leaves them alone, any other drops and re-adds them. Edges others declare towards an object are either by name (they point at its id
 * whether it exists or not: a placeholder flagged `missing` stands in while it is absent) or by
 * label selector (recomputed for that object alone when its labels change, from the index of
 * selectors registered for its kind and namespace). Nothing is ever rebuilt wholesale.
 */
export class GraphStore {
  /** The graphology graph (read by the query layer; written only here). */
  readonly graph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>({ allowSelfLoops: false });
  private readonly objects = new Map<string, ObjectState>();
  private readonly labels = new LabelIndex();
  /** Selector index: `Kind/namespace`, `Kind/_cluster` or `Kind/*` -> ids of objects with selectors there. */
  private readonly selectors = new SelectorIndex();
  /** Objects left out, or with references dropped, because of the memory limit. */
  private readonly refused = new Set<string>();
  /**
   * Ids of the missing placeholders, in the graph's node order while `missingInOrder` (a node
   * turned placeholder keeps its place in the graph but would join this set at the end).
   */
  private readonly missing = new Set<string>();
  private missingInOrder = true;
  private lastStatus: GraphStatus = 'ok';

  constructor(private readonly options: GraphStoreOptions) {}

  /** Adds or updates one object; see KnowledgeGraph.upsert. */
  upsert(kind: string, object: KubeObject): void {
    const name = stringAt(object?.metadata?.name);
    const namespace = stringAt(object?.metadata?.namespace);
    let id: string;
    try {
      if (name === undefined) throw new Error('metadata.name is missing');
      id = resourceId({ kind, namespace, name });
    } catch (error) {
      throw new GraphError('INVALID_OBJECT', `upsert: cannot add a ${kind || '(no kind)'} without a valid identity: ${(error as Error).message}`);
    }
    const now = this.options.now();
    const previous = this.objects.get(id);
    const resourceVersion = stringAt(object.metadata.resourceVersion);
    if (previous && resourceVersion !== undefined && previous.resourceVersion === resourceVersion && !this.refused.has(id)) {
      previous.lastSeen = now; // a resync of an unchanged object only refreshes its TTL
      return;
    }
    if (!previous && !this.graph.hasNode(id) && !this.hasRoom()) {
      this.refused.add(id);
      this.updateStatus();
      return;
    }

    const declarations = declareRelations({ kind, namespace, name, id, object }, this.options.isClusterScoped);
    const uid = stringAt(object.metadata.uid);
    const attributes: NodeAttributes = {
      kind,
      ...(namespace === undefined ? {} : { namespace }),
      name,
      ...(uid === undefined ? {} : { uid }),
      status: objectStatus(kind, object),
      missing: false,
    };
    if (this.graph.hasNode(id)) this.graph.replaceNodeAttributes(id, attributes);
    else this.graph.addNode(id, attributes);
    this.missing.delete(id);

    const labels = stringMapAt(object.metadata.labels) ?? {};
    const relabelled = !sameLabels(labels, this.labels.labelsOf(id));
    if (relabelled) this.labels.set(id, kind, namespace, labels);

    const selectors = declarations.selectors.length === 0 ? NO_SELECTORS : declarations.selectors;
    // Most updates (status changes) leave the references alone: then the edges stay as they are.
    const unchanged = previous !== undefined && sameSelectors(previous.selectors, selectors) && this.hasExactRefs(id, declarations.refs);
    const state: ObjectState = {
      kind,
      namespace,
      name,
      selectors,
      scopes: unchanged ? previous.scopes : scopesOf(selectors),
      resourceVersion,
      lastSeen: now,
    };
    this.objects.set(id, state);
    let oldTargets: string[] = [];
    let complete = true;
    if (!unchanged) {
      if (previous) oldTargets = this.dropOwnEdges(id, previous);
      complete = this.applyOwnEdges(id, state, declarations);
    }

    if (relabelled) {
      this.dropIncomingSelectorEdges(id);
      this.matchIncoming(id, state, labels);
      if (kind === 'Namespace') this.reapplyNamespaceSelectors();
    }
    this.cleanupPlaceholders(oldTargets);
    if (complete) this.refused.delete(id);
    else this.refused.add(id);
    this.updateStatus();
  }

  /** Removes one object; see KnowledgeGraph.remove. */
  remove(kind: string, namespace: string | undefined, name: string): void {
    let id: string;
    try {
      id = resourceId({ kind, namespace: namespace || undefined, name });
    } catch {
      return; // no such object can be in the graph
    }
    this.refused.delete(id);
    const previous = this.objects.get(id);
    if (previous) {
      const oldTargets = this.dropOwnEdges(id, previous);
      this.dropIncomingSelectorEdges(id);
      this.labels.delete(id, previous.kind, previous.namespace);
      this.objects.delete(id);
      if (previous.kind === 'Namespace') this.reapplyNamespaceSelectors();
      // Others still name it: it stays as a placeholder, their edges now broken.
      if (this.graph.inDegree(id) > 0) {
        this.graph.replaceNodeAttributes(id, placeholderAttributes({ kind, namespace: previous.namespace, name }));
        this.missing.add(id);
        this.missingInOrder = false;
      } else {
        this.graph.dropNode(id);
      }
      this.cleanupPlaceholders(oldTargets);
    }
    this.updateStatus();
  }

  /** Removes every object not upserted within `ttlMs`; returns how many. */
  evictStale(): number {
    const cutoff = this.options.now() - this.options.ttlMs;
    const stale = [...this.objects].filter(([, s]) => s.lastSeen < cutoff).map(([, s]) => s);
    for (const s of stale) this.remove(s.kind, s.namespace, s.name);
    return stale.length;
  }

  /**
   * Ids of the missing placeholders in the graph's node order (what a scan of every node would
   * find, without the scan: summaries ask for broken references on every call).
   */
  missingIds(): ReadonlySet<string> {
    if (!this.missingInOrder) {
      this.missing.clear();
      this.graph.forEachNode((id, a) => {
        if (a.missing) this.missing.add(id);
      });
      this.missingInOrder = true;
    }
    return this.missing;
  }

  /** Estimated bytes (see MEMORY_ESTIMATE). */
  approxBytes(): number {
    return estimateBytes(this.graph.order, this.graph.size, this.labels.pairs);
  }

  /** Number of refused or incomplete objects. */
  refusedCount(): number {
    return this.refused.size;
  }

  /** Current status and its explanation. */
  status(): { status: GraphStatus; message?: string } {
    if (this.refused.size === 0) return { status: 'ok' };
    return { status: 'memory-limit', message: memoryLimitMessage(this.options.memoryLimitBytes ?? 0, this.approxBytes(), this.refused.size) };
  }

  private hasRoom(): boolean {
    const limit = this.options.memoryLimitBytes;
    return limit === undefined || this.approxBytes() + estimateBytes(1, 0, 0) <= limit;
  }

  private updateStatus(): void {
    const { status, message } = this.status();
    if (status !== this.lastStatus) {
      this.lastStatus = status;
      this.options.onStatusChange?.(status, message);
    }
  }

  /** Whether the object's by-name out-edges are exactly `refs` (same targets, types and details). */
  private hasExactRefs(id: string, refs: readonly RefDeclaration[]): boolean {
    // Refs are unique per (type, target) and so are edges: matching every edge and equal counts
    // make a bijection. A linear search beats building keys for the handful of refs an object has.
    let count = 0;
    let same = true;
    this.graph.forEachOutEdge(id, (_key, a, _source, target) => {
      if (!same || SELECTOR_EDGE_TYPES.has(a.type)) return;
      count += 1;
      const ref = refs.find((r) => r.type === a.type && r.targetId === target);
      if (!ref || !sameDetail(ref.detail, a.detail)) same = false;
    });
    return same && count === refs.length;
  }

  private addOrMergeEdge(source: string, target: string, type: EdgeType, detail: EdgeDetail): void {
    if (source === target) return;
    // At most one edge per type between two objects; a second declaration merges into it.
    const existing = this.graph.hasEdge(source, target) ? this.graph.findOutEdge(source, target, (_key, a) => a.type === type) : undefined;
    if (existing === undefined) {
      this.graph.addEdge(source, target, { type, detail });
    } else {
      const previous = this.graph.getEdgeAttributes(existing);
      this.graph.replaceEdgeAttributes(existing, { type, detail: mergeDetail(previous.detail, detail) });
    }
  }

  /** Adds the object's declared edges; false when a placeholder could not be added (memory limit). */
  private applyOwnEdges(id: string, state: ObjectState, declarations: Declarations): boolean {
    let complete = true;
    for (const ref of declarations.refs) {
      if (!this.graph.hasNode(ref.targetId)) {
        if (!this.hasRoom()) {
          complete = false;
          continue;
        }
        this.graph.addNode(ref.targetId, placeholderAttributes(ref.target));
        this.missing.add(ref.targetId);
      }
      this.addOrMergeEdge(id, ref.targetId, ref.type, ref.detail);
    }
    for (const selector of state.selectors) {
      for (const target of this.matches(selector)) this.addOrMergeEdge(id, target, selector.type, selector.detail);
    }
    this.selectors.add(id, state.scopes);
    return complete;
  }

  /** Drops the object's out-edges and selector registrations; returns the former targets. */
  private dropOwnEdges(id: string, state: ObjectState): string[] {
    const targets: string[] = [];
    for (const edge of this.graph.outEdges(id)) {
      targets.push(this.graph.target(edge));
      this.graph.dropEdge(edge);
    }
    this.selectors.delete(id, state.scopes);
    return targets;
  }

  private namespaceLabels(namespace: string): Readonly<Record<string, string>> | undefined {
    return this.labels.labelsOf(resourceId({ kind: 'Namespace', name: namespace }));
  }

  private matches(selector: SelectorDeclaration): string[] {
    if (!selector.namespaceSelector) return this.labels.select(selector.targetKind, selector.namespace, selector.selector);
    const out: string[] = [];
    for (const nsId of this.labels.select('Namespace', undefined, selector.namespaceSelector)) {
      const ns = this.objects.get(nsId)?.name;
      if (ns !== undefined) out.push(...this.labels.select(selector.targetKind, ns, selector.selector));
    }
    return out;
  }

  private dropIncomingSelectorEdges(id: string): void {
    for (const edge of this.graph.inEdges(id)) {
      if (SELECTOR_EDGE_TYPES.has(this.graph.getEdgeAttribute(edge, 'type'))) this.graph.dropEdge(edge);
    }
  }

  /** Adds the selector edges other objects' selectors declare towards this (new or relabelled) object. */
  private matchIncoming(id: string, state: ObjectState, labels: Readonly<Record<string, string>>): void {
    const declarers = this.selectors.declarersFor(state.kind, state.namespace);
    if (declarers.size === 0) return;
    const nsLabels = state.namespace === undefined ? undefined : this.namespaceLabels(state.namespace);
    for (const declarer of declarers) {
      if (declarer === id) continue;
      for (const s of this.objects.get(declarer)?.selectors ?? []) {
        if (s.targetKind !== state.kind) continue;
        if (s.namespaceSelector) {
          if (!nsLabels || !selectorMatches(s.namespaceSelector, nsLabels)) continue;
        } else if (s.namespace !== state.namespace) continue;
        if (selectorMatches(s.selector, labels)) this.addOrMergeEdge(declarer, id, s.type, s.detail);
      }
    }
  }

  /**
   * A Namespace appeared, vanished or was relabelled: selectors with a namespaceSelector may now
   * match other namespaces, so their selector edges are recomputed (rare, and bounded by the
   * objects that use namespace selectors).
   */
  private reapplyNamespaceSelectors(): void {
    for (const declarer of this.selectors.namespaceSelectorDeclarers()) {
      const state = this.objects.get(declarer);
      if (!state) continue;
      for (const edge of this.graph.outEdges(declarer)) {
        if (SELECTOR_EDGE_TYPES.has(this.graph.getEdgeAttribute(edge, 'type'))) this.graph.dropEdge(edge);
      }
      for (const selector of state.selectors) {
        for (const target of this.matches(selector)) this.addOrMergeEdge(declarer, target, selector.type, selector.detail);
      }
    }
  }

  /** Drops placeholders nothing references any more. */
  private cleanupPlaceholders(ids: readonly string[]): void {
    for (const id of ids) {
      if (this.graph.hasNode(id) && this.graph.getNodeAttribute(id, 'missing') && this.graph.inDegree(id) === 0) {
        this.graph.dropNode(id);
        this.missing.delete(id);
      }
    }
  }
}
