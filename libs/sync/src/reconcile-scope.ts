import type { KubeObject, ResourceKind } from '@k8s-mcp/k8s-client';
import type { ChangeListener } from './change-event.js';
import type { LeanResult } from './lean-object.js';
import type { ResourceCache } from './resource-cache.js';

/** The part of the cache one informer owns: a kind, cluster-wide or in one namespace. */
export interface CacheScope {
  readonly cache: ResourceCache;
  readonly kind: ResourceKind;
  /** Absent: every namespace (or a cluster-scoped kind). */
  readonly namespace?: string;
  readonly emit: ChangeListener;
}

const keyOf = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/**
 * Makes the scope hold exactly `items` (a fresh list), emitting a change for every difference:
 * `added` for new objects, `modified` when the resourceVersion differs, `deleted` for objects the
 * list no longer has. Objects whose resourceVersion is unchanged are kept as they are.
 *
 * @returns the number of differences
 */
export function reconcileScope(scope: CacheScope, items: readonly LeanResult[]): number {
  const { cache, kind, namespace, emit } = scope;
  const seen = new Set<string>();
  let differences = 0;
  for (const { object, bytes } of items) {
    seen.add(keyOf(object));
    const previous = cache.get(kind, object.metadata.name, object.metadata.namespace);
    if (previous && previous.metadata.resourceVersion === object.metadata.resourceVersion) continue;
    cache.put(kind, object, bytes);
    differences += 1;
    emit(previous ? { type: 'modified', kind, object, previous } : { type: 'added', kind, object });
  }
  for (const cached of cache.list(kind, namespace === undefined ? {} : { namespace })) {
    if (seen.has(keyOf(cached))) continue;
    cache.remove(kind, cached.metadata.name, cached.metadata.namespace);
    differences += 1;
    emit({ type: 'deleted', kind, object: cached, previous: cached });
  }
  return differences;
}

/** Empties the scope, emitting `deleted` for each object; returns how many were removed. */
export function clearScope(scope: CacheScope): number {
  return reconcileScope(scope, []);
}
