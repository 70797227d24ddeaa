import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deploymentFixture, integrationTest as test, podFixture, waitFor, type IntegrationFixtures, type KubeClients } from '@k8s-mcp/testing';
import { afterEach, describe, expect } from 'vitest';
import { K8sClientError } from './k8s-client-error.js';
import type { KubeObject } from './kube-object.js';
import { createNamespacePolicy, type NamespacePolicyOptions } from './namespace-policy.js';
import { loadSnapshot, type SnapshotCluster } from './snapshot-loader.js';

// Objects made on the real control plane, dumped with the built kubectl in every format the
// loader accepts, must come back through loadSnapshot as the API server has them.

type ControlPlane = IntegrationFixtures['controlPlane'];

const run = promisify(execFile);
const SECRET_VALUE = 'snapshot-int-secret-value';
const SELECTOR = 'tier in (web,api),!canary';

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function kubectl(cp: ControlPlane, args: string[]): Promise<string> {
  const { stdout } = await run(cp.kubectl, ['--kubeconfig', cp.adminKubeconfig, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function load(source: string, policy: NamespacePolicyOptions = { allowed: [], forbidden: [] }): Promise<SnapshotCluster> {
  return loadSnapshot(source, { policy: createNamespacePolicy(policy), maxResources: 500 });
}

/** A Deployment, three labelled bare pods, a Service, a ConfigMap and a Secret; waits for 5 running pods. */
async function populate(admin: KubeClients, namespace: string): Promise<void> {
  const web = deploymentFixture({ name: 'web', replicas: 2 });
  const template = web.spec?.template.metadata;
  if (template?.labels) template.labels['tier'] = 'web';
  await admin.apps.createNamespacedDeployment({ namespace, body: web });
  const bare: { name: string; labels: Record<string, string> }[] = [
    { name: 'api-1', labels: { tier: 'api' } },
    { name: 'api-canary', labels: { tier: 'api', canary: 'true' } },
    { name: 'batch-1', labels: { tier: 'batch' } },
  ];
  for (const { name, labels } of bare) {
    const pod = podFixture(name);
    pod.metadata = { ...pod.metadata, labels: { ...pod.metadata?.labels, ...labels } };
    await admin.core.createNamespacedPod({ namespace, body: pod });
  }
  await admin.core.createNamespacedService({
    namespace,
    body: { metadata: { name: 'web', labels: { app: 'web' } }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
  });
  await admin.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'settings' }, data: { mode: 'fast' } } });
  await admin.core.createNamespacedSecret({
    namespace,
    body: { metadata: { name: 'creds' }, type: 'Opaque', stringData: { password: SECRET_VALUE } },
  });
  await waitFor(
    async () => {
      const pods = (await admin.core.listNamespacedPod({ namespace })).items;
      return pods.length === 5 && pods.every((p) => p.status?.phase === 'Running');
    },
    { description: `5 pods Running in ${namespace}`, timeoutMs: 90_000 },
  );
}

/** `uid name {labels}` of every object, sorted: what must survive the round trip. */
function fingerprint(objects: readonly KubeObject[]): string[] {
  return objects.map((o) => `${o.metadata.uid} ${o.metadata.name} ${JSON.stringify(o.metadata.labels ?? {})}`).sort();
}

async function apiObjects(cp: ControlPlane, kind: string, namespace: string): Promise<KubeObject[]> {
  return (JSON.parse(await kubectl(cp, ['get', kind, '-n', namespace, '-o', 'json'])) as { items: KubeObject[] }).items;
}

