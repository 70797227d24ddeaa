import { scopeKey } from './label-index.js';
import type { SelectorDeclaration } from './rules/declarations.js';

const anyNamespaceScope = (kind: string): string => `${kind}/*`;

/** The index keys a set of selectors is registered under. */
export function scopesOf(selectors: readonly SelectorDeclaration[]): string[] {
  const scopes = new Set<string>();
  for (const s of selectors) {
    scopes.add(s.namespaceSelector ? anyNamespaceScope(s.targetKind) : scopeKey(s.targetKind, s.namespace));
  }
  return [...scopes];
}

/**
 * Which objects have selectors that may match objects of a kind in a namespace (`Kind/namespace`,
 * `Kind/_cluster`), or in any namespace through a namespaceSelector (`Kind/*`). A new or
 * relabelled object is checked against these declarers only.
 */
export class SelectorIndex {
  private readonly byScope = new Map<string, Set<string>>();

  /** Registers `id` under `scopes`. */
  add(id: string, scopes: readonly string[]): void {
    for (const scope of scopes) {
      let ids = this.byScope.get(scope);
      if (!ids) {
        ids = new Set();
        this.byScope.set(scope, ids);
      }
      ids.add(id);
    }
  }

  /** Unregisters `id` from `scopes`. */
  delete(id: string, scopes: readonly string[]): void {
    for (const scope of scopes) {
      const ids = this.byScope.get(scope);
      ids?.delete(id);
      if (ids?.size === 0) this.byScope.delete(scope);
    }
  }

  /** Declarers whose selectors may match a `kind` object in `namespace` (undefined: cluster-scoped). */
  declarersFor(kind: string, namespace: string | undefined): Set<string> {
    const declarers = new Set(this.byScope.get(scopeKey(kind, namespace)));
    if (namespace !== undefined) for (const d of this.byScope.get(anyNamespaceScope(kind)) ?? []) declarers.add(d);
    return declarers;
  }

  /** Declarers with a namespaceSelector (affected when a Namespace appears, goes or is relabelled). */
  namespaceSelectorDeclarers(): Set<string> {
    const declarers = new Set<string>();
    for (const [scope, ids] of this.byScope) if (scope.endsWith('/*')) for (const d of ids) declarers.add(d);
    return declarers;
  }
}
