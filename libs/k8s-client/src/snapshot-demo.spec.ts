import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from './kube-object.js';
import { labelSelectorFromSpec } from './label-selector.js';
import { createNamespacePolicy } from './namespace-policy.js';
import { demoSnapshotPath, loadDemoCluster } from './snapshot-demo.js';
import type { SnapshotCluster } from './snapshot-loader.js';

// The bundled demo cluster must keep holding every problem docs/demo-cluster.md promises; these
// assertions read the data as a summary would, so a re-recording that loses one fails here.

interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  state?: { waiting?: { reason?: string }; running?: object; terminated?: { reason?: string } };
  lastState?: { terminated?: { reason?: string; exitCode?: number } };
}
interface Condition {
  type: string;
  status: string;
  reason?: string;
}

const statuses = (pod: KubeObject): ContainerStatus[] =>
  ((pod['status'] as { containerStatuses?: ContainerStatus[] } | undefined)?.containerStatuses ?? []);
const conditions = (o: KubeObject): Condition[] => ((o['status'] as { conditions?: Condition[] } | undefined)?.conditions ?? []);
const spec = <T>(o: KubeObject): T => o['spec'] as T;
const status = <T>(o: KubeObject): T => o['status'] as T;

let demo: SnapshotCluster;
const all = async (kind: string, namespace?: string): Promise<readonly KubeObject[]> => {
  const result = await demo.list(kind, { namespace });
  expect(result.truncated).toBe(false);
  return result.items;
};
const names = (objects: readonly KubeObject[]): string[] => objects.map((o) => o.metadata.name);

beforeAll(async () => {
  demo = await loadDemoCluster({ policy: createNamespacePolicy({ allowed: [], forbidden: [] }), maxResources: 10_000 });
});

