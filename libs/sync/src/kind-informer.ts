import {
  K8sClientError,
  resourceNameOf,
  resourcePath,
  type KubeObject,
  type KubeTransport,
  type ResourceKind,
} from '@k8s-mcp/k8s-client';
import type { ChangeListener } from './change-event.js';
import { computeBackoff } from './compute-backoff.js';
import type { InformerState, InformerStatus } from './informer-status.js';
import { leanWithSize, type LeanResult } from './lean-object.js';
import { listAllPages } from './paginated-list.js';
import { clearScope, reconcileScope, type CacheScope } from './reconcile-scope.js';
import type { ResourceCache } from './resource-cache.js';
import type { SyncOptions } from './sync-options.js';
import { silentLogger, sleep, type SyncLogger, type SyncTimers } from './sync-runtime.js';

/** Input of {@link createKindInformer}. */
export interface KindInformerOptions {
  readonly transport: KubeTransport;
  readonly kind: ResourceKind;
  /** Watch this namespace only; absent: cluster-wide. */
  readonly namespace?: string;
  readonly cache: ResourceCache;
  /** Objects it rejects (e.g. in a namespace the policy hides) are neither stored nor emitted. */
  readonly accept?: (object: KubeObject) => boolean;
  readonly onChange: ChangeListener;
  readonly options: SyncOptions;
  readonly now: () => number;
  readonly timers: SyncTimers;
  /** Random source in [0, 1) for backoff jitter. */
  readonly random: () => number;
  readonly logger?: SyncLogger;
}

/** Keeps one kind (cluster-wide or in one namespace) of the cache current. */
export interface KindInformer {
  readonly kind: ResourceKind;
  readonly namespace: string | undefined;
  /** Starts the list/watch loop; a second call does nothing. Never throws, never rejects. */
  start(): void;
  /** Stops the loop, aborting any request; resolves when it has ended. Objects stay in the cache. */
  stop(): Promise<void>;
  status(): InformerStatus;
  /** Resolves once the first list ended: synced, degraded, failed, or stopped. */
  whenListed(): Promise<void>;
  /** Marks a still-pending informer `failed` (the ready timeout passed); it keeps trying. */
  expireFirstList(waitedMs: number): void;
}

type ListReason = 'initial' | 'gone' | 'resync' | 'retry';
type WatchOutcome = 'ended' | 'gone' | 'resync' | 'stopped' | { denied: Error } | { failed: Error };
type AbortReason = 'idle' | 'resync' | 'stop' | 'gone' | 'error';

interface WatchEvent {
  readonly type?: string;
  readonly object?: KubeObject & { readonly code?: number; readonly message?: string };
}

// setTimeout treats delays above 2^31-1 ms as 1 ms.
const MAX_DELAY = 2_147_483_647;
// A watch that ends this soon without a single line counts as a failure, so a server that
// closes every watch at once is retried with backoff instead of in a hot loop.
const MIN_HEALTHY_WATCH_MS = 1000;

const isDenied = (e: unknown): e is K8sClientError =>
  e instanceof K8sClientError && (e.code === 'FORBIDDEN' || e.code === 'NOT_FOUND');
const isGone = (e: unknown): boolean => e instanceof K8sClientError && e.code === 'GONE';
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Creates an informer: a paginated list, then a watch from the list's resourceVersion
 * (`allowWatchBookmarks`, `timeoutSeconds`), re-opened when the server ends it. A watch silent
 * for `idleTimeoutMs` is presumed dead and re-opened. A 410 (expired resourceVersion, as an
 * ERROR event or HTTP status) triggers a relist whose differences with the cache are emitted,
 * deletions included. Every `resyncIntervalMs` (plus up to 10% jitter) the watch is closed, the
 * kind relisted and any drift repaired and counted. Other failures are retried with capped, jittered backoff; after
 * `maxRetryCount` consecutive failures the informer is `failed` (and keeps retrying; the next
 * success makes it `synced`). A 403 or 404 on list makes it `degraded`: its objects are dropped
 * from the cache and the list is retried every `resyncIntervalMs`.
 */
