import { BUILTIN_KINDS, createDiscovery, createLiveCluster, createNamespacePolicy, resolveClusterAccess } from '@k8s-mcp/k8s-client';
import { integrationTest as test, waitFor } from '@k8s-mcp/testing';
import { describe, expect } from 'vitest';
import { createCachedCluster } from './cached-cluster.js';
import { createSyncManager } from './sync-manager.js';

describe('cached cluster on the real control plane', () => {
  test('serves synced kinds from the cache, pages consistently under churn, and falls back to the API', async ({ controlPlane, admin, namespace }) => {
    const access = resolveClusterAccess({ kubeconfigPaths: [controlPlane.adminKubeconfig] });
    const policy = createNamespacePolicy({ allowed: [], forbidden: [] });
    const live = createLiveCluster({ transport: access.transport, discovery: createDiscovery(access.transport), policy, maxResources: 100, defaultNamespace: namespace });
    // Pods and ConfigMaps only: Services stay unsynced and must come from the API.
    const kinds = BUILTIN_KINDS.filter((k) => k.kind === 'Pod' || k.kind === 'ConfigMap');
    const sync = createSyncManager({ transport: access.transport, kinds, policy });
    sync.start();
    await sync.ready();
    const cached = createCachedCluster({ live, sync, policy, maxResources: 100, defaultNamespace: namespace });
    try {
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          admin.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: `cm-${String(i).padStart(2, '0')}`, labels: { batch: i % 2 ? 'odd' : 'even' } }, data: { i: String(i) } } }),
        ),
      );
      await admin.core.createNamespacedService({ namespace, body: { metadata: { name: 'svc' }, spec: { ports: [{ port: 80 }] } } });
      await waitFor(() => sync.cache.count('ConfigMap', namespace) >= 61, { description: '60 ConfigMaps (+ kube-root-ca.crt) cached' });

      const cmKind = await cached.resolveKind('configmaps');
      expect(cached.freshness(cmKind).source).toBe('cache');
      expect(cached.freshness(await cached.resolveKind('services')).source).toBe('live');

      const odd = await cached.list('configmaps', { namespace, labelSelector: 'batch=odd', limit: 100 });
      expect(odd.items).toHaveLength(30);
      expect(odd.items.every((o) => o.metadata.labels?.['batch'] === 'odd')).toBe(true);
      const byName = await cached.list('configmaps', { namespace, fieldSelector: 'metadata.name=cm-07' });
      expect(byName.items.map((o) => o.metadata.name)).toEqual(['cm-07']);

      // Page through with churn between pages: every object that exists throughout is seen once.
      const seen: string[] = [];
      let cont: string | undefined;
      let page = 0;
      do {
        const r = await cached.list('configmaps', { namespace, labelSelector: 'batch', limit: 7, ...(cont ? { continue: cont } : {}) });
        seen.push(...r.items.map((o) => o.metadata.name));
        cont = r.continue;
        if (page === 2) await admin.core.deleteNamespacedConfigMap({ name: 'cm-00', namespace });
        if (page === 3) await admin.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'cm-99', labels: { batch: 'odd' } } } });
        page += 1;
      } while (cont && page < 50);
      expect(new Set(seen).size).toBe(seen.length);
      for (let i = 1; i < 60; i++) expect(seen).toContain(`cm-${String(i).padStart(2, '0')}`);

      const got = await cached.get('configmaps', 'cm-05', namespace);
      expect(got.metadata.name).toBe('cm-05');
      expect((await cached.get('services', 'svc', namespace)).metadata.name).toBe('svc');
      await expect(cached.get('configmaps', 'nope', namespace)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const services = await cached.list('services', { namespace });
      expect(services.items.map((o) => o.metadata.name)).toEqual(['svc']);
    } finally {
      await sync.stop();
      access.transport.close();
    }
  });
});
