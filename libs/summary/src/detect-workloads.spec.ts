import { describe, expect, it } from 'vitest';
import { findingsOf, only } from './testing/detect.js';
import { ago, type ClusterBuilder, healthyCluster } from './testing/fixtures.js';

type Obj = { metadata: Record<string, unknown>; spec: Record<string, unknown>; status: Record<string, unknown> };

/** A Deployment of 2 replicas whose pods were never created (its ReplicaSet has none). */
function rejected(b: ClusterBuilder, name: string, podSpec: Record<string, unknown>): ClusterBuilder {
  b.deployment('shop', name, { replicas: 0, podSpec });
  const d = b.objects['Deployment']!.at(-1)! as unknown as Obj;
  d.spec['replicas'] = 2;
  d.status = { observedGeneration: 1, replicas: 0, readyReplicas: 0, updatedReplicas: 0, conditions: [] };
  const rs = b.objects['ReplicaSet']!.at(-1)! as unknown as Obj;
  rs.spec['replicas'] = 2;
  rs.status = { replicas: 0 };
  return b;
}

describe('workload detectors', () => {
  it('reports a Deployment with fewer ready replicas than desired, explained by its pods', () => {
    const f = only(findingsOf(healthyCluster().deployment('shop', 'api', { replicas: 3, state: 'imagepull' })), 'ReplicasUnavailable');
    expect(f.severity).toBe('critical');
    expect(f.message).toBe('0/3 replicas ready');
    expect(f.chain[1]).toMatchObject({ relation: 'owns', ref: { kind: 'Deployment', name: 'api' }, status: 'ImagePullBackOff (3 pods)' });
  });

  it('reports ProgressDeadlineExceeded instead of plain unavailability', () => {
    const b = healthyCluster().deployment('shop', 'api', { replicas: 2, state: 'crashloop' });
    const d = b.objects['Deployment']!.at(-1)! as unknown as Obj;
    (d.status['conditions'] as Record<string, unknown>[])[1] = { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "api-5d9f7c" has timed out progressing.', lastUpdateTime: ago(20) };
    const findings = findingsOf(b);
    expect(only(findings, 'ProgressDeadlineExceeded').message).toContain('0/2 ready');
    expect(findings.some((f) => f.reason === 'ReplicasUnavailable')).toBe(false);
  });

  it('reports stalled and unobserved rollouts and paused ones', () => {
    const b = healthyCluster().deployment('shop', 'api', { replicas: 2 });
    const d = b.objects['Deployment']!.at(-1)! as unknown as Obj;
    d.status['updatedReplicas'] = 1;
    expect(only(findingsOf(b), 'RolloutStalled').message).toContain('1/2 updated');
    d.metadata['generation'] = 3;
    expect(only(findingsOf(b), 'RolloutNotObserved').message).toContain('generation 3');
    d.spec['paused'] = true;
    expect(only(findingsOf(b), 'RolloutPaused').severity).toBe('info');
  });

  it('reports ReplicaSet FailedCreate on its Deployment, naming the exhausted quota and its fields', () => {
    const b = healthyCluster().deployment('shop', 'api', { replicas: 0 });
    b.add('ReplicaSet', { metadata: { name: 'api-77', namespace: 'shop', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: 'x', controller: true }] }, spec: { replicas: 2 }, status: { replicas: 0 } });
    b.event('shop', { kind: 'ReplicaSet', name: 'api-77' }, 'FailedCreate', 'Error creating: pods "api-77-x" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=50, limited: pods=50', { count: 9 });
    const quota = b.objects['ResourceQuota']![0]! as unknown as { status: { used: Record<string, string> } };
    quota.status.used = { pods: '50' };
    const f = only(findingsOf(b), 'FailedCreate');
    expect(f.object).toEqual({ kind: 'Deployment', namespace: 'shop', name: 'api' });
    expect(f.message).toBe('exceeded quota: compute (pods requested 1, used 50, limited 50); cannot create pods');
    expect(f.evidence[0]).toMatch(/^ReplicaSet api-77: event Warning FailedCreate x9/);
    expect(f.nextStep).toContain('ResourceQuota compute');
    expect(f.chain.at(-1)).toMatchObject({ ref: { kind: 'ResourceQuota', name: 'compute' }, relation: 'limited by', status: 'exhausted (pods 50/50)' });
  });

  it('reports an orphan ReplicaSet that cannot create pods on itself, from its ReplicaFailure condition', () => {
    const b = healthyCluster();
    b.add('ReplicaSet', {
      metadata: { name: 'legacy', namespace: 'shop' },
      spec: { replicas: 1 },
      status: { replicas: 0, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "legacy-q8x" is forbidden: failed quota: compute: must specify limits.cpu,limits.memory' }] },
    });
    const f = only(findingsOf(b), 'FailedCreate');
    expect(f.object).toEqual({ kind: 'ReplicaSet', namespace: 'shop', name: 'legacy' });
    expect(f.message).toBe('failed quota compute: must specify limits.cpu, limits.memory on every container; cannot create pods (0/1 ready)');
    expect(f.nextStep).toContain('Set limits.cpu, limits.memory');
  });

  it('reports a Deployment whose pod template names a missing ServiceAccount, before any event', () => {
    const b = rejected(healthyCluster(), 'api', { serviceAccountName: 'api-runner' });
    const findings = findingsOf(b);
    const f = only(findings, 'MissingServiceAccount');
    expect(f).toMatchObject({ severity: 'critical', object: { kind: 'Deployment', name: 'api' } });
    expect(f.message).toBe('ServiceAccount api-runner (named by the pod template) does not exist; its pods cannot be created (0/2 ready)');
    expect(f.chain.at(-1)).toMatchObject({ ref: { kind: 'ServiceAccount', namespace: 'shop', name: 'api-runner' }, missing: true });
    // The missing ServiceAccount explains the missing replicas; no second finding says "0/2 ready".
    expect(findings.filter((x) => x.object.name === 'api').map((x) => x.reason)).toEqual(['MissingServiceAccount']);
  });

  it('reads the ServiceAccount admission error of FailedCreate events into one finding on the workload', () => {
    const b = rejected(healthyCluster(), 'api', { serviceAccountName: 'api-runner' });
    b.event('shop', { kind: 'ReplicaSet', name: 'api-5d9f7c' }, 'FailedCreate', 'Error creating: pods "api-5d9f7c-" is forbidden: error looking up service account shop/api-runner: serviceaccount "api-runner" not found', { count: 14 });
    const f = only(findingsOf(b), 'MissingServiceAccount');
    expect(f.message).toBe('ServiceAccount api-runner does not exist: admission rejects the pods that name it; cannot create pods (0/2 ready)');
    expect(f.evidence[0]).toMatch(/^ReplicaSet api-5d9f7c: event Warning FailedCreate x14, 60s ago: Error creating/);
    expect(f.nextStep).toContain('kubectl -n shop create serviceaccount api-runner');
    // Created since: the controller's next retry will succeed.
    b.add('ServiceAccount', { metadata: { name: 'api-runner', namespace: 'shop' } });
    const retried = only(findingsOf(b), 'MissingServiceAccount');
    expect(retried.severity).toBe('warning');
    expect(retried.message).toBe('ServiceAccount api-runner not found when pods were rejected (0/2 ready); it exists now and the controller retries');
  });

  it('treats a missing default ServiceAccount as a warning and an unsynced one as unknown', () => {
    const b = rejected(healthyCluster(), 'api', {});
    b.objects['ServiceAccount'] = b.objects['ServiceAccount']!.filter((sa) => sa.metadata.namespace !== 'shop');
    const findings = findingsOf(b);
    // Short of pods because of it: critical; the healthy CronJob's next run would fail too.
    expect(only(findings, 'MissingServiceAccount', 'api')).toMatchObject({ severity: 'critical', message: expect.stringContaining('ServiceAccount default') });
    expect(only(findings, 'MissingServiceAccount', 'report').evidence).toEqual(['namespace shop has no ServiceAccount default (kube-controller-manager creates it in every namespace)']);
    (b.objects['Deployment']!.at(-1)! as unknown as Obj).spec['replicas'] = 0;
    (b.objects['ReplicaSet']!.at(-1)! as unknown as Obj).spec['replicas'] = 0;
    b.objects['CronJob'] = [];
    b.add('DaemonSet', { metadata: { name: 'agent', namespace: 'shop' }, spec: { template: { spec: {} } }, status: { desiredNumberScheduled: 0 } });
    expect(only(findingsOf(b), 'MissingServiceAccount', 'agent').severity).toBe('warning');
    b.objects['ServiceAccount'] = [];
    expect(findingsOf(b).some((f) => f.reason === 'MissingServiceAccount')).toBe(false);
  });

  it('leaves a ServiceAccount its running pods already use to the pod reference checks', () => {
    const b = healthyCluster().deployment('shop', 'api', { replicas: 2, podSpec: { serviceAccountName: 'gone' } });
    const findings = findingsOf(b).filter((f) => f.reason === 'MissingServiceAccount');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('2 Pods');
  });

  it('names the PodSecurity level and controls a DaemonSet violates, with the namespace labels', () => {
    const b = healthyCluster();
    const ns = b.objects['Namespace']!.find((n) => n.metadata.name === 'kube-system')! as unknown as { metadata: Record<string, unknown> };
    ns.metadata['labels'] = { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'latest' };
    const ds = b.objects['DaemonSet']![0]! as unknown as Obj;
    ds.status = { desiredNumberScheduled: 3, currentNumberScheduled: 0, numberReady: 0 };
    b.event('kube-system', { kind: 'DaemonSet', name: 'log-agent' }, 'FailedCreate', 'Error creating: pods "log-agent-7xk2p" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true), hostPath volumes (volume "varlog")', { count: 30 });
    const findings = findingsOf(b);
    const f = only(findings, 'FailedCreate');
    expect(f.message).toBe('violates PodSecurity "baseline:latest": host namespaces, hostPath volumes; cannot create pods (0/3 daemon pods ready)');
    expect(f.evidence).toContain('namespace kube-system PodSecurity labels: enforce=baseline:latest');
    expect(f.evidence).toContain('control: hostPath volumes (volume "varlog")');
    expect(findings.some((x) => x.reason === 'DaemonSetUnavailable')).toBe(false);
  });

  it('follows a webhook denial of StatefulSet pods to the webhook whose Service is missing', () => {
    const b = healthyCluster();
    const sts = b.objects['StatefulSet']![0]! as unknown as Obj;
    sts.status = { replicas: 0, readyReplicas: 0 };
    b.add('ValidatingWebhookConfiguration', { metadata: { name: 'policy' }, webhooks: [{ name: 'validate.policy.example.com', failurePolicy: 'Fail', clientConfig: { service: { namespace: 'policy', name: 'policy-svc' } } }] });
    b.event('shop', { kind: 'StatefulSet', name: 'db' }, 'FailedCreate', 'create Pod db-0 in StatefulSet db failed error: Internal error occurred: failed calling webhook "validate.policy.example.com": failed to call webhook: Post "https://policy-svc.policy.svc:443/validate?timeout=10s": service "policy-svc" not found');
    const f = only(findingsOf(b), 'FailedCreate', 'db');
    expect(f.message).toMatch(/^admission webhook validate\.policy\.example\.com could not be called: .*; cannot create pods \(0\/1 ready\)$/);
    expect(f.chain.map((s) => `${s.ref.kind}/${s.ref.name}`)).toEqual(['StatefulSet/db', 'ValidatingWebhookConfiguration/policy', 'Service/policy-svc']);
  });

  it('says when a StatefulSet cannot create its volume claims', () => {
    const b = healthyCluster();
    (b.objects['StatefulSet']![0]! as unknown as Obj).status = { replicas: 0, readyReplicas: 0 };
    b.event('shop', { kind: 'StatefulSet', name: 'db' }, 'FailedCreate', 'create Claim data-db-0 for Pod db-0 in StatefulSet db failed error: persistentvolumeclaims "data-db-0" is forbidden: exceeded quota: storage, requested: requests.storage=50Gi, used: requests.storage=80Gi, limited: requests.storage=100Gi');
    expect(only(findingsOf(b), 'FailedCreate', 'db').message).toBe('exceeded quota: storage (requests.storage requested 50Gi, used 80Gi, limited 100Gi); cannot create PersistentVolumeClaims (0/1 ready)');
  });

  it('ignores old FailedCreate events of a workload that has all its pods', () => {
    const b = healthyCluster();
    b.event('shop', { kind: 'ReplicaSet', name: 'web-5d9f7c' }, 'FailedCreate', 'Error creating: pods "web-5d9f7c-x" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=50, limited: pods=50', { minutesAgo: 30 });
    expect(findingsOf(b).some((f) => f.reason === 'FailedCreate')).toBe(false);
    const rejectedApi = rejected(healthyCluster(), 'api', {});
    rejectedApi.event('shop', { kind: 'ReplicaSet', name: 'api-5d9f7c' }, 'FailedCreate', 'Error creating: pods "api-5d9f7c-x" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=50, limited: pods=50', { minutesAgo: 30 });
    expect(only(findingsOf(rejectedApi), 'FailedCreate').severity).toBe('critical');
  });

  it('reports DaemonSets with unready daemon pods', () => {
    const b = healthyCluster();
    (b.objects['DaemonSet']![0]! as unknown as Obj).status['numberReady'] = 1;
    const f = only(findingsOf(b), 'DaemonSetUnavailable');
    expect(f.message).toBe('1/3 daemon pods ready');
    expect(f.severity).toBe('warning');
  });

  it('reports StatefulSets missing their governing Service or StorageClass, and unready pods', () => {
    const b = healthyCluster();
    b.add('StatefulSet', {
      metadata: { name: 'cache', namespace: 'shop' },
      spec: { replicas: 2, serviceName: 'cache-headless', volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: 'fast' } }] },
      status: { replicas: 0, readyReplicas: 0 },
    });
    const findings = findingsOf(b);
    expect(only(findings, 'MissingGoverningService').chain.at(-1)).toMatchObject({ ref: { kind: 'Service', name: 'cache-headless' }, missing: true });
    expect(only(findings, 'MissingStorageClass', 'cache').chain.at(-1)).toMatchObject({ ref: { kind: 'StorageClass', name: 'fast' }, missing: true });
    expect(only(findings, 'ReplicasUnavailable', 'cache').message).toBe('0/2 replicas ready');
  });
});
