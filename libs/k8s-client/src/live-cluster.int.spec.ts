import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { ApiextensionsV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { deploymentFixture, integrationTest as test, podFixture, waitFor, type IntegrationFixtures, type KubeClients } from '@k8s-mcp/testing';
import { describe, expect } from 'vitest';
import type { Cluster } from './cluster-reader.js';
import { resolveClusterAccess } from './cluster-access.js';
import { createDiscovery } from './discovery.js';
import { K8sClientError } from './k8s-client-error.js';
import type { KubeRequest, KubeTransport } from './kube-transport.js';
import { createLiveCluster } from './live-cluster.js';
import { createNamespacePolicy, type NamespacePolicyOptions } from './namespace-policy.js';

type ControlPlane = IntegrationFixtures['controlPlane'];

/** The real transport, with every request it sends recorded (not a mock: requests go through). */
function counting(transport: KubeTransport): KubeTransport & { requests: KubeRequest[] } {
  const requests: KubeRequest[] = [];
  return {
    server: transport.server,
    requests,
    json: (r) => (requests.push(r), transport.json(r)),
    text: (r) => (requests.push(r), transport.text(r)),
    stream: (r, onLine) => (requests.push(r), transport.stream(r, onLine)),
    close: () => transport.close(),
  };
}

interface LiveOptions {
  readonly kubeconfig?: string;
  readonly policy?: NamespacePolicyOptions;
  readonly maxResources?: number;
  readonly transport?: KubeTransport;
  readonly requestTimeoutMs?: number;
}

function live(cp: ControlPlane, o: LiveOptions = {}): Cluster {
  const access = resolveClusterAccess({ kubeconfigPaths: [o.kubeconfig ?? cp.adminKubeconfig] });
  const transport = o.transport ?? access.transport;
  return createLiveCluster({
    transport,
    discovery: createDiscovery(transport),
    policy: createNamespacePolicy(o.policy ?? { allowed: [], forbidden: [] }),
    maxResources: o.maxResources ?? 100,
    requestTimeoutMs: o.requestTimeoutMs ?? 15_000,
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

async function runningPods(admin: KubeClients, namespace: string, count: number, labelSelector?: string) {
  return waitFor(
    async () => {
      const pods = (await admin.core.listNamespacedPod({ namespace, labelSelector })).items;
      return pods.filter((p) => p.status?.phase === 'Running').length >= count ? pods : undefined;
    },
    { description: `${count} pods Running in ${namespace}`, timeoutMs: 90_000 },
  );
}

async function extraNamespace(admin: KubeClients): Promise<string> {
  const name = `t-${randomBytes(4).toString('hex')}`;
  await admin.core.createNamespace({ body: { metadata: { name, labels: { 'k8s-mcp.io/test': 'true' } } } });
  await waitFor(() => admin.core.readNamespacedServiceAccount({ name: 'default', namespace: name }), {
    description: `ServiceAccount default in ${name}`,
    timeoutMs: 30_000,
  });
  return name;
}

describe('createLiveCluster reads', () => {
  test('lists and gets pods and deployments, with label and field selectors', async ({ controlPlane, admin, namespace }) => {
    await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'web', replicas: 2 }) });
    await admin.core.createNamespacedPod({ namespace, body: podFixture('solo') });
    await runningPods(admin, namespace, 3);
    const cluster = live(controlPlane);

    const pods = await cluster.list('pods', { namespace });
    expect(pods).toMatchObject({ truncated: false, hiddenByPolicy: 0 });
    expect(pods.items).toHaveLength(3);
    expect(pods.items.every((p) => p.kind === 'Pod' && p.apiVersion === 'v1' && p.metadata.namespace === namespace)).toBe(true);

    expect((await cluster.list('po', { namespace, labelSelector: 'app=web' })).items).toHaveLength(2);
    const solo = await cluster.list('pods', { namespace, fieldSelector: 'metadata.name=solo' });
    expect(solo.items.map((p) => p.metadata.name)).toEqual(['solo']);
    expect((await cluster.list('pods', { namespace, fieldSelector: 'status.phase=Running' })).items).toHaveLength(3);
    expect((await cluster.list('pods', { namespace, labelSelector: 'app=nothing' })).items).toEqual([]);

    const deployments = await cluster.list('deploy', { namespace });
    expect(deployments.items.map((d) => d.metadata.name)).toEqual(['web']);
    const web = await cluster.get('deployments.apps', 'web', namespace);
    expect(web).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: 2 } });
    expect((await cluster.get('pods', 'solo', namespace)).metadata.name).toBe('solo');
  });

  test('lists, gets, scales and patches custom resources of a CRD it creates', async ({ controlPlane, admin, namespace }) => {
    const group = `t${randomBytes(4).toString('hex')}.k8s-mcp.io`;
    const crdName = `widgets.${group}`;
    const ext = admin.kubeConfig.makeApiClient(ApiextensionsV1Api);
    const objects = admin.kubeConfig.makeApiClient(CustomObjectsApi);
    await ext.createCustomResourceDefinition({
      body: {
        metadata: { name: crdName },
        spec: {
          group,
          scope: 'Namespaced',
          names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: [`wg${group.slice(1, 5)}`] },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: { type: 'object', properties: { replicas: { type: 'integer' }, size: { type: 'string' } } },
                    status: { type: 'object', properties: { replicas: { type: 'integer' } } },
                  },
                },
              },
              subresources: { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
            },
          ],
        },
      },
    });
    try {
      await waitFor(
        async () => (await ext.readCustomResourceDefinition({ name: crdName })).status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'),
        { description: `CRD ${crdName} Established`, timeoutMs: 30_000 },
      );
      for (const name of ['alpha', 'beta']) {
        await objects.createNamespacedCustomObject({
          group,
          version: 'v1',
          namespace,
          plural: 'widgets',
          body: { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name, labels: { tier: name } }, spec: { replicas: 1, size: name } },
        });
      }
      const cluster = live(controlPlane);
      // The discovery cache predates nothing here, but resolveKind must find the new group.
      const kind = await cluster.resolveKind(crdName);
      expect(kind).toMatchObject({ group, version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true });
      expect(kind.subresources).toContain('scale');
      expect((await cluster.listKinds()).some((k) => k.group === group && k.plural === 'widgets')).toBe(true);
      expect(await cluster.resolveKind(`wg${group.slice(1, 5)}`)).toMatchObject({ group });

      const all = await cluster.list(crdName, { namespace });
      expect(all.items.map((w) => w.metadata.name).sort()).toEqual(['alpha', 'beta']);
      expect(all.items[0]).toMatchObject({ apiVersion: `${group}/v1`, kind: 'Widget' });
      expect((await cluster.list(kind, { namespace, labelSelector: 'tier=beta' })).items.map((w) => w.metadata.name)).toEqual(['beta']);
      expect(await cluster.get(crdName, 'alpha', namespace)).toMatchObject({ spec: { size: 'alpha' } });

      const scale = await cluster.scale(crdName, 'alpha', namespace, 4);
      expect(scale).toMatchObject({ kind: 'Scale', spec: { replicas: 4 } });
      expect(await cluster.get(crdName, 'alpha', namespace)).toMatchObject({ spec: { replicas: 4 } });

      await cluster.patch(crdName, 'beta', namespace, { spec: { size: 'patched' } }, 'merge');
      expect(await cluster.get(crdName, 'beta', namespace)).toMatchObject({ spec: { size: 'patched' } });
      const strategic = await failure(cluster.patch(crdName, 'beta', namespace, { spec: { size: 'x' } }, 'strategic'));
      expect(strategic.code).toBe('INVALID');
      expect(strategic.status).toBe(415);
      expect(strategic.message).toContain(`patch widgets.${group} "beta" in namespace "${namespace}"`);
      expect(strategic.message).toContain('custom resources accept merge or json patches');
    } finally {
      await ext.deleteCustomResourceDefinition({ name: crdName }).catch(() => undefined);
    }
  });

  test('caps lists at maxResources and reports truncated and remaining', async ({ controlPlane, admin, namespace }) => {
    await Promise.all([0, 1, 2, 3, 4].map((i) => admin.core.createNamespacedPod({ namespace, body: podFixture(`p-${i}`) })));
    const capped = await live(controlPlane, { maxResources: 3 }).list('pods', { namespace });
    expect(capped.items).toHaveLength(3);
    expect(capped).toMatchObject({ truncated: true, remaining: 2 });

    const limited = await live(controlPlane, { maxResources: 3 }).list('pods', { namespace, limit: 2 });
    expect(limited.items).toHaveLength(2);
    expect(limited).toMatchObject({ truncated: true, remaining: 3 });

    // A larger limit does not lift the cap.
    expect((await live(controlPlane, { maxResources: 3 }).list('pods', { namespace, limit: 50 })).items).toHaveLength(3);

    // Paging with the continue token visits every pod exactly once.
    const paged: string[] = [];
    let token: string | undefined;
    do {
      const result = await live(controlPlane, { maxResources: 2 }).list('pods', { namespace, continue: token });
      paged.push(...result.items.map((p) => p.metadata.name));
      token = result.continue;
    } while (token);
    expect(paged.sort()).toEqual(['p-0', 'p-1', 'p-2', 'p-3', 'p-4']);

    const all = await live(controlPlane, { maxResources: 5 }).list('pods', { namespace });
    expect(all.items).toHaveLength(5);
    expect(all.truncated).toBe(false);
    expect(all.remaining).toBeUndefined();
  });

  test('applies the namespace policy: allowed lists merge, hidden namespaces never show, refusals send nothing', async ({ controlPlane, admin, namespace }) => {
    const other = await extraNamespace(admin);
    try {
      const run = randomBytes(4).toString('hex');
      const labelled = (name: string) => ({ ...podFixture(name), metadata: { name, labels: { run } } });
      await admin.core.createNamespacedPod({ namespace, body: labelled('mine-1') });
      await admin.core.createNamespacedPod({ namespace, body: labelled('mine-2') });
      await admin.core.createNamespacedPod({ namespace: other, body: labelled('hidden-1') });
      const selector = `run=${run}`;

      const both = await live(controlPlane, { policy: { allowed: [namespace, other], forbidden: [] } }).list('pods', { labelSelector: selector });
      expect(both.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort()).toEqual(
        [`${namespace}/mine-1`, `${namespace}/mine-2`, `${other}/hidden-1`].sort(),
      );

      // Paged two at a time across both namespaces: a token that resumes across namespaces.
      const merged = live(controlPlane, { policy: { allowed: [namespace, other], forbidden: [] }, maxResources: 2 });
      const first = await merged.list('pods', { labelSelector: selector });
      expect(first.items).toHaveLength(2);
      expect(first.truncated).toBe(true);
      const second = await merged.list('pods', { labelSelector: selector, continue: first.continue });
      expect([...first.items, ...second.items].map((p) => p.metadata.name).sort()).toEqual(['hidden-1', 'mine-1', 'mine-2']);
      expect(second.truncated).toBe(false);
      expect(second.continue).toBeUndefined();

      const onlyMine = await live(controlPlane, { policy: { allowed: [namespace], forbidden: [] } }).list('pods', { labelSelector: selector });
      expect(onlyMine.items.map((p) => p.metadata.name).sort()).toEqual(['mine-1', 'mine-2']);
      expect(JSON.stringify(onlyMine)).not.toContain(other);

      const forbidOther = live(controlPlane, { policy: { allowed: [], forbidden: [other] } });
      const clusterWide = await forbidOther.list('pods', { labelSelector: selector });
      expect(clusterWide.items.map((p) => p.metadata.name).sort()).toEqual(['mine-1', 'mine-2']);
      expect(clusterWide.hiddenByPolicy).toBe(1);
      expect(JSON.stringify(clusterWide)).not.toContain(other);
      expect(JSON.stringify(clusterWide)).not.toContain('hidden-1');

      const namespaces = await forbidOther.list('namespaces');
      const names = namespaces.items.map((n) => n.metadata.name);
      expect(names).toContain(namespace);
      expect(names).not.toContain(other);
      expect(namespaces.hiddenByPolicy).toBe(1);

      const transport = counting(resolveClusterAccess({ kubeconfigPaths: [controlPlane.adminKubeconfig] }).transport);
      const guarded = live(controlPlane, { policy: { allowed: [], forbidden: [other] }, transport });
      for (const attempt of [
        guarded.get('pods', 'hidden-1', other),
        guarded.list('pods', { namespace: other }),
        guarded.logs({ namespace: other, name: 'hidden-1' }),
        guarded.get('namespaces', other),
        guarded.delete('pods', 'hidden-1', other),
      ]) {
        const error = await failure(attempt);
        expect(error.code).toBe('NAMESPACE_FORBIDDEN');
        expect(error.message).toContain(`namespace "${other}"`);
      }
      expect(transport.requests).toEqual([]);
      // The pod is still there: the refused delete sent nothing.
      expect((await admin.core.readNamespacedPod({ name: 'hidden-1', namespace: other })).metadata?.name).toBe('hidden-1');
    } finally {
      await admin.core.deleteNamespace({ name: other }).catch(() => undefined);
    }
  });

  test('never returns Secret values, in get or list', async ({ controlPlane, admin, namespace }) => {
    const value = `s3cret-${randomBytes(6).toString('hex')}`;
    await admin.core.createNamespacedSecret({
      namespace,
      body: { metadata: { name: 'db' }, stringData: { password: value, user: 'app' }, type: 'Opaque' },
    });
    const cluster = live(controlPlane);
    const secret = await cluster.get('secrets', 'db', namespace);
    expect(secret['data']).toEqual({ password: `<redacted: ${value.length} bytes>`, user: '<redacted: 3 bytes>' });
    expect(secret).toMatchObject({ kind: 'Secret', type: 'Opaque' });
    const listed = await cluster.list('secrets', { namespace });
    expect(listed.items.find((s) => s.metadata.name === 'db')?.['data']).toEqual(secret['data']);
    const b64 = Buffer.from(value).toString('base64');
    for (const text of [JSON.stringify(secret), JSON.stringify(listed)]) {
      expect(text).not.toContain(value);
      expect(text).not.toContain(b64);
    }
  });

  test('reads pod logs: current, previous, tail and byte limit', async ({ controlPlane, admin, namespace }) => {
    await admin.core.createNamespacedPod({ namespace, body: podFixture('talker') });
    await runningPods(admin, namespace, 1);
    const cluster = live(controlPlane);
    const log = await waitFor(
      async () => {
        const text = await cluster.logs({ namespace, name: 'talker', container: 'app' });
        return text.includes('listening on :8080') ? text : undefined;
      },
      { description: 'log of talker', timeoutMs: 30_000 },
    );
    expect(log.split('\n').filter(Boolean).length).toBeGreaterThan(1);
    expect(await cluster.logs({ namespace, name: 'talker', previous: true })).toContain('panic');
    const tail = await cluster.logs({ namespace, name: 'talker', tailLines: 1 });
    expect(tail.split('\n').filter(Boolean)).toHaveLength(1);
    expect(Buffer.byteLength(await cluster.logs({ namespace, name: 'talker', limitBytes: 20 }))).toBeLessThanOrEqual(20);
  });
});

