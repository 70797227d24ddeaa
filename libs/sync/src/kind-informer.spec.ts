import { BUILTIN_KINDS, K8sClientError, type KubeObject, type KubeRequest } from '@k8s-mcp/k8s-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeEvent } from './change-event.js';
import { createKindInformer } from './kind-informer.js';
import { createResourceCache } from './resource-cache.js';
import { resolveSyncOptions, type SyncOptions } from './sync-options.js';
import { systemTimers } from './sync-runtime.js';
import { listBody, obj, ScriptedTransport, type ListHandler } from './testing/scripted-transport.js';

const POD = BUILTIN_KINDS.find((k) => k.kind === 'Pod')!;
const gone = () => new K8sClientError('GONE', 'resource version too old (410 Gone); relist', { status: 410 });
const unreachable = () => new K8sClientError('UNREACHABLE', 'cannot reach the API server (ECONNREFUSED)');
const forbidden = () => new K8sClientError('FORBIDDEN', 'list pods: forbidden (403)', { status: 403 });

interface Setup {
  onList: ListHandler;
  options?: Partial<SyncOptions>;
  namespace?: string;
  accept?: (o: KubeObject) => boolean;
}

function setup({ onList, options, namespace, accept }: Setup) {
  const transport = new ScriptedTransport(onList);
  const cache = createResourceCache([POD]);
  const events: ChangeEvent[] = [];
  const informer = createKindInformer({
    transport,
    kind: POD,
    cache,
    onChange: (e) => events.push(e),
    options: resolveSyncOptions({ pageSize: 2, ...options }),
    now: () => Date.now(),
    timers: systemTimers,
    // 0.5: each backoff is half its cap, i.e. 250, 500, 1000 ms with the 500 ms base.
    random: () => 0.5,
    ...(namespace ? { namespace } : {}),
    ...(accept ? { accept } : {}),
  });
  return { transport, cache, events, informer };
}

/** Lists answer `items` at `rv` in one page. */
const oneList = (items: KubeObject[], rv: string): ListHandler => () => listBody(items, rv);
const summary = (events: ChangeEvent[]) => events.map((e) => `${e.type} ${e.object.metadata.name}@${e.object.metadata.resourceVersion}`);
const watchRv = (request: KubeRequest) => request.query?.['resourceVersion'];

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createKindInformer: list', () => {
  it('lists page by page following continue, then watches from the list resourceVersion', async () => {
    const pages: Record<string, unknown> = {
      first: listBody([obj('a', 'shop', '1'), obj('b', 'shop', '2')], '10', 'c1'),
      c1: listBody([obj('c', 'shop', '3'), obj('d', 'shop', '4')], '11', 'c2'),
      c2: listBody([obj('e', 'shop', '5')], '12'),
    };
    const { transport, events, informer } = setup({
      namespace: 'shop',
      onList: (r) => pages[String(r.query?.['continue'] ?? 'first')],
    });
    informer.start();
    const watch = await transport.watchNumber(0);
    await informer.whenListed();

    expect(transport.lists.map((r) => [r.path, r.query?.['limit'], r.query?.['continue']])).toEqual([
      ['/api/v1/namespaces/shop/pods', 2, undefined],
      ['/api/v1/namespaces/shop/pods', 2, 'c1'],
      ['/api/v1/namespaces/shop/pods', 2, 'c2'],
    ]);
    expect(watch.request.path).toBe('/api/v1/namespaces/shop/pods');
    expect(watch.request.query).toMatchObject({ watch: true, resourceVersion: '12', allowWatchBookmarks: true, timeoutSeconds: 600 });
    expect(summary(events)).toEqual(['added a@1', 'added b@2', 'added c@3', 'added d@4', 'added e@5']);
    expect(informer.status()).toMatchObject({ kind: 'Pod', namespace: 'shop', state: 'synced', objects: 5, errors: 0, relists: 0 });
    expect(events[0]!.object.kind).toBe('Pod');
  });

  it('restarts the list from the first page when a continue token expires (410)', async () => {
    let calls = 0;
    const { transport, cache, informer } = setup({
      onList: (r) => {
        calls += 1;
        if (!r.query?.['continue']) return listBody([obj(`a${calls}`, 'shop', '1'), obj(`b${calls}`, 'shop', '2')], '10', 'c1');
        if (calls === 2) throw gone();
        return listBody([obj('c', 'shop', '3')], '11');
      },
    });
    informer.start();
    const watch = await transport.watchNumber(0);
    expect(transport.lists.map((r) => r.query?.['continue'])).toEqual([undefined, 'c1', undefined, 'c1']);
    // Only the complete second attempt is kept.
    expect(cache.list('Pod').map((o) => o.metadata.name).sort()).toEqual(['a3', 'b3', 'c']);
    expect(watchRv(watch.request)).toBe('11');
    expect(informer.status().errors).toBe(0);
  });

  it('keeps objects the accept filter rejects out of the cache and out of the events', async () => {
    const { transport, cache, events, informer } = setup({
      accept: (o) => o.metadata.namespace !== 'hidden',
      onList: oneList([obj('a', 'shop', '1'), obj('x', 'hidden', '2')], '10'),
    });
    informer.start();
    const watch = await transport.watchNumber(0);
    watch.send('ADDED', obj('y', 'hidden', '11'));
    watch.send('ADDED', obj('b', 'shop', '12'));
    expect(cache.list('Pod').map((o) => o.metadata.name).sort()).toEqual(['a', 'b']);
    expect(summary(events)).toEqual(['added a@1', 'added b@12']);
  });
});

