import { randomBytes } from 'node:crypto';
import { BUILTIN_KINDS, createKubeTransport, createNamespacePolicy, type KubeTransport } from '@k8s-mcp/k8s-client';
import { createKubeClients, integrationTest as test, waitFor } from '@k8s-mcp/testing';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { ChangeEvent } from './change-event.js';
import { listAllPages } from './paginated-list.js';
import { createSyncManager, type SyncManager } from './sync-manager.js';
import { sharedControlPlane } from './testing/control-plane.js';
import { fingerprint, manifestFor, objectWriter, type ObjectWriter } from './testing/kind-manifests.js';

let transport: KubeTransport;
let sync: SyncManager;
let writer: ObjectWriter;
const events: ChangeEvent[] = [];

beforeAll(async () => {
  transport = createKubeTransport(createKubeClients(sharedControlPlane().adminKubeconfig).kubeConfig);
  writer = objectWriter(transport);
  sync = createSyncManager({ transport, policy: createNamespacePolicy({ allowed: [], forbidden: [] }) });
  sync.subscribe((e) => events.push(e));
  sync.start();
  await sync.ready();
});

afterAll(async () => {
  await sync?.stop();
  transport?.close();
});

const seen = (type: ChangeEvent['type'], kind: string, name: string) =>
  events.some((e) => e.type === type && e.kind.kind === kind && e.object.metadata.name === name);

describe('sync manager on the shared control plane (admin, every namespace)', () => {
  test('syncs every built-in kind', () => {
    expect(sync.status().map((s) => [s.kind, s.state])).toEqual(BUILTIN_KINDS.map((k) => [k.kind, 'synced']));
    expect(sync.healthScore()).toBe(100);
    expect(sync.cache.count('Node')).toBeGreaterThan(0);
    expect(sync.cache.count('Namespace')).toBeGreaterThan(0);
  });

  test.for(BUILTIN_KINDS.map((k) => [k.kind, k] as const))('reflects create, update and delete of a %s', async ([, kind], { namespace }) => {
    const name = kind.namespaced ? `sync-${kind.plural}` : `sync-${kind.plural}-${randomBytes(3).toString('hex')}`;
    const ns = kind.namespaced ? namespace : undefined;
    try {
      const created = await writer.create(kind, manifestFor(kind, name, namespace));
      const cached = await waitFor(() => sync.cache.get(kind, name, ns), { description: `${kind.kind} ${name} in the cache` });
      expect(cached.kind).toBe(kind.kind);
      expect(cached.metadata.uid).toBe(created.metadata.uid);
      expect(cached.metadata).not.toHaveProperty('managedFields');
      expect(seen('added', kind.kind, name)).toBe(true);
      if (kind.kind === 'Secret') {
        expect(cached).toMatchObject({ dataKeys: ['password'], type: 'Opaque' });
        expect(JSON.stringify(cached)).not.toContain('hunter2');
        expect(JSON.stringify(events)).not.toContain('hunter2');
      }

      const patched = await writer.patchLabels(kind, name, ns, { 'sync-test': 'updated' });
      const updated = await waitFor(
        () => {
          const o = sync.cache.get(kind, name, ns);
          return o?.metadata.labels?.['sync-test'] === 'updated' ? o : undefined;
        },
        { description: `${kind.kind} ${name} updated in the cache` },
      );
      expect(Number(updated.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(patched.metadata.resourceVersion));
      expect(seen('modified', kind.kind, name)).toBe(true);
      expect(sync.cache.list(kind, { ...(ns ? { namespace: ns } : {}), labelSelector: (l) => l['sync-test'] === 'updated' }).map((o) => o.metadata.name)).toContain(name);

      await writer.remove(kind, name, ns);
      await waitFor(() => sync.cache.get(kind, name, ns) === undefined, {
        description: `${kind.kind} ${name} gone from the cache`,
        timeoutMs: 90_000,
      });
      expect(seen('deleted', kind.kind, name)).toBe(true);
    } finally {
      if (!kind.namespaced) await writer.remove(kind, name, undefined).catch(() => undefined);
    }
  });

  test('holds as many objects of each kind as the API lists', async () => {
    for (const kind of BUILTIN_KINDS) {
      // Other tests change the cluster meanwhile: compare until a moment when both agree.
      let api: string[] = [];
      await waitFor(
        async () => {
          api = fingerprint((await listAllPages({ transport, kind, pageSize: 500, map: (o) => o })).items);
          return fingerprint(sync.cache.list(kind)).join() === api.join();
        },
        { description: `cache of ${kind.kind} equal to a fresh list`, timeoutMs: 60_000, intervalMs: 500 },
      );
      expect(sync.cache.count(kind)).toBe(api.length);
    }
    const stats = sync.cache.stats();
    expect(stats.every((s) => s.objects === 0 || s.bytes > 0)).toBe(true);
  });
});
