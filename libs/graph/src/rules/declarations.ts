import type { KubeObject } from '@k8s-mcp/k8s-client';
import { mergeDetail } from '../edge-detail.js';
import type { EdgeDetail, EdgeType } from '../graph-types.js';
import type { LabelSelector } from '../label-selector.js';
import { resourceId, type ResourceRef } from '../resource-id.js';

/** An edge from the declaring object to an object it names. */
export interface RefDeclaration {
  readonly type: EdgeType;
  readonly target: ResourceRef;
  /** `resourceId(target)`. */
  readonly targetId: string;
  readonly detail: EdgeDetail;
}

/**
 * Edges from the declaring object to every present object of `targetKind` matching `selector`:
 * in `namespace` (undefined: cluster-scoped targets such as Namespaces), or, with
 * `namespaceSelector`, in every namespace whose Namespace object's labels match it.
 */
export interface SelectorDeclaration {
  readonly type: EdgeType;
  readonly targetKind: string;
  readonly namespace: string | undefined;
  readonly namespaceSelector?: LabelSelector;
  readonly selector: LabelSelector;
  readonly detail: EdgeDetail;
}

/** Everything one object declares; the graph turns it into the object's out-edges. */
export interface Declarations {
  readonly refs: readonly RefDeclaration[];
  readonly selectors: readonly SelectorDeclaration[];
}

/** What a rule sees: the object and its identity. */
export interface RuleContext {
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly id: string;
  readonly object: KubeObject;
}

/** Collects declarations, merging repeated references to the same target (see mergeDetail). */
export class DeclarationBuilder {
  private readonly refs = new Map<string, RefDeclaration>();
  private readonly selectors: SelectorDeclaration[] = [];

  /** @param isClusterScoped decides whether a referenced kind gets a namespace. */
  constructor(
    private readonly ctx: RuleContext,
    private readonly isClusterScoped: (kind: string) => boolean,
  ) {}

  /**
   * Declares a `type` edge to `kind/name`, in `namespace` unless `kind` is cluster-scoped.
   * Ignored when the name is missing, malformed (contains "/") or names the object itself.
   */
  ref(type: EdgeType, kind: string | undefined, namespace: string | undefined, name: string | undefined, detail: EdgeDetail = {}): void {
    if (!kind || !name) return;
    const target: ResourceRef = this.isClusterScoped(kind) || !namespace ? { kind, name } : { kind, namespace, name };
    if (!this.isClusterScoped(kind) && !namespace) return; // a namespaced target needs a namespace
    let targetId: string;
    try {
      targetId = resourceId(target);
    } catch {
      return; // malformed reference: nothing the API server could resolve either
    }
    if (targetId === this.ctx.id) return;
    const key = `${type}|${targetId}`;
    const previous = this.refs.get(key);
    this.refs.set(key, { type, target, targetId, detail: previous ? mergeDetail(previous.detail, detail) : detail });
  }

  /** Declares selector edges (see {@link SelectorDeclaration}). */
  select(declaration: SelectorDeclaration): void {
    if (declaration.selector.never || declaration.namespaceSelector?.never) return;
    this.selectors.push(declaration);
  }

  /** The collected declarations. */
  build(): Declarations {
    return { refs: [...this.refs.values()], selectors: this.selectors };
  }
}

/** A relation rule: reads one object and declares its edges. */
export type RelationRule = (ctx: RuleContext, out: DeclarationBuilder) => void;
