import { apiStatus, deploymentFixture, integrationTest as test, waitFor, type IntegrationFixtures, type KubeClients } from '@k8s-mcp/testing';
import { describe, expect } from 'vitest';
import type { Cluster } from './cluster-reader.js';
import { resolveClusterAccess } from './cluster-access.js';
import { createDiscovery } from './discovery.js';
import { K8sClientError } from './k8s-client-error.js';
import type { KubeObject } from './kube-object.js';
import { createLiveCluster } from './live-cluster.js';
import { createNamespacePolicy } from './namespace-policy.js';

function live(cp: IntegrationFixtures['controlPlane']): Cluster {
  const access = resolveClusterAccess({ kubeconfigPaths: [cp.adminKubeconfig] });
  return createLiveCluster({
    transport: access.transport,
    discovery: createDiscovery(access.transport),
    policy: createNamespacePolicy({ allowed: [], forbidden: [] }),
    maxResources: 100,
    requestTimeoutMs: 15_000,
    defaultNamespace: access.namespace,
  });
}

async function failure(promise: Promise<unknown>): Promise<K8sClientError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof K8sClientError)) throw new Error(`expected a K8sClientError, got ${String(error)}`);
  return error;
}

async function configMapData(admin: KubeClients, namespace: string, name: string): Promise<Record<string, string> | undefined> {
  try {
    return (await admin.core.readNamespacedConfigMap({ name, namespace })).data;
  } catch (error) {
    if (apiStatus(error) === 404) return undefined;
    throw error;
  }
}

