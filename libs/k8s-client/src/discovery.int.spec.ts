import { randomBytes } from 'node:crypto';
import { ApiextensionsV1Api } from '@kubernetes/client-node';
import { integrationTest as test, waitFor } from '@k8s-mcp/testing';
import { describe, expect } from 'vitest';
import { resolveClusterAccess } from './cluster-access.js';
import { createDiscovery } from './discovery.js';

describe('createDiscovery against the real API server', () => {
  test('lists built-in kinds at their preferred versions, with subresources attached and not listed', async ({ controlPlane }) => {
    const { transport } = resolveClusterAccess({ kubeconfigPaths: [controlPlane.adminKubeconfig] });
    const kinds = await createDiscovery(transport).listKinds();
    const byName = new Map(kinds.map((k) => [`${k.plural}.${k.group}`, k]));
    expect(byName.get('pods.')).toMatchObject({ version: 'v1', kind: 'Pod', namespaced: true, singular: 'pod' });
    expect(byName.get('pods.')?.subresources).toEqual(expect.arrayContaining(['log', 'status', 'exec']));
    expect(byName.get('deployments.apps')?.subresources).toContain('scale');
    expect(byName.get('horizontalpodautoscalers.autoscaling')?.version).toBe('v2');
    expect(byName.get('customresourcedefinitions.apiextensions.k8s.io')).toMatchObject({ namespaced: false });
    expect(kinds.some((k) => k.plural.includes('/'))).toBe(false);
    // bindings cannot be listed, so they are not offered.
    expect(byName.has('bindings.')).toBe(false);
  });

  test('works for an identity without RBAC rights (discovery is open to authenticated users)', async ({ controlPlane }) => {
    const { transport } = resolveClusterAccess({ kubeconfigPaths: [controlPlane.nobodyKubeconfig] });
    const discovery = createDiscovery(transport);
    expect((await discovery.resolveKind('limitranges')).kind).toBe('LimitRange');
  });

  test('finds a CRD created after the cache was filled, by refreshing once', async ({ controlPlane, admin }) => {
    const { transport } = resolveClusterAccess({ kubeconfigPaths: [controlPlane.adminKubeconfig] });
    const discovery = createDiscovery(transport);
    const group = `d${randomBytes(4).toString('hex')}.k8s-mcp.io`;
    await discovery.listKinds();
    const missing = await discovery.resolveKind(`gizmos.${group}`).catch((e: unknown) => e);
    expect((missing as { code?: string }).code).toBe('UNKNOWN_KIND');

    const ext = admin.kubeConfig.makeApiClient(ApiextensionsV1Api);
    const name = `gizmos.${group}`;
    await ext.createCustomResourceDefinition({
      body: {
        metadata: { name },
        spec: {
          group,
          scope: 'Cluster',
          names: { plural: 'gizmos', singular: 'gizmo', kind: 'Gizmo' },
          versions: [{ name: 'v1beta1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
        },
      },
    });
    try {
      await waitFor(
        async () => (await ext.readCustomResourceDefinition({ name })).status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'),
        { description: `CRD ${name} Established` },
      );
      // The cache (5 min TTL) is still fresh: only the refresh on a miss can find it.
      const kind = await waitFor(() => discovery.resolveKind(name).catch(() => undefined), { description: `discovery of ${name}`, timeoutMs: 30_000 });
      expect(kind).toMatchObject({ group, version: 'v1beta1', kind: 'Gizmo', namespaced: false });
    } finally {
      await ext.deleteCustomResourceDefinition({ name }).catch(() => undefined);
    }
  });
});