describe('createLiveCluster errors from the real API', () => {
  test('403 as restricted outside its namespace names verb, resource and namespace', async ({ controlPlane, namespace }) => {
    const restricted = live(controlPlane, { kubeconfig: controlPlane.restrictedKubeconfig });
    expect((await restricted.list('pods', { namespace: controlPlane.restrictedNamespace })).items).toBeInstanceOf(Array);

    const list = await failure(restricted.list('pods', { namespace }));
    expect(list.code).toBe('FORBIDDEN');
    expect(list.status).toBe(403);
    expect(list.message).toContain(`list pods in namespace "${namespace}": forbidden (403): this identity may not list pods in namespace "${namespace}"`);
    expect(list.message).toContain('ask for an RBAC Role');

    const clusterWide = await failure(restricted.list('pods'));
    expect(clusterWide.message).toContain('may not list pods cluster-wide');

    const del = await failure(restricted.delete('deployments', 'web', namespace));
    expect(del.code).toBe('FORBIDDEN');
    expect(del.message).toContain(`delete deployments.apps "web" in namespace "${namespace}"`);
  });

  test('404 and unknown kinds say what to do', async ({ controlPlane, namespace }) => {
    const cluster = live(controlPlane);
    const missing = await failure(cluster.get('pods', 'nope', namespace));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toBe(`get pods "nope" in namespace "${namespace}": not found (404); check the name and namespace, or list to see what exists`);

    const unknown = await failure(cluster.list('deploymnets', { namespace }));
    expect(unknown.code).toBe('UNKNOWN_KIND');
    expect(unknown.message).toContain('did you mean deployments.apps (Deployment)');
    expect(unknown.message).toContain('k8s-list-resources');
  });

  test('a hanging API server is TIMEOUT after requestTimeoutMs', async ({ controlPlane }) => {
    const server = net.createServer();
    const sockets: net.Socket[] = [];
    server.on('connection', (s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as net.AddressInfo;
      const { transport } = resolveClusterAccess({ server: `https://127.0.0.1:${port}`, token: 't', insecureSkipTlsVerify: true });
      const cluster = live(controlPlane, { transport, requestTimeoutMs: 300 });
      const error = await failure(cluster.list('pods', { namespace: 'default' }));
      expect(error.code).toBe('TIMEOUT');
      expect(error.message).toContain('list pods in namespace "default" timed out after 300 ms');
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
