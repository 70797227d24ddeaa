import { BUILTIN_KINDS, createNamespacePolicy, K8sClientError, type KubeObject, type KubeRequest } from '@k8s-mcp/k8s-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeEvent } from './change-event.js';
import { createSyncManager } from './sync-manager.js';
import type { SyncLogger } from './sync-runtime.js';
import { listBody, obj, ScriptedTransport } from './testing/scripted-transport.js';

const kinds = ['Namespace', 'Node', 'Pod', 'Secret'].map((k) => BUILTIN_KINDS.find((b) => b.kind === k)!);

/** Answers lists by path; a path mapped to an Error throws it, to `'hang'` never answers. */
function byPath(answers: Record<string, KubeObject[] | Error | 'hang'>) {
  return (request: KubeRequest) => {
    const answer = answers[request.path];
    if (answer === undefined) throw new Error(`unscripted list ${request.path}`);
    if (answer === 'hang') return new Promise(() => undefined);
    if (answer instanceof Error) throw answer;
    return listBody(answer, '100');
  };
}

const denied = (resource: string) => new K8sClientError('FORBIDDEN', `list ${resource}: forbidden (403)`, { status: 403 });

function manager(transport: ScriptedTransport, allowed: string[], forbidden: string[] = [], readyTimeoutMs = 120_000) {
  return createSyncManager({
    transport,
    kinds,
    policy: createNamespacePolicy({ allowed, forbidden }),
    options: { readyTimeoutMs },
    now: () => Date.now(),
    random: () => 0.5,
  });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createSyncManager', () => {
  it('runs namespaced kinds per allowed namespace and cluster-scoped kinds cluster-wide', async () => {
    const transport = new ScriptedTransport(
      byPath({
        '/api/v1/namespaces': [obj('a', undefined, '1'), obj('b', undefined, '2'), obj('hidden', undefined, '3')],
        '/api/v1/nodes': [obj('n1', undefined, '4')],
        '/api/v1/namespaces/a/pods': [obj('p', 'a', '5')],
        '/api/v1/namespaces/b/pods': [obj('q', 'b', '6')],
        '/api/v1/namespaces/a/secrets': [{ ...obj('s', 'a', '7'), data: { password: 'c2VjcmV0' } }],
        '/api/v1/namespaces/b/secrets': [],
      }),
    );
    // 'c' is both allowed and forbidden: forbidden wins, so it gets no informer.
    const sync = manager(transport, ['a', 'b', 'c'], ['c']);
    sync.start();
    await sync.ready();

    expect(transport.lists.map((r) => r.path).sort()).toEqual([
      '/api/v1/namespaces',
      '/api/v1/namespaces/a/pods',
      '/api/v1/namespaces/a/secrets',
      '/api/v1/namespaces/b/pods',
      '/api/v1/namespaces/b/secrets',
      '/api/v1/nodes',
    ]);
    expect(sync.status().map((s) => `${s.kind}${s.namespace ? `@${s.namespace}` : ''}:${s.state}:${s.objects}`)).toEqual([
      'Namespace:synced:2',
      'Node:synced:1',
      'Pod@a:synced:1',
      'Pod@b:synced:1',
      'Secret@a:synced:1',
      'Secret@b:synced:0',
    ]);
    // A namespace the policy hides is not even named.
    expect(sync.cache.list('Namespace').map((n) => n.metadata.name).sort()).toEqual(['a', 'b']);
    expect(sync.cache.get('Secret', 's', 'a')).toMatchObject({ kind: 'Secret', dataKeys: ['password'] });
    expect(JSON.stringify(sync.cache.list('Secret'))).not.toContain('c2VjcmV0');
    expect(sync.healthScore()).toBe(100);
    await sync.stop();
  });

  it('without an allowed list watches cluster-wide and never stores objects of forbidden namespaces', async () => {
    const transport = new ScriptedTransport(
      byPath({
        '/api/v1/namespaces': [obj('default', undefined, '1'), obj('kube-system', undefined, '2')],
        '/api/v1/nodes': [],
        '/api/v1/pods': [obj('web', 'default', '3'), obj('dns', 'kube-system', '4')],
        '/api/v1/secrets': [obj('token', 'kube-system', '5')],
      }),
    );
    const sync = manager(transport, [], ['kube-system']);
    const events: ChangeEvent[] = [];
    sync.subscribe((e) => events.push(e));
    sync.start();
    await sync.ready();
    const podWatch = transport.watches.find((w) => w.request.path === '/api/v1/pods')!;
    podWatch.send('ADDED', obj('etcd', 'kube-system', '9'));
    podWatch.send('ADDED', obj('api', 'default', '10'));

    expect(sync.cache.list('Pod').map((p) => p.metadata.name).sort()).toEqual(['api', 'web']);
    expect(sync.cache.list('Namespace').map((n) => n.metadata.name)).toEqual(['default']);
    expect(sync.cache.count('Secret')).toBe(0);
    expect(JSON.stringify(events)).not.toContain('kube-system');
    expect(events.map((e) => `${e.type} ${e.kind.kind} ${e.object.metadata.name}`).sort()).toEqual([
      'added Namespace default',
      'added Pod api',
      'added Pod web',
    ]);
    await sync.stop();
  });

  it('is ready with a kind RBAC refuses marked degraded, and scores it half', async () => {
    const transport = new ScriptedTransport(
      byPath({
        '/api/v1/namespaces': denied('namespaces'),
        '/api/v1/nodes': denied('nodes'),
        '/api/v1/namespaces/team/pods': [obj('p', 'team', '1')],
        '/api/v1/namespaces/team/secrets': [],
      }),
    );
    const sync = manager(transport, ['team']);
    sync.start();
    await sync.ready();
    const node = sync.status().find((s) => s.kind === 'Node')!;
    expect(node.state).toBe('degraded');
    expect(node.lastError).toMatch(/^Node cluster-wide is not synced: RBAC denies list\/watch of nodes cluster-wide/);
    // 2 of 4 kinds degraded: (1 + 1 + 0.5 + 0.5) / 4
    expect(sync.healthScore()).toBe(75);
    expect(sync.cache.count('Pod')).toBe(1);
    await sync.stop();
  });

  it('resolves ready() after readyTimeoutMs, marking kinds still listing failed', async () => {
    const transport = new ScriptedTransport(
      byPath({
        '/api/v1/namespaces': [],
        '/api/v1/nodes': 'hang',
        '/api/v1/pods': [],
        '/api/v1/secrets': [],
      }),
    );
    const sync = manager(transport, [], [], 10_000);
    let ready = false;
    void sync.ready().then(() => (ready = true));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(ready).toBe(false); // not started yet
    sync.start();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(ready).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(ready).toBe(true);
    const node = sync.status().find((s) => s.kind === 'Node')!;
    expect(node).toMatchObject({ state: 'failed', lastError: 'Node cluster-wide: the first list did not finish within 10000 ms; still trying' });
    expect(sync.status().filter((s) => s.state === 'synced')).toHaveLength(3);
    await sync.stop();
  });

  it('delivers changes to subscribers until they unsubscribe, and skips a throwing listener', async () => {
    const transport = new ScriptedTransport(
      byPath({ '/api/v1/namespaces': [], '/api/v1/nodes': [], '/api/v1/pods': [], '/api/v1/secrets': [] }),
    );
    const warnings: string[] = [];
    const logger: SyncLogger = { debug: () => undefined, info: () => undefined, warn: (m) => warnings.push(m) };
    const sync = createSyncManager({
      transport,
      kinds,
      policy: createNamespacePolicy({ allowed: [], forbidden: [] }),
      logger,
      random: () => 0.5,
    });
    const seen: string[] = [];
    sync.subscribe(() => {
      throw new Error('listener bug');
    });
    const unsubscribe = sync.subscribe((e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    sync.start();
    await sync.ready();
    const pods = transport.watches.find((w) => w.request.path === '/api/v1/pods')!;
    pods.send('ADDED', obj('a', 'x', '1'));
    unsubscribe();
    pods.send('ADDED', obj('b', 'x', '2'));
    expect(seen).toEqual(['added a']);
    expect(sync.cache.count('Pod')).toBe(2);
    expect(warnings).toContain('sync: a change listener threw; skipped');
    expect(sync.status().every((s) => s.state === 'synced')).toBe(true);
    await sync.stop();
  });

  it('stop() stops every informer; the cache keeps its objects and the score drops to 0', async () => {
    const transport = new ScriptedTransport(
      byPath({ '/api/v1/namespaces': [], '/api/v1/nodes': [obj('n', undefined, '1')], '/api/v1/pods': [], '/api/v1/secrets': [] }),
    );
    const sync = manager(transport, []);
    sync.start();
    await sync.ready();
    await sync.stop();
    expect(transport.watches.every((w) => w.aborted)).toBe(true);
    expect(sync.status().map((s) => s.state)).toEqual(['stopped', 'stopped', 'stopped', 'stopped']);
    expect(sync.cache.count('Node')).toBe(1);
    expect(sync.healthScore()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
