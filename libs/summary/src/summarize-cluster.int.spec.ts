import { createDiscovery, createLiveCluster, createNamespacePolicy, resolveClusterAccess, type Cluster, type KubeObject } from '@k8s-mcp/k8s-client';
import { deploymentFixture, integrationTest as test, NODE_FAILURE_LABEL, POD_FAILURE_LABEL, podFixture, waitFor, type ControlPlaneInfo } from '@k8s-mcp/testing';
import { describe, expect } from 'vitest';
import { stateFromReader } from './cluster-state.js';
import { detectAnomalies } from './detect-anomalies.js';
import type { Finding } from './finding.js';
import { summarizeCluster } from './summarize-cluster.js';

// Each scenario plants one failure on the real control plane (kwok nodes), reads the cluster
// through the live reader (policy: only the test's namespaces) and checks that the failure is
// found with the right root cause, inside a 10 KB summary.

function clusterFor(cp: ControlPlaneInfo, allowed: readonly string[]): Cluster {
  const access = resolveClusterAccess({ kubeconfigPaths: [cp.adminKubeconfig] });
  const policy = createNamespacePolicy({ allowed, forbidden: [] });
  return createLiveCluster({ transport: access.transport, discovery: createDiscovery(access.transport), policy, maxResources: 500 });
}

/** Polls until a finding matching `match` appears; returns it and the 10 KB JSON summary. */
async function expectFinding(cp: ControlPlaneInfo, allowed: readonly string[], description: string, match: (f: Finding) => boolean): Promise<{ finding: Finding; summary: string }> {
  const reader = clusterFor(cp, allowed);
  const policy = createNamespacePolicy({ allowed, forbidden: [] });
  return waitFor(
    async () => {
      const state = await stateFromReader(reader);
      const now = Date.now();
      const finding = detectAnomalies(state, { now, policy }).find(match);
      if (!finding) return undefined;
      const summary = summarizeCluster(state, { now, policy, type: 'anomalies', format: 'json', maxSizeKb: 10 });
      expect(summary.bytes).toBeLessThanOrEqual(10 * 1024);
      return { finding, summary: summary.text };
    },
    { description, timeoutMs: 90_000, intervalMs: 1000 },
  );
}

interface JsonFinding {
  id: string;
  rootCause?: { kind: string; name: string; status: string };
  chain?: { kind: string; name: string; status: string; missing?: boolean }[];
}

/** The finding's entry in the JSON summary, and its root cause (last chain step, or rootCause). */
function inSummary(summary: string, id: string): { kind: string; name: string; status: string } | undefined {
  const parsed = JSON.parse(summary) as { findings: JsonFinding[]; symptoms: JsonFinding[] };
  const entry = [...parsed.findings, ...parsed.symptoms].find((f) => f.id === id);
  expect(entry, `${id} in the 10 KB summary`).toBeDefined();
  return entry?.chain?.at(-1) ?? entry?.rootCause;
}