describe('the bundled demo cluster', () => {
  it('is an absolute path to a file of at most ~1.5 MB', async () => {
    expect(isAbsolute(demoSnapshotPath())).toBe(true);
    expect(demoSnapshotPath()).toMatch(/k8s-client[/\\]demo[/\\]demo-cluster\.json$/);
    expect((await stat(demoSnapshotPath())).size).toBeLessThanOrEqual(1.5 * 1024 * 1024);
    expect(demo.snapshotInfo.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // It is judged at the time it was recorded, not at today's date.
    expect(demo.snapshotInfo.clock).toEqual({ at: demo.snapshotInfo.recordedAt, basis: 'recorded' });
  });

  it('has 3 namespaces, 50-100 pods and every synced kind', async () => {
    expect(names(await all('namespaces'))).toEqual(['data', 'monitoring', 'shop']);
    const pods = await all('pods');
    expect(pods.length).toBeGreaterThanOrEqual(50);
    expect(pods.length).toBeLessThanOrEqual(100);
    const kinds = Object.keys(demo.snapshotInfo.objectsByKind).sort();
    expect(kinds).toEqual(
      [
        'ConfigMap', 'CronJob.batch', 'DaemonSet.apps', 'Deployment.apps', 'EndpointSlice.discovery.k8s.io', 'Event',
        'HorizontalPodAutoscaler.autoscaling', 'Ingress.networking.k8s.io', 'IngressClass.networking.k8s.io', 'Job.batch',
        'Namespace', 'NetworkPolicy.networking.k8s.io', 'Node', 'PersistentVolume', 'PersistentVolumeClaim',
        'PodDisruptionBudget.policy', 'Pod', 'ReplicaSet.apps', 'ResourceQuota', 'Secret', 'Service', 'ServiceAccount',
        'StatefulSet.apps', 'StorageClass.storage.k8s.io',
      ].sort(),
    );
  });

  it('carries no Secret values, managedFields or last-applied annotations', async () => {
    const secrets = await all('secrets');
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      for (const value of Object.values((secret['data'] ?? {}) as Record<string, string>)) expect(value).toMatch(/^<redacted: \d+ bytes>$/);
    }
    const text = JSON.stringify(await Promise.all((await demo.listKinds()).map((k) => demo.list(k))));
    expect(text).not.toContain('managedFields');
    expect(text).not.toContain('last-applied-configuration');
    expect(text).not.toContain('demo-password-not-real');
  });

  it('holds the root-cause chain: checkout crash-loops on a missing Secret, its Service has no ready endpoints, an Ingress routes to it', async () => {
    const pods = (await demo.list('pods', { namespace: 'shop', labelSelector: 'app=checkout' })).items;
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      const [c] = statuses(pod);
      expect(c?.state?.waiting?.reason).toBe('CrashLoopBackOff');
      expect(c?.restartCount).toBeGreaterThanOrEqual(3);
    }
    const deploy = await demo.get('deployments', 'checkout', 'shop');
    const env = JSON.stringify(spec<{ template: unknown }>(deploy).template);
    expect(env).toContain('"secretKeyRef":{"key":"password","name":"checkout-db-credentials"}');
    expect(names(await all('secrets', 'shop'))).not.toContain('checkout-db-credentials');
    const slices = (await demo.list('endpointslices', { namespace: 'shop', labelSelector: 'kubernetes.io/service-name=checkout' })).items;
    const endpoints = slices.flatMap((s) => (s['endpoints'] ?? []) as { conditions: { ready: boolean } }[]);
    expect(endpoints.length).toBe(3);
    expect(endpoints.every((e) => !e.conditions.ready)).toBe(true);
    const ingress = await demo.get('ingresses', 'storefront', 'shop');
    expect(JSON.stringify(spec(ingress))).toContain('"service":{"name":"checkout"');
    const events = (await demo.list('events', { namespace: 'shop', fieldSelector: 'reason=BackOff' })).items;
    expect(events.length).toBeGreaterThanOrEqual(3);
  });

  it('holds an ImagePullBackOff Deployment, an OOMKilled pod, an Evicted pod and an unready pod', async () => {
    const payments = (await demo.list('pods', { namespace: 'shop', labelSelector: 'app=payments' })).items;
    expect(payments).toHaveLength(2);
    for (const pod of payments) expect(statuses(pod)[0]?.state?.waiting?.reason).toMatch(/^(ImagePullBackOff|ErrImagePull)$/);

    const [etl] = (await demo.list('pods', { namespace: 'data', labelSelector: 'app=etl-worker' })).items;
    expect(statuses(etl!)[0]?.lastState?.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });

    const evicted = await demo.get('pods', 'adhoc-export-20240611', 'data');
    expect(status(evicted)).toMatchObject({ phase: 'Failed', reason: 'Evicted' });
    expect(evicted.metadata.ownerReferences).toBeUndefined();
    expect(spec<{ nodeName: string }>(evicted).nodeName).toBe('pool-b-0');

    const [metabase] = (await demo.list('pods', { namespace: 'data', labelSelector: 'app=metabase' })).items;
    expect(status<{ phase: string }>(metabase!).phase).toBe('Running');
    expect(statuses(metabase!)[0]).toMatchObject({ ready: false, state: { running: expect.any(Object) } });
    expect(conditions(metabase!).find((c) => c.type === 'Ready')?.status).toBe('False');
    const unhealthy = await demo.list('events', { namespace: 'data', fieldSelector: `involvedObject.name=${metabase!.metadata.name},reason=Unhealthy` });
    expect(unhealthy.items.length).toBeGreaterThanOrEqual(1);
  });

  it('holds a failed Job, a Pending PVC on a missing StorageClass, and an Ingress whose TLS Secret is missing', async () => {
    const job = await demo.get('jobs', 'db-migrate-v42', 'data');
    expect(conditions(job)).toContainEqual(expect.objectContaining({ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }));
    expect(spec<{ backoffLimit: number }>(job).backoffLimit).toBe(1);

    const pvc = await demo.get('pvc', 'reports-archive', 'data');
    expect(status<{ phase: string }>(pvc).phase).toBe('Pending');
    expect(spec<{ storageClassName: string }>(pvc).storageClassName).toBe('fast-ssd');
    expect(names(await all('storageclasses'))).toEqual(['standard']);
    const [builder] = (await demo.list('pods', { namespace: 'data', labelSelector: 'app=report-builder' })).items;
    expect(conditions(builder!).find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable' });

    const admin = await demo.get('ingresses', 'admin', 'shop');
    expect(spec<{ tls: { secretName: string }[] }>(admin).tls[0]?.secretName).toBe('admin-tls');
    expect(names(await all('secrets', 'shop'))).not.toContain('admin-tls');
  });

  it('holds a Service selecting nothing and an HPA whose target is missing', async () => {
    const svc = await demo.get('services', 'search-legacy', 'shop');
    const selector = labelSelectorFromSpec({ matchLabels: spec<{ selector: Record<string, string> }>(svc).selector });
    expect((await all('pods', 'shop')).filter((p) => selector.matches(p.metadata.labels))).toEqual([]);

    const hpa = await demo.get('hpa', 'recommendations', 'shop');
    expect(spec<{ scaleTargetRef: { kind: string; name: string } }>(hpa).scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'recommendations' });
    expect(names(await all('deployments', 'shop'))).not.toContain('recommendations');
    expect(conditions(hpa)).toContainEqual(expect.objectContaining({ type: 'AbleToScale', status: 'False', reason: 'FailedGetScale' }));
  });

  it('holds a node under MemoryPressure and a NotReady node', async () => {
    const nodes = await all('nodes');
    expect(nodes).toHaveLength(5);
    const pressured = nodes.filter((n) => conditions(n).some((c) => c.type === 'MemoryPressure' && c.status === 'True'));
    const notReady = nodes.filter((n) => conditions(n).some((c) => c.type === 'Ready' && c.status !== 'True'));
    expect(names(pressured)).toEqual(['pool-b-0']);
    expect(names(notReady)).toEqual(['pool-b-1']);
  });

  it('holds the healthy building blocks a summary relates', async () => {
    const sts = await demo.get('statefulsets', 'postgres', 'data');
    expect(spec<{ serviceName: string; volumeClaimTemplates: unknown[] }>(sts)).toMatchObject({ serviceName: 'postgres', volumeClaimTemplates: [expect.any(Object)] });
    expect(spec<{ clusterIP: string }>(await demo.get('services', 'postgres', 'data')).clusterIP).toBe('None');
    const claims = (await demo.list('pvc', { namespace: 'data', labelSelector: 'app=postgres' })).items;
    expect(claims.map((c) => status<{ phase: string }>(c).phase)).toEqual(['Bound', 'Bound', 'Bound']);
    expect((await all('persistentvolumes')).length).toBe(6);
    expect(names(await all('cronjobs'))).toEqual(['postgres-backup']);
    const backup = await demo.get('jobs', 'postgres-backup-manual-001', 'data');
    expect(backup.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'postgres-backup' });
    expect(names(await all('ingressclasses'))).toEqual(['nginx']);
    expect(names(await all('daemonsets'))).toEqual(['node-exporter']);
    expect((await demo.list('replicasets', { namespace: 'shop', labelSelector: 'app=frontend' })).items).toHaveLength(2);
    for (const kind of ['hpa', 'pdb', 'networkpolicies', 'resourcequotas', 'configmaps', 'serviceaccounts', 'events']) {
      expect((await all(kind)).length, kind).toBeGreaterThan(0);
    }
  });
});
