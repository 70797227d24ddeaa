import {
  type Cluster,
  compileFieldSelector,
  K8sClientError,
  type KubeObject,
  type ListOptions,
  type ListResult,
  type NamespacePolicy,
  parseLabelSelector,
  type ResourceKind,
} from '@k8s-mcp/k8s-client';
import type { SyncManager } from './sync-manager.js';

/** Where the data for one kind comes from, as {@link CachedCluster.freshness} reports it. */
export interface KindFreshness {
  readonly source: 'cache' | 'live';
  /** Time since the informer last heard from the API server. */
  readonly lagMs?: number;
  /** Informer state (`synced`, `degraded`, ...); for `live`, why the cache was not used. */
  readonly state?: string;
}

/** A {@link Cluster} that serves reads from the sync cache where it can. */
export interface CachedCluster extends Cluster {
  freshness(kind: ResourceKind): KindFreshness;
}

/** Options of {@link createCachedCluster}. */
export interface CachedClusterOptions {
  /** The live cluster: kinds the cache does not hold, logs and writes go here. */
  readonly live: Cluster;
  readonly sync: SyncManager;
  /** The same policy the live cluster and the sync manager use. */
  readonly policy: NamespacePolicy;
  /** K8S_MAX_RESOURCES. */
  readonly maxResources: number;
  /** Namespace of a namespaced `get` that names none. */
  readonly defaultNamespace: string;
}

const CACHE_CONTINUE = 'cache:';
const sortKey = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/**
 * Wraps a live cluster so that list and get of synced kinds are answered from the watch cache
 * (no API request), and everything else (unsynced or degraded kinds, logs, writes, discovery)
 * goes to the API. Cache pages are keyset-paginated on `namespace/name`, so walking a list with
 * `continue` stays complete and duplicate-free while objects change. A cache miss on `get` asks
 * the API, which answers NOT_FOUND with its own message if the object really is absent.
 */
export function createCachedCluster(options: CachedClusterOptions): CachedCluster {
  const { live, sync, policy, maxResources, defaultNamespace } = options;

  /** The informers covering `kind` (in `namespace`, or everywhere), when all are synced. */
  const coverage = (kind: ResourceKind, namespace: string | undefined): KindFreshness => {
    const statuses = sync.status().filter((s) => s.kind === kind.kind && s.resource === (kind.group ? `${kind.plural}.${kind.group}` : kind.plural));
    if (statuses.length === 0) return { source: 'live', state: 'not synced' };
    const relevant = namespace === undefined ? statuses : statuses.filter((s) => s.namespace === undefined || s.namespace === namespace);
    if (relevant.length === 0) return { source: 'live', state: 'not synced' };
    const bad = relevant.find((s) => s.state !== 'synced');
    if (bad) return { source: 'live', state: bad.state };
    const lagMs = Math.max(...relevant.map((s) => s.lagMs ?? 0));
    return { source: 'cache', lagMs, state: 'synced' };
  };

  const resolve = (ref: ResourceKind | string) => (typeof ref === 'string' ? live.resolveKind(ref) : Promise.resolve(ref));

  async function list(kindRef: ResourceKind | string, opts: ListOptions = {}): Promise<ListResult> {
    if (opts.continue !== undefined && !opts.continue.startsWith(CACHE_CONTINUE)) return live.list(kindRef, opts);
    if (opts.namespace !== undefined) policy.assertAllowed(opts.namespace, 'list');
    const kind = await resolve(kindRef);
    const namespace = kind.namespaced ? opts.namespace : undefined;
    if (coverage(kind, namespace).source !== 'cache') return live.list(kind, opts);
    if (opts.limit !== undefined && (!Number.isInteger(opts.limit) || opts.limit < 1)) {
      throw new K8sClientError('INVALID', `list ${kind.plural}: limit must be an integer >= 1, got ${opts.limit}`);
    }
    const limit = Math.min(opts.limit ?? maxResources, maxResources);
    const labels = opts.labelSelector ? parseLabelSelector(opts.labelSelector) : undefined;
    const fields = opts.fieldSelector ? compileFieldSelector(opts.fieldSelector, kind.kind) : undefined;
    const after = opts.continue?.slice(CACHE_CONTINUE.length);
    const matched = sync.cache
      .list(kind, namespace === undefined ? {} : { namespace })
      .filter((o) => policy.isAllowed(o.metadata.namespace) && (!labels || labels.matches(o.metadata.labels)) && (!fields || fields.matches(o)))
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    const start = after === undefined ? 0 : matched.findIndex((o) => sortKey(o) > after);
    const from = start < 0 ? matched.length : start;
    const items = matched.slice(from, from + limit);
    const remaining = matched.length - from - items.length;
    const last = items[items.length - 1];
    return {
      kind,
      items,
      truncated: remaining > 0,
      ...(remaining > 0 && last ? { remaining, continue: `${CACHE_CONTINUE}${sortKey(last)}` } : {}),
      hiddenByPolicy: 0,
    };
  }

  async function get(kindRef: ResourceKind | string, name: string, namespace?: string): Promise<KubeObject> {
    if (namespace !== undefined) policy.assertAllowed(namespace, 'get');
    const kind = await resolve(kindRef);
    const ns = kind.namespaced ? (namespace ?? defaultNamespace) : undefined;
    if (ns !== undefined) policy.assertAllowed(ns, 'get');
    if (coverage(kind, ns).source === 'cache') {
      const hit = sync.cache.get(kind, name, ns);
      if (hit) return hit;
    }
    return live.get(kind, name, ns);
  }

  return {
    source: 'live',
    resolveKind: (ref) => live.resolveKind(ref),
    listKinds: () => live.listKinds(),
    list,
    get,
    logs: (o) => live.logs(o),
    scale: (...args) => live.scale(...args),
    apply: (...args) => live.apply(...args),
    patch: (...args) => live.patch(...args),
    delete: (...args) => live.delete(...args),
    freshness: (kind) => coverage(kind, undefined),
  };
}
