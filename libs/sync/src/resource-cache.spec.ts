import { BUILTIN_KINDS, K8sClientError, type KubeObject, type ResourceKind } from '@k8s-mcp/k8s-client';
import { describe, expect, it } from 'vitest';
import { createResourceCache } from './resource-cache.js';
import { obj } from './testing/scripted-transport.js';

const kind = (name: string): ResourceKind => BUILTIN_KINDS.find((k) => k.kind === name)!;
const POD = kind('Pod');
const NODE = kind('Node');
const names = (objects: readonly KubeObject[]) => objects.map((o) => o.metadata.name).sort();

function filled() {
  const cache = createResourceCache([POD, NODE, kind('Deployment')]);
  cache.put(POD, obj('a', 'shop', '1', { app: 'web' }), 100);
  cache.put(POD, obj('b', 'shop', '2', { app: 'db' }), 50);
  cache.put(POD, obj('a', 'blog', '3', { app: 'web' }), 10);
  cache.put(NODE, obj('n1', undefined, '4'), 7);
  return cache;
}

describe('createResourceCache', () => {
  it('gets by kind, name and namespace, accepting kind names, plurals and short names', () => {
    const cache = filled();
    expect(cache.get(POD, 'a', 'shop')?.metadata.resourceVersion).toBe('1');
    expect(cache.get('pods', 'a', 'blog')?.metadata.resourceVersion).toBe('3');
    expect(cache.get('po', 'a', 'other')).toBeUndefined();
    expect(cache.get('Node', 'n1')?.metadata.name).toBe('n1');
    // A cluster-scoped kind ignores a namespace.
    expect(cache.get('Node', 'n1', 'shop')?.metadata.name).toBe('n1');
  });

  it('lists by namespace through the index, and by label predicate', () => {
    const cache = filled();
    expect(names(cache.list('Pod'))).toEqual(['a', 'a', 'b']);
    expect(names(cache.list('Pod', { namespace: 'shop' }))).toEqual(['a', 'b']);
    expect(cache.list('Pod', { namespace: 'none' })).toEqual([]);
    const web = cache.list('Pod', { labelSelector: (l) => l['app'] === 'web' });
    expect(web.map((o) => o.metadata.namespace).sort()).toEqual(['blog', 'shop']);
    expect(cache.list('Node', { labelSelector: (l) => Object.keys(l).length === 0 })).toHaveLength(1);
  });

  it('counts objects and bytes per kind and per namespace, through replace and remove', () => {
    const cache = filled();
    expect([cache.count('Pod'), cache.bytes('Pod')]).toEqual([3, 160]);
    expect([cache.count('Pod', 'shop'), cache.bytes('Pod', 'shop')]).toEqual([2, 150]);

    const previous = cache.put(POD, obj('a', 'shop', '9'), 30);
    expect(previous?.metadata.resourceVersion).toBe('1');
    expect([cache.count('Pod'), cache.bytes('Pod'), cache.bytes('Pod', 'shop')]).toEqual([3, 90, 80]);

    expect(cache.remove(POD, 'b', 'shop')?.metadata.name).toBe('b');
    expect(cache.remove(POD, 'b', 'shop')).toBeUndefined();
    expect([cache.count('Pod'), cache.bytes('Pod'), cache.bytes('Pod', 'shop')]).toEqual([2, 40, 30]);
    cache.remove(POD, 'a', 'shop');
    expect([cache.count('Pod', 'shop'), cache.bytes('Pod', 'shop')]).toEqual([0, 0]);

    expect(cache.stats().map((s) => [s.kind.kind, s.objects, s.bytes])).toEqual([
      ['Pod', 1, 10],
      ['Node', 1, 7],
      ['Deployment', 0, 0],
    ]);
  });

  it('throws UNKNOWN_KIND naming the synced kinds for a kind it does not hold', () => {
    const cache = filled();
    let error: unknown;
    try {
      cache.list('secrets');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(K8sClientError);
    expect((error as K8sClientError).code).toBe('UNKNOWN_KIND');
    expect((error as Error).message).toMatch(/"secrets" is not synced; synced kinds: Pod, Node, Deployment/);
  });

  it('hands out a view without the write methods', () => {
    const view = filled().view();
    expect(view).not.toHaveProperty('put');
    expect(view).not.toHaveProperty('remove');
    expect(view.count('deploy')).toBe(0);
    expect(view.kinds().map((k) => k.kind)).toEqual(['Pod', 'Node', 'Deployment']);
  });
});