export function createKindInformer(o: KindInformerOptions): KindInformer {
  const { transport, kind, namespace, cache, options, now, timers, random } = o;
  const logger = o.logger ?? silentLogger;
  const resource = resourceNameOf(kind);
  const where = namespace ? `in namespace "${namespace}"` : 'cluster-wide';
  const label = `${kind.kind} ${where}`;
  const path = resourcePath(kind, namespace);
  const scope: CacheScope = { cache, kind, emit: o.onChange, ...(namespace ? { namespace } : {}) };
  const stopper = new AbortController();
  const admits = (raw: KubeObject): boolean => !o.accept || o.accept(raw);

  let state: InformerState = 'pending';
  let resourceVersion = '';
  let lastEventAt: number | undefined;
  let lastSyncAt: number | undefined;
  let lastActivityAt: number | undefined;
  let lastError: string | undefined;
  let errors = 0;
  let relists = 0;
  let retries = 0;
  let repairs = 0;
  let failures = 0;
  let nextResyncAt = 0;
  let running: Promise<void> | undefined;
  let resolveListed: () => void = () => undefined;
  const listed = new Promise<void>((resolve) => (resolveListed = resolve));

  function setState(next: InformerState): void {
    if (state === next || state === 'stopped') return;
    logger.info(`sync: ${label} is ${next}`, { kind: kind.kind, namespace, from: state, to: next, lastError });
    state = next;
    if (next !== 'pending') resolveListed();
  }

  function alive(): void {
    lastActivityAt = now();
    failures = 0;
    if (state === 'failed') setState('synced');
  }

  async function list(reason: ListReason): Promise<void> {
    const result = await listAllPages<LeanResult | undefined>({
      transport,
      kind,
      pageSize: options.pageSize,
      timeoutMs: options.requestTimeoutMs,
      signal: stopper.signal,
      map: (raw) => (admits(raw) ? leanWithSize(raw, kind) : undefined),
      ...(namespace ? { namespace } : {}),
    });
    const items = result.items.filter((i): i is LeanResult => i !== undefined);
    const differences = reconcileScope(scope, items);
    if (reason === 'resync') repairs += differences;
    if (reason !== 'initial') logger.debug(`sync: relisted ${label} (${reason})`, { differences, objects: items.length });
    resourceVersion = result.resourceVersion;
    lastSyncAt = now();
    // Up to 10% later, so kinds listed together at start do not all relist at the same moment.
    nextResyncAt = lastSyncAt + Math.round(options.resyncIntervalMs * (1 + random() / 10));
    alive();
    setState('synced');
  }

  function upsert(raw: KubeObject): void {
    if (!admits(raw)) return;
    const { object, bytes } = leanWithSize(raw, kind);
    const previous = cache.put(kind, object, bytes);
    lastEventAt = now();
    o.onChange(previous ? { type: 'modified', kind, object, previous } : { type: 'added', kind, object });
  }

  function remove(raw: KubeObject): void {
    if (!admits(raw)) return;
    const previous = cache.remove(kind, raw.metadata.name, raw.metadata.namespace);
    lastEventAt = now();
    if (previous) o.onChange({ type: 'deleted', kind, object: leanWithSize(raw, kind).object, previous });
  }

  async function watch(): Promise<WatchOutcome> {
    const startedAt = now();
    if (startedAt >= nextResyncAt) return 'resync';
    const controller = new AbortController();
    let reason: AbortReason | undefined;
    let errorEvent = '';
    const abort = (r: AbortReason) => {
      reason ??= r;
      controller.abort();
    };
    const onStop = () => abort('stop');
    stopper.signal.addEventListener('abort', onStop, { once: true });
    let lastLineAt = startedAt;
    let lines = 0;
    let idleTimer: unknown;
    // One timer per idle period rather than one per line: it re-arms for the remaining time.
    const armIdle = (ms: number) => {
      idleTimer = timers.setTimeout(() => {
        const quiet = now() - lastLineAt;
        if (quiet >= options.idleTimeoutMs) abort('idle');
        else armIdle(options.idleTimeoutMs - quiet);
      }, ms);
    };
    armIdle(options.idleTimeoutMs);
    const resyncTimer = timers.setTimeout(() => abort('resync'), Math.min(MAX_DELAY, nextResyncAt - startedAt));

    const onLine = (line: string) => {
      lastLineAt = now();
      lines += 1;
      if (reason) return;
      let event: WatchEvent;
      try {
        event = JSON.parse(line) as WatchEvent;
      } catch {
        throw new K8sClientError('BAD_RESPONSE', `watch ${resource} ${where}: the API server sent a line that is not JSON`);
      }
      const object = event.object;
      if (!object) return;
      if (event.type === 'ERROR') {
        if (object.code === 410) return abort('gone');
        errorEvent = `watch ${resource} ${where}: the API server ended the watch with an error (${object.code ?? '?'}): ${object.message ?? 'no message'}`;
        return abort('error');
      }
      if (object.metadata?.resourceVersion) resourceVersion = object.metadata.resourceVersion;
      if (event.type === 'ADDED' || event.type === 'MODIFIED') upsert(object);
      else if (event.type === 'DELETED') remove(object);
      alive();
    };

    let caught: unknown;
    try {
      await transport.stream(
        {
          path,
          query: { watch: true, resourceVersion, allowWatchBookmarks: true, timeoutSeconds: options.watchTimeoutSeconds },
          signal: controller.signal,
          // The transport's own silence timeout backs up the idle timer above.
          timeoutMs: options.idleTimeoutMs + 5_000,
          context: { verb: 'watch', resource, ...(namespace ? { namespace } : {}) },
        },
        onLine,
      );
    } catch (error) {
      caught = error;
    } finally {
      timers.clearTimeout(idleTimer);
      timers.clearTimeout(resyncTimer);
      stopper.signal.removeEventListener('abort', onStop);
    }

    if (reason === 'stop' || stopper.signal.aborted) return 'stopped';
    if (reason === 'gone') return 'gone';
    if (reason === 'resync') return 'resync';
    if (reason === 'idle') {
      return {
        failed: new K8sClientError(
          'TIMEOUT',
          `watch ${resource} ${where}: nothing received for ${options.idleTimeoutMs} ms (not even a bookmark); the connection is presumed dead, reconnecting`,
        ),
      };
    }
    if (reason === 'error') return { failed: new K8sClientError('SERVER_ERROR', errorEvent) };
    if (caught !== undefined) {
      if (isGone(caught)) return 'gone';
      if (isDenied(caught)) return { denied: caught };
      return { failed: caught instanceof Error ? caught : new Error(String(caught)) };
    }
    if (lines === 0 && now() - startedAt < MIN_HEALTHY_WATCH_MS) {
      return { failed: new K8sClientError('BAD_RESPONSE', `watch ${resource} ${where}: the API server ended the watch at once, without any event`) };
    }
    lastActivityAt = now();
    return 'ended';
  }

  async function failAndBackoff(error: unknown): Promise<void> {
    errors += 1;
    failures += 1;
    lastError = `${label}: ${messageOf(error)}`;
    logger.warn(`sync: ${label} failed (${failures} in a row)`, { kind: kind.kind, namespace, error: messageOf(error) });
    if (failures >= Math.max(1, options.maxRetryCount)) setState('failed');
    const delay = computeBackoff({ attempt: failures - 1, baseMs: options.backoffBaseMs, maxMs: options.backoffMaxMs, random });
    retries += 1;
    await sleep(timers, delay, stopper.signal);
  }

  async function degrade(error: K8sClientError): Promise<void> {
    errors += 1;
    const every = `retrying every ${Math.round(options.resyncIntervalMs / 1000)} s`;
    lastError =
      error.code === 'FORBIDDEN'
        ? `${label} is not synced: RBAC denies list/watch of ${resource} ${where} to this identity (403); grant list and watch on ${resource}, or leave ${kind.kind} out of the synced kinds; ${every}`
        : `${label} is not synced: the API server does not serve ${resource} (404); ${every}`;
    // What the identity may no longer list must not stay readable from the cache.
    clearScope(scope);
    setState('degraded');
    await sleep(timers, Math.min(MAX_DELAY, options.resyncIntervalMs), stopper.signal);
  }

  async function run(): Promise<void> {
    let listReason: ListReason | undefined = 'initial';
    while (!stopper.signal.aborted) {
      if (listReason) {
        try {
          await list(listReason);
          listReason = undefined;
        } catch (error) {
          if (stopper.signal.aborted) break;
          if (isDenied(error)) await degrade(error);
          else await failAndBackoff(error);
          continue;
        }
      }
      const outcome = await watch();
      if (outcome === 'stopped') break;
      if (outcome === 'gone') {
        relists += 1;
        listReason = 'gone';
        logger.info(`sync: ${label}: resourceVersion expired (410), relisting`, { kind: kind.kind, namespace });
      } else if (outcome === 'resync') {
        listReason = 'resync';
      } else if (outcome !== 'ended') {
        if ('denied' in outcome) {
          listReason = 'retry';
          await degrade(outcome.denied as K8sClientError);
        } else {
          await failAndBackoff(outcome.failed);
        }
      }
    }
  }

  return {
    kind,
    namespace,
    start() {
      running ??= run().catch((error: unknown) => {
        // Unreachable by design (every step catches); logged so a bug cannot pass silently.
        lastError = `${label}: sync loop crashed: ${messageOf(error)}`;
        logger.warn(`sync: ${lastError}`);
        setState('failed');
      });
    },
    async stop() {
      stopper.abort();
      setState('stopped');
      resolveListed();
      await running;
    },
    status() {
      const last = Math.max(lastEventAt ?? -Infinity, lastActivityAt ?? -Infinity);
      return {
        kind: kind.kind,
        resource,
        ...(namespace ? { namespace } : {}),
        state,
        objects: cache.count(kind, namespace),
        bytes: cache.bytes(kind, namespace),
        lastEventAt,
        lastSyncAt,
        lagMs: Number.isFinite(last) ? Math.max(0, now() - last) : undefined,
        errors,
        lastError,
        relists,
        retries,
        repairs,
      };
    },
    whenListed: () => listed,
    expireFirstList(waitedMs: number) {
      if (state !== 'pending') return;
      lastError = `${label}: the first list did not finish within ${waitedMs} ms; still trying`;
      setState('failed');
    },
  };
}
