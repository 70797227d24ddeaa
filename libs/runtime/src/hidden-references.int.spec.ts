import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@k8s-mcp/config';
import { BUILTIN_KINDS, createDiscovery, createLiveCluster, createNamespacePolicy, DIAGNOSIS_KINDS, resolveClusterAccess } from '@k8s-mcp/k8s-client';
import { type ControlPlaneInfo, integrationTest as test, waitFor } from '@k8s-mcp/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, describe, expect } from 'vitest';
import { listEverything } from './graph-feed.js';
import { type Runtime, startRuntime } from './start-runtime.js';

const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-hidden-refs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = (env: Record<string, string>) =>
  loadConfig({ argv: [], env: { K8S_AUDIT_ENABLED: 'false', ...env }, readFile: (p) => readFileSync(p, 'utf8'), cwd: dir, homedir: dir, envFile: false });

function kubectl(cp: ControlPlaneInfo, args: readonly string[], input?: string): string {
  const run = spawnSync(cp.kubectl, ['--kubeconfig', cp.adminKubeconfig, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

/** The objects of one test: a hidden namespace and everything that points into it. */
function plant(id: string, visible: string) {
  const hidden = `vault-${id}`;
  // Names of objects inside the hidden namespace: none may appear in any answer.
  const secret = {
    namespace: hidden,
    claim: `ledger-claim-${id}`,
    account: `ledger-robot-${id}`,
    service: `ledger-hook-${id}`,
    csiSecret: `ledger-creds-${id}`,
    cert: `ledger-cert-${id}`,
    params: `ledger-params-${id}`,
    release: `ledger-release-${id}`,
    pod: `ledger-pod-${id}`,
  };
  const labels = { 'k8s-mcp.io/hidden-refs': id };
  const pv = `vol-${id}`;
  const cluster = { pv, binding: `reader-${id}`, webhook: `hook-${id}`, ingressClass: `edge-${id}`, storageClass: `secure-${id}`, role: `helm-role-${id}`, event: `pv-event-${id}` };
  const hiddenObjects = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: secret.account, namespace: hidden } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: secret.service, namespace: hidden }, spec: { ports: [{ port: 443 }], selector: { app: 'hook' } } },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: secret.claim, namespace: hidden },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: '', volumeName: pv, resources: { requests: { storage: '1Gi' } } },
    },
  ];
  const pointing = [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pv, labels },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        storageClassName: '',
        persistentVolumeReclaimPolicy: 'Retain',
        claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: hidden, name: secret.claim },
        csi: { driver: 'csi.example.com', volumeHandle: `handle-${id}`, nodePublishSecretRef: { namespace: hidden, name: secret.csiSecret } },
      },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: cluster.binding, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'ServiceAccount', namespace: hidden, name: secret.account },
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: `system:serviceaccount:${hidden}:${secret.account}` },
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `system:serviceaccounts:${hidden}` },
      ],
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: cluster.webhook, labels, annotations: { 'cert-manager.io/inject-ca-from': `${hidden}/${secret.cert}` } },
      webhooks: [
        {
          name: 'svc.hidden-refs.example.com',
          clientConfig: { service: { namespace: hidden, name: secret.service, path: '/validate', port: 443 } },
          // Matches nothing anyone creates, so the unreachable Service never matters.
          rules: [{ apiGroups: ['hidden-refs.example.com'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['widgets'] }],
          namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [hidden] }] },
          failurePolicy: 'Ignore',
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
        },
        {
          name: 'url.hidden-refs.example.com',
          clientConfig: { url: `https://${secret.service}.${hidden}.svc:443/validate` },
          rules: [{ apiGroups: ['hidden-refs.example.com'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['widgets'] }],
          failurePolicy: 'Ignore',
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
        },
      ],
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: cluster.ingressClass, labels },
      spec: { controller: 'example.com/edge', parameters: { apiGroup: 'example.com', kind: 'EdgeParameters', name: secret.params, namespace: hidden, scope: 'Namespace' } },
    },
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: cluster.storageClass, labels },
      provisioner: 'csi.example.com',
      parameters: { 'csi.storage.k8s.io/provisioner-secret-name': secret.csiSecret, 'csi.storage.k8s.io/provisioner-secret-namespace': hidden },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: cluster.role, labels, annotations: { 'meta.helm.sh/release-name': secret.release, 'meta.helm.sh/release-namespace': hidden } },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'cross-reader', namespace: visible, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', namespace: hidden, name: secret.account }],
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'from-vault', namespace: visible, labels },
      spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': hidden } } }] }] },
    },
    {
      // An event about the (cluster-scoped) volume lives in "default"; it names the claim.
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: cluster.event, namespace: 'default', labels },
      involvedObject: { apiVersion: 'v1', kind: 'PersistentVolume', name: pv },
      related: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: hidden, name: secret.claim },
      type: 'Warning',
      reason: 'HiddenRefsProbe',
      message: `volume ${pv} is bound to claim ${hidden}/${secret.claim}`,
      source: { component: 'hidden-refs-test' },
      firstTimestamp: new Date().toISOString(),
      lastTimestamp: new Date().toISOString(),
      count: 1,
    },
  ];
  return { hidden, secret, cluster, labels, hiddenObjects, pointing };
}