function configMap(namespace: string, name: string, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

describe('createLiveCluster writes against the real API', () => {
  test('scales a Deployment through the scale subresource and its ReplicaSet and pods follow', async ({ controlPlane, admin, namespace }) => {
    await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'web', replicas: 1 }) });
    const cluster = live(controlPlane);

    const invalid = await failure(cluster.scale('deployments', 'web', namespace, -1));
    expect(invalid.code).toBe('INVALID');
    expect(invalid.message).toContain('nothing was changed');

    const scale = await cluster.scale('deployments', 'web', namespace, 3);
    expect(scale).toMatchObject({ kind: 'Scale', spec: { replicas: 3 } });
    expect((await admin.apps.readNamespacedDeployment({ name: 'web', namespace })).spec?.replicas).toBe(3);
    await waitFor(
      async () => {
        const rs = (await admin.apps.listNamespacedReplicaSet({ namespace })).items.find((r) => r.metadata?.ownerReferences?.[0]?.name === 'web');
        const pods = (await admin.core.listNamespacedPod({ namespace, labelSelector: 'app=web' })).items;
        return rs?.spec?.replicas === 3 && pods.length === 3;
      },
      { description: 'ReplicaSet of web at 3 replicas with 3 pods', timeoutMs: 60_000 },
    );

    // (Scale omits replicas: 0 from its JSON, so the dry run asks for 1.)
    const dry = await cluster.scale('deploy', 'web', namespace, 1, { dryRun: true });
    expect(dry).toMatchObject({ spec: { replicas: 1 } });
    expect((await admin.apps.readNamespacedDeployment({ name: 'web', namespace })).spec?.replicas).toBe(3);
  });

  test('refuses to scale a kind without a scale subresource', async ({ controlPlane, admin, namespace }) => {
    await admin.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'c' }, data: { a: '1' } } });
    const error = await failure(live(controlPlane).scale('configmaps', 'c', namespace, 2));
    expect(error.code).toBe('INVALID');
    expect(error.message).toContain('ConfigMap "c" exists but has no scale subresource');
    const missing = await failure(live(controlPlane).scale('deployments', 'nope', namespace, 2));
    expect(missing.code).toBe('NOT_FOUND');
  });

  test('server-side apply creates, updates, and changes nothing with dryRun', async ({ controlPlane, admin, namespace }) => {
    const cluster = live(controlPlane);
    const created = await cluster.apply(configMap(namespace, 'settings', { mode: 'a' }));
    expect(created).toMatchObject({ kind: 'ConfigMap', data: { mode: 'a' } });
    const managers = (created.metadata['managedFields'] as { manager: string; operation: string }[]).map((m) => `${m.manager}/${m.operation}`);
    expect(managers).toContain('k8s-mcp/Apply');

    const updated = await cluster.apply(configMap(namespace, 'settings', { mode: 'b', extra: 'x' }));
    expect(updated.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
    expect(await configMapData(admin, namespace, 'settings')).toEqual({ mode: 'b', extra: 'x' });

    const dry = await cluster.apply(configMap(namespace, 'settings', { mode: 'c' }), { dryRun: true });
    expect(dry['data']).toEqual({ mode: 'c' });
    expect(await configMapData(admin, namespace, 'settings')).toEqual({ mode: 'b', extra: 'x' });

    await cluster.apply(configMap(namespace, 'ghost', { a: '1' }), { dryRun: true });
    expect(await configMapData(admin, namespace, 'ghost')).toBeUndefined();

    // A Deployment applied without a namespace lands in the default-namespace fallback only when
    // it names one: here it does, and the controller acts on it.
    await cluster.apply({ ...deploymentFixture({ name: 'applied', replicas: 1 }), metadata: { name: 'applied', namespace, labels: { app: 'applied' } } } as KubeObject);
    await waitFor(async () => (await admin.apps.listNamespacedReplicaSet({ namespace })).items.length > 0, { description: 'ReplicaSet of applied' });
  });

  test('apply conflicts with another field manager unless forced', async ({ controlPlane, admin, namespace }) => {
    const cluster = live(controlPlane);
    await cluster.apply(configMap(namespace, 'owned', { key: 'theirs' }), { fieldManager: 'someone-else' });
    const conflict = await failure(cluster.apply(configMap(namespace, 'owned', { key: 'ours' })));
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.status).toBe(409);
    expect(conflict.message).toContain(`apply configmaps "owned" in namespace "${namespace}": conflict (409)`);
    expect(conflict.message).toContain('someone-else');
    expect(conflict.message).toContain('retry with force');
    expect(await configMapData(admin, namespace, 'owned')).toEqual({ key: 'theirs' });

    await cluster.apply(configMap(namespace, 'owned', { key: 'ours' }), { force: true });
    expect(await configMapData(admin, namespace, 'owned')).toEqual({ key: 'ours' });
  });

  test('applies a Secret and returns it redacted while storing the value', async ({ controlPlane, admin, namespace }) => {
    const applied = await live(controlPlane).apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'token', namespace },
      stringData: { token: 'applied-value-123' },
    });
    expect(applied['data']).toEqual({ token: '<redacted: 17 bytes>' });
    expect(JSON.stringify(applied)).not.toContain('applied-value-123');
    const stored = await admin.core.readNamespacedSecret({ name: 'token', namespace });
    expect(Buffer.from(stored.data?.['token'] ?? '', 'base64').toString()).toBe('applied-value-123');
  });

  test('patches with merge, strategic and json patches', async ({ controlPlane, admin, namespace }) => {
    await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'api', replicas: 1 }) });
    const cluster = live(controlPlane);

    await cluster.patch('deployments', 'api', namespace, { metadata: { labels: { tier: 'backend' } } }, 'merge');
    await cluster.patch('deployments', 'api', namespace, { spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.example/api:2.0' }] } } } }, 'strategic');
    const patched = await cluster.patch('deployments', 'api', namespace, [{ op: 'replace', path: '/spec/replicas', value: 2 }], 'json');
    expect(patched).toMatchObject({ kind: 'Deployment', spec: { replicas: 2 } });

    const stored = await admin.apps.readNamespacedDeployment({ name: 'api', namespace });
    expect(stored.metadata?.labels).toMatchObject({ app: 'api', tier: 'backend' });
    // Strategic merge kept the container's other fields (ports) while changing the image.
    expect(stored.spec?.template.spec?.containers).toMatchObject([{ name: 'app', image: 'registry.example/api:2.0', ports: [{ containerPort: 8080 }] }]);

    const dry = await cluster.patch('deployments', 'api', namespace, { spec: { replicas: 5 } }, 'merge', { dryRun: true });
    expect(dry).toMatchObject({ spec: { replicas: 5 } });
    expect((await admin.apps.readNamespacedDeployment({ name: 'api', namespace })).spec?.replicas).toBe(2);

    const bad = await failure(cluster.patch('deployments', 'api', namespace, [{ op: 'replace', path: '/spec/nothing/here', value: 1 }], 'json'));
    expect(['INVALID', 'SERVER_ERROR']).toContain(bad.code);
    expect(bad.message).toContain(`patch deployments.apps "api" in namespace "${namespace}"`);
    expect((await failure(cluster.patch('deployments', 'nope', namespace, {}, 'merge'))).code).toBe('NOT_FOUND');
  });

  test('deletes, with dryRun changing nothing and Background propagation removing dependents', async ({ controlPlane, admin, namespace }) => {
    await admin.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'doomed' }, data: { a: '1' } } });
    await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'gone', replicas: 1 }) });
    const cluster = live(controlPlane);

    await cluster.delete('configmaps', 'doomed', namespace, { dryRun: true });
    expect(await configMapData(admin, namespace, 'doomed')).toEqual({ a: '1' });
    await cluster.delete('cm', 'doomed', namespace);
    expect(await configMapData(admin, namespace, 'doomed')).toBeUndefined();
    expect((await failure(cluster.delete('cm', 'doomed', namespace))).code).toBe('NOT_FOUND');

    await waitFor(async () => (await admin.apps.listNamespacedReplicaSet({ namespace })).items.length === 1, { description: 'ReplicaSet of gone' });
    await cluster.delete('deployments', 'gone', namespace);
    await waitFor(async () => (await admin.apps.listNamespacedReplicaSet({ namespace })).items.length === 0, {
      description: 'ReplicaSet of gone garbage-collected',
      timeoutMs: 60_000,
    });
  });
});
