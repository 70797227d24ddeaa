import { BUILTIN_KINDS, createKubeTransport, createNamespacePolicy } from '@k8s-mcp/k8s-client';
import { createKubeClients, integrationTest as test, waitFor } from '@k8s-mcp/testing';
import { describe, expect } from 'vitest';
import { createSyncManager } from './sync-manager.js';
import { builtinKind, manifestFor, objectWriter } from './testing/kind-manifests.js';

const CLUSTER_SCOPED = BUILTIN_KINDS.filter((k) => !k.namespaced).map((k) => k.kind);

describe('sync manager as the restricted user', () => {
  test('syncs only its namespace, degrades the cluster-scoped kinds RBAC refuses, and is ready', async ({ controlPlane, namespace }) => {
    const own = controlPlane.restrictedNamespace;
    const admin = objectWriter(createKubeTransport(createKubeClients(controlPlane.adminKubeconfig).kubeConfig));
    const configMap = builtinKind('ConfigMap');
    const secret = builtinKind('Secret');
    const mine = `sync-restricted-${namespace}`;
    await admin.create(configMap, manifestFor(configMap, mine, own));
    await admin.create(secret, manifestFor(secret, mine, own));
    await admin.create(configMap, manifestFor(configMap, 'outside', namespace));

    const transport = createKubeTransport(createKubeClients(controlPlane.restrictedKubeconfig).kubeConfig);
    const sync = createSyncManager({
      transport,
      policy: createNamespacePolicy({ allowed: [own], forbidden: [] }),
      options: { readyTimeoutMs: 60_000 },
    });
    try {
      sync.start();
      await sync.ready();

      const statuses = sync.status();
      for (const s of statuses.filter((x) => CLUSTER_SCOPED.includes(x.kind))) {
        expect(s.state, s.kind).toBe('degraded');
        expect(s.namespace).toBeUndefined();
        expect(s.lastError).toMatch(new RegExp(`^${s.kind} cluster-wide is not synced: RBAC denies list/watch of ${s.resource} cluster-wide to this identity \\(403\\)`));
        expect(s.objects).toBe(0);
      }
      const namespaced = statuses.filter((x) => !CLUSTER_SCOPED.includes(x.kind));
      expect(namespaced).toHaveLength(BUILTIN_KINDS.length - CLUSTER_SCOPED.length);
      for (const s of namespaced) {
        expect([s.kind, s.namespace, s.state]).toEqual([s.kind, own, 'synced']);
      }
      // 19 synced kinds and 5 degraded ones at half credit: 100 * 21.5 / 24.
      expect(sync.healthScore()).toBe(90);

      const cached = await waitFor(() => sync.cache.get('ConfigMap', mine, own), { description: 'own ConfigMap in the cache' });
      expect(cached.metadata.namespace).toBe(own);
      for (const kind of BUILTIN_KINDS.filter((k) => k.namespaced)) {
        expect(sync.cache.list(kind).every((o) => o.metadata.namespace === own), kind.kind).toBe(true);
      }
      expect(sync.cache.get('ConfigMap', 'outside', namespace)).toBeUndefined();
      // Nothing from the other namespace, not even its name.
      expect(JSON.stringify(sync.cache.kinds().map((k) => sync.cache.list(k)))).not.toContain(`"${namespace}"`);
      const cachedSecret = await waitFor(() => sync.cache.get('Secret', mine, own), { description: 'own Secret in the cache' });
      expect(cachedSecret).toMatchObject({ dataKeys: ['password'] });
      expect(JSON.stringify(sync.cache.list('Secret'))).not.toContain('hunter2');

      // The watch keeps working for what it may see.
      await admin.patchLabels(configMap, mine, own, { touched: 'yes' });
      await waitFor(() => sync.cache.get('ConfigMap', mine, own)?.metadata.labels?.['touched'] === 'yes', {
        description: 'own ConfigMap update in the cache',
      });
    } finally {
      await sync.stop();
      transport.close();
      await admin.remove(configMap, mine, own).catch(() => undefined);
      await admin.remove(secret, mine, own).catch(() => undefined);
    }
  });
});