describe('createKindInformer: watch', () => {
  it('applies ADDED, MODIFIED and DELETED, and a BOOKMARK only moves the resourceVersion', async () => {
    const { transport, cache, events, informer } = setup({ onList: oneList([obj('a', 'shop', '1')], '10') });
    informer.start();
    const watch = await transport.watchNumber(0);
    watch.send('ADDED', obj('b', 'shop', '11'));
    watch.send('MODIFIED', { ...obj('a', 'shop', '12'), metadata: { ...obj('a', 'shop', '12').metadata, managedFields: [{}] } });
    watch.send('DELETED', obj('b', 'shop', '13'));
    watch.send('BOOKMARK', { metadata: { resourceVersion: '20' } });

    expect(summary(events)).toEqual(['added a@1', 'added b@11', 'modified a@12', 'deleted b@13']);
    expect(events[2]!.previous?.metadata.resourceVersion).toBe('1');
    expect(events[3]!.previous?.metadata.resourceVersion).toBe('11');
    expect(cache.get('Pod', 'a', 'shop')?.metadata).not.toHaveProperty('managedFields');
    expect(cache.count('Pod')).toBe(1);
    expect(informer.status().lastEventAt).toBe(Date.now());

    // The server closes the watch: it is re-opened at once from the bookmark's resourceVersion.
    watch.end();
    const next = await transport.watchNumber(1);
    expect(watchRv(next.request)).toBe('20');
    expect(transport.lists).toHaveLength(1);
    expect(informer.status().errors).toBe(0);
  });

  it('on an ERROR 410 event relists and emits what changed during the gap, deletions included', async () => {
    let list = 0;
    const { transport, events, informer } = setup({
      onList: () =>
        ++list === 1
          ? listBody([obj('a', 'shop', '1'), obj('b', 'shop', '2')], '10')
          : listBody([obj('a', 'shop', '15'), obj('c', 'shop', '16')], '30'),
    });
    informer.start();
    const watch = await transport.watchNumber(0);
    events.length = 0;
    watch.send('ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 10 (25)' });
    const next = await transport.watchNumber(1);

    expect(watch.aborted).toBe(true);
    expect(summary(events)).toEqual(['modified a@15', 'added c@16', 'deleted b@2']);
    expect(watchRv(next.request)).toBe('30');
    expect(informer.status()).toMatchObject({ state: 'synced', relists: 1, repairs: 0, errors: 0, objects: 2 });
  });

  it('treats an HTTP 410 on the watch like the ERROR event', async () => {
    const { transport, informer } = setup({ onList: oneList([obj('a', 'shop', '1')], '10') });
    informer.start();
    (await transport.watchNumber(0)).fail(gone());
    await transport.watchNumber(1);
    expect(transport.lists).toHaveLength(2);
    expect(informer.status()).toMatchObject({ relists: 1, errors: 0, retries: 0 });
  });

  it('backs off 250, 500, 1000 ms, is failed after maxRetryCount failures, and a success resets both', async () => {
    const { transport, informer } = setup({ onList: oneList([obj('a', 'shop', '1')], '10'), options: { maxRetryCount: 3 } });
    informer.start();
    (await transport.watchNumber(0)).fail(unreachable());
    for (const [index, delay] of [[1, 250], [2, 500], [3, 1000]] as const) {
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(transport.watches).toHaveLength(index);
      await vi.advanceTimersByTimeAsync(1);
      expect(transport.watches).toHaveLength(index + 1);
      expect(informer.status().state).toBe(index < 3 ? 'synced' : 'failed');
      if (index < 3) (await transport.watchNumber(index)).fail(unreachable());
    }
    expect(informer.status()).toMatchObject({ state: 'failed', errors: 3, retries: 3 });
    expect(informer.status().lastError).toMatch(/^Pod cluster-wide: cannot reach the API server/);

    const recovered = await transport.watchNumber(3);
    recovered.send('BOOKMARK', { metadata: { resourceVersion: '40' } });
    expect(informer.status().state).toBe('synced');
    recovered.fail(unreachable());
    await vi.advanceTimersByTimeAsync(250);
    const after = await transport.watchNumber(4);
    expect(watchRv(after.request)).toBe('40');
    expect(informer.status()).toMatchObject({ state: 'synced', errors: 4, retries: 4 });
    expect(transport.lists).toHaveLength(1);
  });

  it('marks a kind whose first lists keep failing failed, which ends its wait for the first list', async () => {
    let calls = 0;
    const { transport, informer } = setup({
      onList: () => {
        if (++calls <= 3) throw unreachable();
        return listBody([obj('a', 'shop', '1')], '10');
      },
    });
    let listed = false;
    void informer.whenListed().then(() => (listed = true));
    informer.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(informer.status().state).toBe('pending');
    await vi.advanceTimersByTimeAsync(250);
    expect([informer.status().state, listed]).toEqual(['pending', false]);
    await vi.advanceTimersByTimeAsync(500);
    expect([informer.status().state, listed]).toEqual(['failed', true]);
    await vi.advanceTimersByTimeAsync(1000);
    await transport.watchNumber(0);
    expect(informer.status()).toMatchObject({ state: 'synced', objects: 1, errors: 3 });
  });

  it('treats a watch silent for idleTimeoutMs as dead and reconnects; any line resets the clock', async () => {
    const { transport, informer } = setup({ onList: oneList([obj('a', 'shop', '1')], '10'), options: { idleTimeoutMs: 90_000 } });
    informer.start();
    const watch = await transport.watchNumber(0);
    await vi.advanceTimersByTimeAsync(60_000);
    watch.send('BOOKMARK', { metadata: { resourceVersion: '50' } });
    await vi.advanceTimersByTimeAsync(89_999);
    expect(watch.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(watch.aborted).toBe(true);
    expect(informer.status().lastError).toMatch(/nothing received for 90000 ms .*presumed dead/);
    await vi.advanceTimersByTimeAsync(250);
    expect(watchRv((await transport.watchNumber(1)).request)).toBe('50');
    expect(informer.status()).toMatchObject({ state: 'synced', errors: 1, relists: 0 });
  });

  it('retries with backoff, not in a hot loop, when the server ends a watch at once without a line', async () => {
    const { transport, informer } = setup({ onList: oneList([obj('a', 'shop', '1')], '10') });
    informer.start();
    (await transport.watchNumber(0)).end();
    await vi.advanceTimersByTimeAsync(249);
    expect(transport.watches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(transport.watches).toHaveLength(2);
    expect(informer.status().lastError).toMatch(/ended the watch at once/);
  });

  it('counts an ERROR event other than 410, and a line that is not JSON, as failures', async () => {
    const { transport, informer } = setup({ onList: oneList([obj('a', 'shop', '1')], '10') });
    informer.start();
    (await transport.watchNumber(0)).send('ERROR', { kind: 'Status', code: 500, message: 'etcdserver: request timed out' });
    await vi.advanceTimersByTimeAsync(0);
    expect(informer.status().lastError).toMatch(/ended the watch with an error \(500\): etcdserver: request timed out/);
    await vi.advanceTimersByTimeAsync(250);
    (await transport.watchNumber(1)).line('{"type":"ADDED","object":');
    await vi.advanceTimersByTimeAsync(0);
    expect(informer.status()).toMatchObject({ errors: 2, relists: 0 });
    expect(informer.status().lastError).toMatch(/not JSON/);
  });
});

describe('createKindInformer: resync, refusal, stop', () => {
  it('relists every resyncIntervalMs and repairs drift the watch missed, counting repairs', async () => {
    let list = 0;
    const { transport, events, informer } = setup({
      options: { resyncIntervalMs: 300_000, idleTimeoutMs: 1_000_000 },
      onList: () =>
        ++list === 1
          ? listBody([obj('a', 'shop', '1'), obj('b', 'shop', '2')], '10')
          : listBody([obj('a', 'shop', '11'), obj('c', 'shop', '12')], '40'),
    });
    informer.start();
    const watch = await transport.watchNumber(0);
    watch.send('MODIFIED', obj('a', 'shop', '11'));
    events.length = 0;

    // 300 s plus 5% jitter (random() is 0.5).
    await vi.advanceTimersByTimeAsync(314_999);
    expect(transport.lists).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const next = await transport.watchNumber(1);
    expect(watch.aborted).toBe(true);
    // a@11 was seen by the watch: no difference. b's deletion and c's creation were missed.
    expect(summary(events)).toEqual(['added c@12', 'deleted b@2']);
    expect(informer.status()).toMatchObject({ repairs: 2, relists: 0, errors: 0, state: 'synced', lastSyncAt: Date.now() });
    expect(watchRv(next.request)).toBe('40');
  });

  it('on 403 is degraded with a message naming kind, namespace and RBAC, and retries every resync interval', async () => {
    let calls = 0;
    const { transport, informer } = setup({
      namespace: 'shop',
      options: { resyncIntervalMs: 60_000 },
      onList: () => {
        if (++calls === 1) throw forbidden();
        return listBody([obj('a', 'shop', '1')], '10');
      },
    });
    informer.start();
    await informer.whenListed();
    const status = informer.status();
    expect(status.state).toBe('degraded');
    expect(status.lastError).toBe(
      'Pod in namespace "shop" is not synced: RBAC denies list/watch of pods in namespace "shop" to this identity (403); grant list and watch on pods, or leave Pod out of the synced kinds; retrying every 60 s',
    );
    await vi.advanceTimersByTimeAsync(59_999);
    expect(transport.lists).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await transport.watchNumber(0);
    expect(informer.status()).toMatchObject({ state: 'synced', objects: 1 });
  });

  it('drops a kind’s objects when a later list is refused: what may not be read is not served', async () => {
    let calls = 0;
    const { transport, cache, events, informer } = setup({
      options: { resyncIntervalMs: 60_000, idleTimeoutMs: 1_000_000 },
      onList: () => {
        if (++calls === 2) throw forbidden();
        return listBody([obj('a', 'shop', '1')], '10');
      },
    });
    informer.start();
    await transport.watchNumber(0);
    await vi.advanceTimersByTimeAsync(63_000);
    expect(informer.status().state).toBe('degraded');
    expect(cache.count('Pod')).toBe(0);
    expect(summary(events)).toEqual(['added a@1', 'deleted a@1']);
  });

  it('stop aborts the watch, ends the loop and schedules nothing more', async () => {
    const { transport, informer } = setup({ onList: oneList([obj('a', 'shop', '1')], '10') });
    informer.start();
    const watch = await transport.watchNumber(0);
    await informer.stop();
    expect(watch.aborted).toBe(true);
    expect(informer.status().state).toBe('stopped');
    await vi.advanceTimersByTimeAsync(1_000_000);
    expect([transport.lists.length, transport.watches.length]).toEqual([1, 1]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