describe('loadSnapshot against real kubectl output', () => {
  test('round-trips kubectl get -o json and -o yaml', async ({ controlPlane, admin, namespace }) => {
    await populate(admin, namespace);
    const dir = await mkdtemp(join(tmpdir(), 'snapshot-int-'));
    temps.push(dir);
    const kinds = 'pods,deployments,replicasets,services,configmaps,secrets';
    await writeFile(join(dir, 'get.json'), await kubectl(controlPlane, ['get', kinds, '-n', namespace, '-o', 'json']));
    await writeFile(join(dir, 'get.yaml'), await kubectl(controlPlane, ['get', kinds, '-n', namespace, '-o', 'yaml']));

    for (const file of ['get.json', 'get.yaml']) {
      const cluster = await load(join(dir, file));
      for (const kind of ['pods', 'deployments', 'replicasets', 'services', 'configmaps', 'secrets']) {
        const expected = await apiObjects(controlPlane, kind, namespace);
        const got = await cluster.list(kind, { namespace });
        expect(got.items.length, `${file} ${kind}`).toBe(expected.length);
        expect(fingerprint(got.items), `${file} ${kind}`).toEqual(fingerprint(expected));
      }
      const web = await cluster.get('deployments', 'web', namespace);
      expect(web).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: 2 } });
      expect(web.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

      // The same selector, answered by the API server and by the snapshot.
      const api = await admin.core.listNamespacedPod({ namespace, labelSelector: SELECTOR });
      const snap = await cluster.list('pods', { namespace, labelSelector: SELECTOR });
      expect(snap.items.map((p) => p.metadata.name).sort()).toEqual(api.items.map((p) => p.metadata!.name!).sort());
      expect(snap.items.length).toBe(3);

      const secret = await cluster.get('secrets', 'creds', namespace);
      expect(secret['data']).toEqual({ password: `<redacted: ${SECRET_VALUE.length} bytes>` });
      expect(JSON.stringify((await cluster.list('secrets', { namespace })).items)).not.toContain(
        Buffer.from(SECRET_VALUE).toString('base64'),
      );
    }
  });

  test('round-trips kubectl cluster-info dump --output-directory, logs included', async ({ controlPlane, admin, namespace }) => {
    await populate(admin, namespace);
    const dir = await mkdtemp(join(tmpdir(), 'snapshot-int-dump-'));
    temps.push(dir);
    await kubectl(controlPlane, ['cluster-info', 'dump', '--namespaces', namespace, '--output-directory', dir]);

    const cluster = await load(dir);
    expect(cluster.snapshotInfo.files.some((f) => f.endsWith(join(namespace, 'pods.json')))).toBe(true);
    for (const kind of ['pods', 'deployments', 'replicasets', 'services']) {
      const expected = await apiObjects(controlPlane, kind, namespace);
      const got = await cluster.list(kind, { namespace });
      expect(fingerprint(got.items), kind).toEqual(fingerprint(expected));
      expect(got.items.every((o) => typeof o.kind === 'string' && typeof o.apiVersion === 'string'), kind).toBe(true);
    }
    // Other tests may add nodes meanwhile: compare the control plane's own.
    const own = (o: KubeObject) => /^kwok-node-\d+$/.test(o.metadata.name);
    const nodes = (await admin.core.listNode()).items.map((n) => ({ metadata: { name: n.metadata!.name!, uid: n.metadata!.uid, labels: n.metadata!.labels } }));
    expect(fingerprint((await cluster.list('nodes')).items.filter(own))).toEqual(fingerprint(nodes.filter(own)));
    expect(nodes.filter(own).length).toBeGreaterThan(0);

    const api = await admin.core.listNamespacedPod({ namespace, labelSelector: SELECTOR });
    const snap = await cluster.list('pods', { namespace, labelSelector: SELECTOR });
    expect(snap.items.map((p) => p.metadata.name).sort()).toEqual(api.items.map((p) => p.metadata!.name!).sort());

    // kwok serves every pod the same log, with a WARN and an ERROR line.
    expect(cluster.snapshotInfo.podsWithLogs).toBe(5);
    const log = await cluster.logs({ namespace, name: 'api-1' });
    expect(log).toContain('ERROR');
    expect(await cluster.logs({ namespace, name: 'api-1', tailLines: 1 })).toBe(`${log.trimEnd().split('\n').at(-1)}\n`);

    // The same dump under a policy that hides the namespace shows nothing of it.
    const hidden = await load(dir, { allowed: [], forbidden: [namespace] });
    const pods = await hidden.list('pods');
    expect(pods.items).toEqual([]);
    expect(pods.hiddenByPolicy).toBe(5);
    const refused = await hidden.logs({ namespace, name: 'api-1' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(K8sClientError);
    expect((refused as K8sClientError).code).toBe('NAMESPACE_FORBIDDEN');
  });
});
