import { BUILTIN_KINDS, createNamespacePolicy, type KubeObject } from '@k8s-mcp/k8s-client';
import { type ChangeListener, createResourceCache, type SyncManager } from '@k8s-mcp/sync';
import { describe, expect, it } from 'vitest';
import { hideSyncReferences } from './hidden-references-sync.js';

const pvKind = BUILTIN_KINDS.find((k) => k.kind === 'PersistentVolume')!;
const pv: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-0' }, spec: { claimRef: { namespace: 'data', name: 'data-postgres-0' } } };

/** A sync manager over a plain cache, whose change events the test sends. */
function fakeSync() {
  const cache = createResourceCache([pvKind]);
  cache.put(pvKind, pv, 100);
  const listeners = new Set<ChangeListener>();
  const sync: SyncManager = {
    cache: cache.view(),
    start: () => undefined,
    ready: async () => undefined,
    stop: async () => undefined,
    status: () => [],
    healthScore: () => 100,
    subscribe: (l) => (listeners.add(l), () => void listeners.delete(l)),
  };
  return { sync, emit: (object: KubeObject) => listeners.forEach((l) => l({ type: 'modified', kind: pvKind, object, previous: pv })) };
}

describe('hideSyncReferences', () => {
  it('redacts references into hidden namespaces in cache reads and change events, once per object', () => {
    const { sync, emit } = fakeSync();
    const hidden = hideSyncReferences(sync, createNamespacePolicy({ allowed: [], forbidden: ['data'] }));
    const listed = hidden.cache.list('PersistentVolume');
    expect(listed[0]?.['spec']).toEqual({ claimRef: { namespace: '<hidden>', name: '<hidden>' } });
    expect(hidden.cache.get(pvKind, 'pv-0')).toBe(listed[0]);
    expect(hidden.cache.count(pvKind)).toBe(1);
    const seen: unknown[] = [];
    hidden.subscribe((change) => seen.push(change.object['spec'], change.previous?.['spec']));
    emit({ ...pv, metadata: { name: 'pv-0', resourceVersion: '2' } });
    expect(seen).toEqual([{ claimRef: { namespace: '<hidden>', name: '<hidden>' } }, { claimRef: { namespace: '<hidden>', name: '<hidden>' } }]);
  });

  it('is the sync itself when the policy hides nothing', () => {
    const { sync } = fakeSync();
    expect(hideSyncReferences(sync, createNamespacePolicy({ allowed: [], forbidden: [] }))).toBe(sync);
  });
});