describe('summaries on the real control plane', () => {
  test('a missing Secret and ConfigMap referenced by a Deployment', async ({ admin, controlPlane, namespace }) => {
    const deployment = deploymentFixture({ name: 'api', replicas: 2 });
    const pod = deployment.spec!.template.spec!;
    pod.containers[0]!.env = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password' } } }];
    pod.volumes = [{ name: 'cfg', configMap: { name: 'api-config' } }];
    await admin.apps.createNamespacedDeployment({ namespace, body: deployment });
    // Until its pods exist the Deployment's template is reported (a warning); then its pods are.
    const { finding, summary } = await expectFinding(controlPlane, [namespace], 'MissingSecret', (f) => f.reason === 'MissingSecret' && f.count === 2);
    expect(finding).toMatchObject({ severity: 'critical', object: { kind: 'Deployment', namespace, name: 'api' }, count: 2 });
    expect(inSummary(summary, finding.id)).toMatchObject({ kind: 'Secret', name: 'db-creds', status: 'missing' });
    const cm = await expectFinding(controlPlane, [namespace], 'MissingConfigMap', (f) => f.reason === 'MissingConfigMap');
    expect(inSummary(cm.summary, cm.finding.id)).toMatchObject({ kind: 'ConfigMap', name: 'api-config' });
  });

  test('a Service selector typo', async ({ admin, controlPlane, namespace }) => {
    await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'web', replicas: 2 }) });
    await admin.core.createNamespacedService({ namespace, body: { metadata: { name: 'web' }, spec: { selector: { app: 'wbe' }, ports: [{ port: 80 }] } } });
    const { finding, summary } = await expectFinding(controlPlane, [namespace], 'NoMatchingPods with a hint', (f) => f.reason === 'NoMatchingPods' && f.message.includes('did you mean'));
    expect(finding.message).toBe('selector app=wbe matches no pods; did you mean app=web?');
    inSummary(summary, finding.id);
  });

  test('an Ingress pointing to a missing Service', async ({ controlPlane, namespace }) => {
    const writer = clusterFor(controlPlane, []);
    await writer.apply({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'shop', namespace },
      spec: { rules: [{ host: 'shop.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'ghost', port: { number: 80 } } } }] } }] },
    } as KubeObject);
    const { finding, summary } = await expectFinding(controlPlane, [namespace], 'MissingBackendService', (f) => f.reason === 'MissingBackendService');
    expect(finding.object).toEqual({ kind: 'Ingress', namespace, name: 'shop' });
    expect(inSummary(summary, finding.id)).toMatchObject({ kind: 'Service', name: 'ghost', status: 'missing' });
  });

  test('a PVC naming a missing StorageClass', async ({ admin, controlPlane, namespace }) => {
    await admin.core.createNamespacedPersistentVolumeClaim({
      namespace,
      body: { metadata: { name: 'data' }, spec: { storageClassName: 'no-such-class', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    });
    const { finding, summary } = await expectFinding(controlPlane, [namespace], 'MissingStorageClass', (f) => f.reason === 'MissingStorageClass');
    expect(finding.object).toEqual({ kind: 'PersistentVolumeClaim', namespace, name: 'data' });
    expect(inSummary(summary, finding.id)).toMatchObject({ kind: 'StorageClass', name: 'no-such-class', status: 'missing' });
  });

  test('an HPA pointing to a missing target', async ({ controlPlane, namespace }) => {
    const writer = clusterFor(controlPlane, []);
    await writer.apply({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'gone' }, minReplicas: 1, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] },
    } as KubeObject);
    const { finding, summary } = await expectFinding(controlPlane, [namespace], 'MissingScaleTarget', (f) => f.reason === 'MissingScaleTarget');
    expect(inSummary(summary, finding.id)).toMatchObject({ kind: 'Deployment', name: 'gone', status: 'missing' });
  });

  test('an unschedulable pod (nodeSelector matching no node)', async ({ admin, controlPlane, namespace }) => {
    const pod = podFixture('picky');
    pod.spec!.nodeSelector = { disktype: 'unobtainium' };
    await admin.core.createNamespacedPod({ namespace, body: pod });
    const { finding, summary } = await expectFinding(controlPlane, [namespace], 'Unschedulable', (f) => f.reason === 'Unschedulable');
    expect(finding.message).toContain('node(s) didn\'t match Pod\'s node affinity/selector');
    expect(finding.evidence).toContain('no node has labels disktype=unobtainium (pod nodeSelector)');
    inSummary(summary, finding.id);
  });

  test('a cordoned node and a NotReady node', async ({ admin, controlPlane, namespace }) => {
    const suffix = namespace.slice(2);
    const cordoned = `kwok-summary-${suffix}-cordoned`;
    const broken = `kwok-summary-${suffix}-notready`;
    const node = (name: string, extra: { unschedulable?: boolean; labels?: Record<string, string> }) => ({
      metadata: { name, annotations: { 'kwok.x-k8s.io/node': 'fake' }, labels: { type: 'kwok', ...extra.labels } },
      // Keeps other tests' pods off these nodes.
      spec: { unschedulable: extra.unschedulable ?? false, taints: [{ key: 'k8s-mcp.io/test-node', effect: 'NoSchedule' }] },
    });
    try {
      await admin.core.createNode({ body: node(cordoned, { unschedulable: true }) });
      await admin.core.createNode({ body: node(broken, { labels: { [NODE_FAILURE_LABEL]: 'notready' } }) });
      const notReady = await expectFinding(controlPlane, [namespace], 'NodeNotReady', (f) => f.reason === 'NodeNotReady' && f.object.name === broken && f.message.includes('KubeletNotReady'));
      expect(notReady.finding.severity).toBe('critical');
      inSummary(notReady.summary, notReady.finding.id);
      const cordon = await expectFinding(controlPlane, [namespace], 'NodeCordoned', (f) => f.reason === 'NodeCordoned' && f.object.name === cordoned);
      expect(cordon.finding.severity).toBe('info');
      inSummary(cordon.summary, cordon.finding.id);
    } finally {
      await Promise.all([cordoned, broken].map((name) => admin.core.deleteNode({ name }).catch(() => undefined)));
    }
  });

  test('a failed Job', async ({ admin, controlPlane, namespace }) => {
    await admin.batch.createNamespacedJob({
      namespace,
      body: {
        metadata: { name: 'migrate' },
        spec: {
          backoffLimit: 0,
          template: {
            metadata: { labels: { [POD_FAILURE_LABEL]: 'error' } },
            spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'registry.example/migrate:1.0' }] },
          },
        },
      },
    });
    const { finding, summary } = await expectFinding(controlPlane, [namespace], 'BackoffLimitExceeded', (f) => f.reason === 'BackoffLimitExceeded');
    expect(finding.object).toEqual({ kind: 'Job', namespace, name: 'migrate' });
    // Root cause: its pod terminated with exit 1.
    expect(finding.chain.at(-1)?.status).toMatch(/^TerminatedWithError/);
    inSummary(summary, finding.id);
  });

  test('an exhausted ResourceQuota blocking a Deployment', async ({ admin, controlPlane, namespace }) => {
    await admin.core.createNamespacedResourceQuota({ namespace, body: { metadata: { name: 'tiny' }, spec: { hard: { pods: '1' } } } });
    await waitFor(async () => (await admin.core.readNamespacedResourceQuota({ name: 'tiny', namespace })).status?.hard?.['pods'] === '1', { description: 'quota status' });
    await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'web', replicas: 3 }) });
    const quota = await expectFinding(controlPlane, [namespace], 'QuotaExhausted', (f) => f.reason === 'QuotaExhausted');
    expect(quota.finding.message).toContain('pods 1/1');
    const blocked = await expectFinding(controlPlane, [namespace], 'FailedCreate', (f) => f.reason === 'FailedCreate');
    expect(blocked.finding.chain.at(-1)).toMatchObject({ ref: { kind: 'ResourceQuota', name: 'tiny' } });
    expect(inSummary(blocked.summary, blocked.finding.id)).toMatchObject({ kind: 'ResourceQuota', name: 'tiny' });
  });

  test('a namespace stuck Terminating on a finalizer', async ({ admin, controlPlane }) => {
    const ns = `t-stuck-${Date.now().toString(36)}`;
    await admin.core.createNamespace({ body: { metadata: { name: ns, labels: { 'k8s-mcp.io/test': 'true' } } } });
    try {
      await admin.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'held', finalizers: ['k8s-mcp.io/hold'] }, data: { a: 'b' } } });
      await admin.core.deleteNamespace({ name: ns });
      const { finding, summary } = await expectFinding(controlPlane, [ns], 'NamespaceStuckTerminating', (f) => f.reason === 'NamespaceStuckTerminating');
      expect(finding.chain.at(-1)).toMatchObject({ ref: { kind: 'ConfigMap', namespace: ns, name: 'held' }, status: 'finalizer k8s-mcp.io/hold' });
      expect(inSummary(summary, finding.id)).toMatchObject({ kind: 'ConfigMap', name: 'held' });
    } finally {
      await admin.core.patchNamespacedConfigMap({ name: 'held', namespace: ns, body: [{ op: 'remove', path: '/metadata/finalizers' }] }).catch(() => undefined);
      await admin.core.deleteNamespace({ name: ns }).catch(() => undefined);
    }
  });
});
