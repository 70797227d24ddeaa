import { hideNamespaceReferences, type KubeObject, type NamespacePolicy } from '@k8s-mcp/k8s-client';
import type { ResourceCacheView, SyncManager } from '@k8s-mcp/sync';

/**
 * `sync` as every reader of the runtime sees it: objects read from its cache or carried by its
 * change events come out through `hideNamespaceReferences` (references into namespaces the policy
 * hides read `<hidden>`), like those of the live cluster and of snapshots. The cached reader, the
 * summary state and the knowledge graph all read the sync through this. Each cached object is
 * redacted once (the cache replaces objects rather than changing them). Returns `sync` itself
 * when the policy hides nothing.
 */
export function hideSyncReferences(sync: SyncManager, policy: NamespacePolicy): SyncManager {
  if (policy.allowed.length === 0 && policy.forbidden.length === 0) return sync;
  const redacted = new WeakMap<KubeObject, KubeObject>();
  const present = (object: KubeObject): KubeObject => {
    let out = redacted.get(object);
    if (out === undefined) {
      out = hideNamespaceReferences(object, policy);
      redacted.set(object, out);
    }
    return out;
  };
  const raw = sync.cache;
  const cache: ResourceCacheView = {
    kinds: () => raw.kinds(),
    get: (kind, name, namespace) => {
      const object = raw.get(kind, name, namespace);
      return object === undefined ? undefined : present(object);
    },
    list: (kind, options) => raw.list(kind, options).map(present),
    count: (kind, namespace) => raw.count(kind, namespace),
    bytes: (kind, namespace) => raw.bytes(kind, namespace),
    stats: () => raw.stats(),
  };
  return {
    cache,
    start: () => sync.start(),
    ready: () => sync.ready(),
    stop: () => sync.stop(),
    status: () => sync.status(),
    healthScore: () => sync.healthScore(),
    subscribe: (listener) =>
      sync.subscribe((change) => listener({ ...change, object: present(change.object), ...(change.previous ? { previous: present(change.previous) } : {}) })),
  };
}