type Planted = ReturnType<typeof plant>;

/** Every name of the hidden namespace that occurs in `text`. */
function leaked(text: string, planted: Planted): string[] {
  return Object.values(planted.secret).filter((name) => text.includes(name));
}

async function client(runtime: Runtime) {
  const server = runtime.createMcpServer({ transport: 'memory', caller: 'spec' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const mcp = new Client({ name: 'spec', version: '0' });
  await Promise.all([server.connect(a), mcp.connect(b)]);
  const outputs: string[] = [];
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const result = await mcp.callTool({ name, arguments: args });
    const text = (result.content as { text: string }[]).map((c) => c.text).join('\n');
    outputs.push(`${name} ${JSON.stringify(args)}\n${text}\n${JSON.stringify(result.structuredContent ?? {})}`);
    return { text, isError: result.isError === true };
  };
  const read = async (uri: string) => {
    const result = await mcp.readResource({ uri });
    const text = result.contents.map((c) => ('text' in c ? c.text : '')).join('\n');
    outputs.push(`${uri}\n${text}`);
    return text;
  };
  return { call, read, outputs };
}

/** Asks every read path about the objects that point into the hidden namespace; returns every answer. */
async function probe(runtime: Runtime, planted: Planted, visible: string): Promise<string[]> {
  const { call, read, outputs } = await client(runtime);
  const { cluster } = planted;
  const selector = Object.entries(planted.labels).map(([k, v]) => `${k}=${v}`).join(',');

  const pv = await call('k8s-get-resource', { kind: 'PersistentVolume', name: cluster.pv });
  expect(pv.isError, pv.text).toBe(false);
  // Still listed, still bound, but to a claim it does not name.
  expect(pv.text).toMatch(/"claimRef": \{[^}]*"namespace": "<hidden>"/);
  const binding = await call('k8s-get-resource', { kind: 'ClusterRoleBinding', name: cluster.binding });
  expect(binding.text).toContain('system:serviceaccount:<hidden>:<hidden>');
  for (const [kind, name] of [
    ['ValidatingWebhookConfiguration', cluster.webhook],
    ['IngressClass', cluster.ingressClass],
    ['StorageClass', cluster.storageClass],
    ['ClusterRole', cluster.role],
  ] as const) {
    expect((await call('k8s-get-resource', { kind, name })).isError, `${kind} ${name}`).toBe(false);
  }
  for (const [kind, name] of [
    ['RoleBinding', 'cross-reader'],
    ['NetworkPolicy', 'from-vault'],
  ] as const) {
    expect((await call('k8s-get-resource', { kind, name, namespace: visible })).isError, `${kind} ${name}`).toBe(false);
  }

  for (const kind of ['persistentvolumes', 'clusterrolebindings', 'validatingwebhookconfigurations', 'ingressclasses', 'storageclasses', 'clusterroles', 'rolebindings', 'networkpolicies']) {
    for (const format of ['table', 'json', 'names']) {
      const listed = await call('k8s-list-resources', { kind, label_selector: selector, all_namespaces: true, format });
      expect(listed.isError, listed.text).toBe(false);
      // json is one document ("returned": 1); table and names say it in the header.
      if (format === 'json') expect((JSON.parse(listed.text) as { returned: number }).returned).toBe(1);
      else expect(listed.text).toMatch(/: 1 returned/);
    }
  }
  expect((await call('k8s-list-resources', { kind: 'pv', label_selector: selector, format: 'names' })).text).toContain(cluster.pv);

  for (const [kind, name, namespace] of [
    ['PersistentVolume', cluster.pv],
    ['ClusterRoleBinding', cluster.binding],
    ['ValidatingWebhookConfiguration', cluster.webhook],
    ['IngressClass', cluster.ingressClass],
    ['StorageClass', cluster.storageClass],
    ['RoleBinding', 'cross-reader', visible],
    ['NetworkPolicy', 'from-vault', visible],
  ] as const) {
    const described = await call('k8s-describe', { kind, name, ...(namespace ? { namespace } : {}) });
    expect(described.isError, described.text).toBe(false);
  }
  const events = await call('k8s-get-events', { namespace: 'default', object_kind: 'PersistentVolume', object_name: cluster.pv });
  expect(events.text).toContain('HiddenRefsProbe');
  await call('k8s-get-events', { all_namespaces: true });

  for (const [resource_type, resource_name, namespace] of [
    ['PersistentVolume', cluster.pv],
    ['ClusterRoleBinding', cluster.binding],
    ['ValidatingWebhookConfiguration', cluster.webhook],
    ['IngressClass', cluster.ingressClass],
    ['RoleBinding', 'cross-reader', visible],
  ] as const) {
    for (const query_type of ['dependencies', 'dependents', 'neighbors', 'impact']) {
      for (const format of ['text', 'json']) {
        const related = await call('k8s-relation-query', { query_type, resource_type, resource_name, format, ...(namespace ? { namespace } : {}) });
        expect(related.isError, related.text).toBe(false);
      }
    }
  }
  for (const summary_type of ['overview', 'anomalies']) {
    for (const format of ['markdown', 'json']) expect((await call('k8s-cluster-summary', { summary_type, format, max_size_kb: 64 })).isError).toBe(false);
  }
  await call('k8s-cluster-summary', { summary_type: 'namespace', namespace: visible });
  await read('k8s://cluster/summary');
  await read('k8s://cluster/anomalies');
  await read(`k8s://objects/PersistentVolume/_cluster/${cluster.pv}`);
  await read(`k8s://objects/ClusterRoleBinding/_cluster/${cluster.binding}`);
  expect(runtime.graph?.outEdges(`PersistentVolume/_cluster/${cluster.pv}`) ?? []).toEqual([]);

  // What `k8s-mcp snapshot` records: every object of every kind, read through the runtime's cluster.
  for (const kind of [...BUILTIN_KINDS, ...DIAGNOSIS_KINDS]) {
    const objects = await listEverything(runtime.cluster, kind).catch(() => []);
    outputs.push(JSON.stringify(objects.filter((o) => o.metadata.labels?.['k8s-mcp.io/hidden-refs'] === planted.labels['k8s-mcp.io/hidden-refs'] || o.metadata.name === cluster.event)));
  }
  return outputs;
}

describe('references into hidden namespaces', () => {
  test('no read path names a forbidden namespace or its objects: live, cached, graph, summary, resources and snapshots', async ({ controlPlane, namespace }) => {
    const id = randomBytes(3).toString('hex');
    const planted = plant(id, namespace);
    const { hidden, cluster } = planted;
    kubectl(controlPlane, ['create', 'namespace', hidden]);
    try {
      kubectl(controlPlane, ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: planted.hiddenObjects }));
      kubectl(controlPlane, ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: planted.pointing }));
      // The PV controller binds the pre-bound pair.
      await waitFor(async () => JSON.parse(kubectl(controlPlane, ['get', 'pv', cluster.pv, '-o', 'json'])).status?.phase === 'Bound', { description: `PV ${cluster.pv} Bound`, timeoutMs: 60_000 });

      // 1. The live reader (and its last-applied annotation, which kubectl apply wrote).
      const access = resolveClusterAccess({ kubeconfigPaths: [controlPlane.adminKubeconfig], defaultNamespace: namespace });
      const policy = createNamespacePolicy({ allowed: [], forbidden: [hidden] });
      const live = createLiveCluster({ transport: access.transport, discovery: createDiscovery(access.transport), policy, maxResources: 100 });
      try {
        const pv = await live.get('persistentvolumes', cluster.pv);
        expect(pv.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain('<hidden>');
        expect(pv['spec']).toMatchObject({ claimRef: { namespace: '<hidden>', name: '<hidden>' } });
        const direct = JSON.stringify([pv, await live.list('clusterrolebindings', { labelSelector: `k8s-mcp.io/hidden-refs=${id}` }), await live.get('validatingwebhookconfigurations', cluster.webhook)]);
        expect(leaked(direct, planted)).toEqual([]);
      } finally {
        access.transport.close();
      }

      // 2. The runtime: sync cache, graph, summaries and resources, every tool.
      const runtime = await startRuntime({
        config: config({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, K8S_NAMESPACE: namespace, K8S_FORBIDDEN_NAMESPACES: hidden }),
        server: { name: 'k8s-mcp', version: 'test' },
        log: () => undefined,
      });
      let liveOutputs: string[];
      try {
        liveOutputs = await probe(runtime, planted, namespace);
      } finally {
        await runtime.close();
      }
      for (const output of liveOutputs) expect(leaked(output, planted), output.slice(0, 2000)).toEqual([]);

      // 3. An offline snapshot recorded without the policy, read with it.
      const file = join(dir, `snapshot-${id}.json`);
      const kinds = 'namespaces,pods,services,serviceaccounts,persistentvolumeclaims,persistentvolumes,clusterrolebindings,clusterroles,rolebindings,validatingwebhookconfigurations,ingressclasses,storageclasses,networkpolicies,events';
      const all = JSON.parse(kubectl(controlPlane, ['get', kinds, '-A', '-o', 'json'])) as { items: { metadata: { namespace?: string; name: string; labels?: Record<string, string> } }[] };
      const ours = all.items.filter((o) => o.metadata.namespace === hidden || o.metadata.namespace === namespace || o.metadata.labels?.['k8s-mcp.io/hidden-refs'] === id || o.metadata.name === hidden || o.metadata.name === cluster.event || o.metadata.name === namespace);
      writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: ours }));
      expect(readFileSync(file, 'utf8')).toContain(planted.secret.claim);
      const offline = await startRuntime({
        config: config({ K8S_MCP_SNAPSHOT: file, K8S_NAMESPACE: namespace, K8S_FORBIDDEN_NAMESPACES: hidden }),
        server: { name: 'k8s-mcp', version: 'test' },
        log: () => undefined,
      });
      let snapshotOutputs: string[];
      try {
        snapshotOutputs = await probe(offline, planted, namespace);
      } finally {
        await offline.close();
      }
      for (const output of snapshotOutputs) expect(leaked(output, planted), output.slice(0, 2000)).toEqual([]);
    } finally {
      kubectl(controlPlane, ['delete', 'pv,clusterrolebinding,clusterrole,validatingwebhookconfiguration,ingressclass,storageclass', '-l', `k8s-mcp.io/hidden-refs=${id}`, '--wait=false']);
      kubectl(controlPlane, ['delete', 'event', cluster.event, '-n', 'default', '--ignore-not-found', '--wait=false']);
      kubectl(controlPlane, ['delete', 'namespace', hidden, '--wait=false']);
    }
  }, 240_000);
});
