import type { KubeObject, ResourceKind } from '@k8s-mcp/k8s-client';

/**
 * A change the sync applied to the cache. `object` is the lean object (Secret values never
 * appear); `previous` is what the cache held before, for `modified` and `deleted`. A `deleted`
 * event also stands for an object dropped because a relist no longer returns it, or because
 * RBAC stopped allowing the kind to be listed.
 */
export interface ChangeEvent {
  readonly type: 'added' | 'modified' | 'deleted';
  readonly kind: ResourceKind;
  readonly object: KubeObject;
  readonly previous?: KubeObject;
}

/** Receives {@link ChangeEvent}s; it runs synchronously inside the sync, so keep it quick. */
export type ChangeListener = (event: ChangeEvent) => void;
