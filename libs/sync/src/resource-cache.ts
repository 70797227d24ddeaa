import { K8sClientError, matchKind, resourceNameOf, type KubeObject, type ResourceKind } from '@k8s-mcp/k8s-client';

/** Decides whether an object's labels match, e.g. a parsed label selector's `matches`. */
export type LabelPredicate = (labels: Readonly<Record<string, string>>) => boolean;

/** Options of {@link ResourceCacheView.list}. */
export interface CacheListOptions {
  /** Only objects in this namespace (ignored for cluster-scoped kinds). Default: every namespace. */
  readonly namespace?: string;
  /** Only objects whose labels (`{}` when none) satisfy it. */
  readonly labelSelector?: LabelPredicate;
}

/** How much one kind holds. */
export interface KindStats {
  readonly kind: ResourceKind;
  readonly objects: number;
  /** Sum of the objects' estimated sizes (JSON length of the lean objects). */
  readonly bytes: number;
}

/**
 * Read access to the synced objects. Objects are lean (see `leanObject`) and shared, not copied:
 * treat them as read-only. A kind is named by a {@link ResourceKind} or any reference
 * `matchKind` understands (`Pod`, `pods`, `deploy`, `deployments.apps`).
 *
 * @throws K8sClientError `UNKNOWN_KIND` when the kind is not one this cache holds.
 */
export interface ResourceCacheView {
  /** The kinds this cache holds, in the order given at creation. */
  kinds(): readonly ResourceKind[];
  /** One object, or `undefined`. `namespace` is ignored for cluster-scoped kinds. */
  get(kind: ResourceKind | string, name: string, namespace?: string): KubeObject | undefined;
  /** Objects of a kind, optionally in one namespace and matching a label predicate; a fresh array. */
  list(kind: ResourceKind | string, options?: CacheListOptions): KubeObject[];
  /** Number of objects of a kind, optionally in one namespace. */
  count(kind: ResourceKind | string, namespace?: string): number;
  /** Estimated bytes of a kind's objects, optionally in one namespace. */
  bytes(kind: ResourceKind | string, namespace?: string): number;
  /** Objects and bytes of every kind. */
  stats(): KindStats[];
}

/** The writable cache the informers fill; hand out {@link ResourceCache.view} to readers. */
export interface ResourceCache extends ResourceCacheView {
  /** Stores (or replaces) an object; returns the object it replaced. */
  put(kind: ResourceKind, object: KubeObject, bytes: number): KubeObject | undefined;
  /** Removes an object; returns it, or `undefined` when it was not there. */
  remove(kind: ResourceKind, name: string, namespace?: string): KubeObject | undefined;
  /** A facade with only the read methods. */
  view(): ResourceCacheView;
}

interface Entry {
  readonly object: KubeObject;
  readonly bytes: number;
}

/** One kind's objects, indexed by namespace ('' for cluster-scoped) then name. */
interface KindStore {
  readonly kind: ResourceKind;
  readonly byNamespace: Map<string, Map<string, Entry>>;
  readonly namespaceBytes: Map<string, number>;
  objects: number;
  bytes: number;
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Creates an empty cache for `kinds`, keyed by `plural.group` so two groups may share a kind name.
 *
 * @throws K8sClientError `UNKNOWN_KIND` from the read methods for a kind not in `kinds`.
 */
export function createResourceCache(kinds: readonly ResourceKind[]): ResourceCache {
  const stores = new Map<string, KindStore>();
  for (const kind of kinds) {
    stores.set(resourceNameOf(kind), { kind, byNamespace: new Map(), namespaceBytes: new Map(), objects: 0, bytes: 0 });
  }
  const kindList = Object.freeze([...stores.values()].map((s) => s.kind));

  function storeOf(ref: ResourceKind | string): KindStore {
    const kind = typeof ref === 'string' ? matchKind(kindList, ref) : ref;
    const store = kind && stores.get(resourceNameOf(kind));
    if (!store) {
      const name = typeof ref === 'string' ? ref : resourceNameOf(ref);
      throw new K8sClientError(
        'UNKNOWN_KIND',
        `resource cache: kind "${name}" is not synced; synced kinds: ${kindList.map((k) => k.kind).join(', ')}`,
      );
    }
    return store;
  }

  const nsKey = (store: KindStore, namespace: string | undefined): string =>
    store.kind.namespaced ? (namespace ?? '') : '';

  function put(kind: ResourceKind, object: KubeObject, bytes: number): KubeObject | undefined {
    const store = storeOf(kind);
    const ns = nsKey(store, object.metadata.namespace);
    let names = store.byNamespace.get(ns);
    if (!names) store.byNamespace.set(ns, (names = new Map()));
    const previous = names.get(object.metadata.name);
    names.set(object.metadata.name, { object, bytes });
    const delta = bytes - (previous?.bytes ?? 0);
    store.bytes += delta;
    store.namespaceBytes.set(ns, (store.namespaceBytes.get(ns) ?? 0) + delta);
    if (!previous) store.objects += 1;
    return previous?.object;
  }

  function remove(kind: ResourceKind, name: string, namespace?: string): KubeObject | undefined {
    const store = storeOf(kind);
    const ns = nsKey(store, namespace);
    const names = store.byNamespace.get(ns);
    const previous = names?.get(name);
    if (!names || !previous) return undefined;
    names.delete(name);
    store.objects -= 1;
    store.bytes -= previous.bytes;
    if (names.size === 0) {
      // Empty namespaces are dropped so a long-running process does not accumulate them.
      store.byNamespace.delete(ns);
      store.namespaceBytes.delete(ns);
    } else {
      store.namespaceBytes.set(ns, (store.namespaceBytes.get(ns) ?? 0) - previous.bytes);
    }
    return previous.object;
  }

  const view: ResourceCacheView = Object.freeze({
    kinds: () => kindList,
    get(kind: ResourceKind | string, name: string, namespace?: string) {
      const store = storeOf(kind);
      return store.byNamespace.get(nsKey(store, namespace))?.get(name)?.object;
    },
    list(kind: ResourceKind | string, options: CacheListOptions = {}) {
      const store = storeOf(kind);
      const maps =
        options.namespace !== undefined && store.kind.namespaced
          ? [store.byNamespace.get(options.namespace)]
          : [...store.byNamespace.values()];
      const match = options.labelSelector;
      const out: KubeObject[] = [];
      for (const names of maps) {
        if (!names) continue;
        for (const { object } of names.values()) {
          if (!match || match(object.metadata.labels ?? NO_LABELS)) out.push(object);
        }
      }
      return out;
    },
    count(kind: ResourceKind | string, namespace?: string) {
      const store = storeOf(kind);
      if (namespace === undefined || !store.kind.namespaced) return store.objects;
      return store.byNamespace.get(namespace)?.size ?? 0;
    },
    bytes(kind: ResourceKind | string, namespace?: string) {
      const store = storeOf(kind);
      if (namespace === undefined || !store.kind.namespaced) return store.bytes;
      return store.namespaceBytes.get(namespace) ?? 0;
    },
    stats: () => [...stores.values()].map((s) => ({ kind: s.kind, objects: s.objects, bytes: s.bytes })),
  });

  return { ...view, put, remove, view: () => view };
}
