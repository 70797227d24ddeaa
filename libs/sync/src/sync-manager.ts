import { BUILTIN_KINDS, type KubeObject, type KubeTransport, type NamespacePolicy, type ResourceKind } from '@k8s-mcp/k8s-client';
import type { ChangeEvent, ChangeListener } from './change-event.js';
import { computeHealthScore } from './health-score.js';
import type { InformerStatus } from './informer-status.js';
import { createKindInformer, type KindInformer } from './kind-informer.js';
import { createResourceCache, type ResourceCacheView } from './resource-cache.js';
import { resolveSyncOptions, type SyncOptions } from './sync-options.js';
import { silentLogger, systemTimers, type SyncLogger, type SyncTimers } from './sync-runtime.js';

/** Input of {@link createSyncManager}. */
export interface SyncManagerOptions {
  /** How to reach the cluster (its identity decides what may be listed). */
  readonly transport: KubeTransport;
  /** Kinds to sync. Default {@link BUILTIN_KINDS}. */
  readonly kinds?: readonly ResourceKind[];
  /** Which namespaces may be synced; objects elsewhere are never stored. */
  readonly policy: NamespacePolicy;
  /** Tuning; see {@link SyncOptions} for the defaults. */
  readonly options?: Partial<SyncOptions>;
  /** Clock in ms. Default `Date.now`. */
  readonly now?: () => number;
  /** Default the process's timers. */
  readonly timers?: SyncTimers;
  /** Random source in [0, 1) for backoff jitter. Default `Math.random`. */
  readonly random?: () => number;
  /** Default: silent. */
  readonly logger?: SyncLogger;
}

/** Keeps a lean in-memory copy of the cluster current through watches. */
export interface SyncManager {
  /** Starts every informer; a second call does nothing. A stopped manager cannot be restarted. */
  start(): void;
  /**
   * Resolves once every informer finished its first list (synced, degraded or failed), or after
   * `readyTimeoutMs` from `start()`, marking the still-pending ones `failed` (they keep trying).
   * Never rejects. Called before `start()`, it waits for the start.
   */
  ready(): Promise<void>;
  /** Stops every informer and resolves when they have ended; the cache keeps its objects. */
  stop(): Promise<void>;
  /** Read-only view of the synced objects. */
  readonly cache: ResourceCacheView;
  /** One status per informer: per kind, or per kind and namespace when the policy lists namespaces. */
  status(): InformerStatus[];
  /** 0-100, see `computeHealthScore` for the formula. */
  healthScore(): number;
  /** Registers a change listener; returns the function that removes it. A throwing listener is logged and skipped. */
  subscribe(listener: ChangeListener): () => void;
}

function acceptFor(kind: ResourceKind, policy: NamespacePolicy): (object: KubeObject) => boolean {
  // A Namespace object's name is a namespace: a hidden namespace must not even be named.
  if (kind.kind === 'Namespace' && kind.group === '') return (o) => policy.isAllowed(o.metadata.name);
  if (!kind.namespaced) return () => true;
  return (o) => policy.isAllowed(o.metadata.namespace ?? '');
}

/**
 * Creates a {@link SyncManager}. With an allowed-namespace list in the policy, each namespaced
 * kind runs one informer per allowed (and not forbidden) namespace, because a restricted
 * identity may not list cluster-wide; cluster-scoped kinds always run cluster-wide, and a 403
 * there only degrades that kind. Without an allowed list, every kind runs cluster-wide and
 * objects in forbidden namespaces are dropped before they are stored.
 *
 * @throws RangeError from `resolveSyncOptions` for invalid options
 */
export function createSyncManager(config: SyncManagerOptions): SyncManager {
  const options = resolveSyncOptions(config.options);
  const kinds = config.kinds ?? BUILTIN_KINDS;
  const { policy, transport } = config;
  const now = config.now ?? Date.now;
  const timers = config.timers ?? systemTimers;
  const random = config.random ?? Math.random;
  const logger = config.logger ?? silentLogger;
  const cache = createResourceCache(kinds);
  const listeners = new Set<ChangeListener>();

  const emit = (event: ChangeEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        logger.warn('sync: a change listener threw; skipped', { error: error instanceof Error ? error.message : String(error) });
      }
    }
  };

  const namespaces = policy.allowed.filter((ns) => policy.isAllowed(ns));
  const perNamespace = policy.allowed.length > 0;
  const informers: KindInformer[] = [];
  for (const kind of kinds) {
    const scopes = kind.namespaced && perNamespace ? namespaces : [undefined];
    for (const namespace of scopes) {
      informers.push(
        createKindInformer({
          transport,
          kind,
          cache,
          accept: acceptFor(kind, policy),
          onChange: emit,
          options,
          now,
          timers,
          random,
          logger,
          ...(namespace ? { namespace } : {}),
        }),
      );
    }
  }

  let started = false;
  let stopped = false;
  let readyTimer: unknown;
  let resolveReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));

  return {
    cache: cache.view(),
    start() {
      if (started || stopped) return;
      started = true;
      logger.info('sync: starting', { informers: informers.length, kinds: kinds.length, namespaces: perNamespace ? namespaces : 'all' });
      for (const informer of informers) informer.start();
      readyTimer = timers.setTimeout(() => {
        for (const informer of informers) informer.expireFirstList(options.readyTimeoutMs);
        resolveReady();
      }, options.readyTimeoutMs);
      void Promise.all(informers.map((i) => i.whenListed())).then(() => {
        timers.clearTimeout(readyTimer);
        resolveReady();
      });
    },
    ready: () => readyPromise,
    async stop() {
      stopped = true;
      timers.clearTimeout(readyTimer);
      await Promise.all(informers.map((i) => i.stop()));
      resolveReady();
      logger.info('sync: stopped');
    },
    status: () => informers.map((i) => i.status()),
    healthScore: () => computeHealthScore(informers.map((i) => i.status()), options.lagThresholdMs),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
