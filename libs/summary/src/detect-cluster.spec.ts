import { describe, expect, it } from 'vitest';
import { findingsOf, only } from './testing/detect.js';
import { ago, healthyCluster } from './testing/fixtures.js';

describe('autoscaling detectors', () => {
  it('reports an HPA whose target is missing', () => {
    const b = healthyCluster();
    b.add('HorizontalPodAutoscaler', { metadata: { name: 'ghost', namespace: 'shop' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ghost' }, maxReplicas: 3 } });
    const f = only(findingsOf(b), 'MissingScaleTarget');
    expect(f.chain.at(-1)).toMatchObject({ ref: { kind: 'Deployment', namespace: 'shop', name: 'ghost' }, missing: true });
  });

  it('reports HPAs without metrics, at max replicas, or scaling on a resource the target does not request', () => {
    const b = healthyCluster();
    const hpa = b.objects['HorizontalPodAutoscaler']![0]! as unknown as { spec: Record<string, unknown>; status: Record<string, unknown> };
    hpa.spec['metrics'] = [{ type: 'Resource', resource: { name: 'memory' } }];
    const web = b.objects['Deployment']!.find((d) => d.metadata.name === 'web')! as unknown as { spec: { template: { spec: { containers: { resources: unknown }[] } } } };
    web.spec.template.spec.containers[0]!.resources = { requests: { cpu: '100m' } };
    hpa.status['currentReplicas'] = 10;
    hpa.status['conditions'] = [
      { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'unable to get metrics for resource memory', lastTransitionTime: ago(3) },
      { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas' },
    ];
    const findings = findingsOf(b);
    expect(only(findings, 'MetricsUnavailable').message).toContain('unable to get metrics');
    expect(only(findings, 'AtMaxReplicas').message).toContain('maximum of 10');
    expect(only(findings, 'TargetMissingRequests').message).toBe('scales on memory but containers app of Deployment web have no memory request');
  });

  it('reports PDBs allowing no disruption or selecting nothing', () => {
    const b = healthyCluster();
    (b.objects['PodDisruptionBudget']![0]! as unknown as { status: Record<string, unknown> }).status['disruptionsAllowed'] = 0;
    b.add('PodDisruptionBudget', { metadata: { name: 'none', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'nope' } } } });
    const findings = findingsOf(b);
    expect(only(findings, 'NoDisruptionsAllowed').severity).toBe('warning');
    expect(only(findings, 'PdbSelectsNoPods').severity).toBe('info');
  });
});

describe('admission detectors', () => {
  it('reports webhooks and APIServices whose Service is missing', () => {
    const b = healthyCluster();
    b.add('ValidatingWebhookConfiguration', { metadata: { name: 'policy' }, webhooks: [{ name: 'check.policy.example', failurePolicy: 'Fail', clientConfig: { service: { namespace: 'shop', name: 'policy-webhook' } } }] });
    b.add('MutatingWebhookConfiguration', { metadata: { name: 'inject' }, webhooks: [{ name: 'inject.example', failurePolicy: 'Ignore', clientConfig: { service: { namespace: 'shop', name: 'typo' } } }] });
    b.service('shop', 'typo', { app: 'nothing' });
    b.add('APIService', { metadata: { name: 'v1beta1.metrics.k8s.io' }, spec: { service: { namespace: 'kube-system', name: 'metrics-server' } } });
    const findings = findingsOf(b);
    const webhook = only(findings, 'WebhookServiceMissing');
    expect(webhook.severity).toBe('critical');
    expect(webhook.chain.at(-1)).toMatchObject({ ref: { kind: 'Service', namespace: 'shop', name: 'policy-webhook' }, missing: true });
    const unavailable = only(findings, 'WebhookServiceUnavailable');
    expect(unavailable.severity).toBe('warning');
    expect(unavailable.chain[1]?.status).toBe('selector matches no pods');
    expect(only(findings, 'APIServiceMissingService').message).toContain('kube-system/metrics-server');
  });
});

describe('namespace, quota and reference detectors', () => {
  it('reports a namespace stuck Terminating with the object whose finalizer holds it as root cause', () => {
    const b = healthyCluster();
    b.add('Namespace', {
      metadata: { name: 'old', deletionTimestamp: ago(1) },
      status: { phase: 'Terminating', conditions: [{ type: 'NamespaceFinalizersRemaining', status: 'True', message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances' }] },
    });
    b.add('ConfigMap', { metadata: { name: 'held', namespace: 'old', deletionTimestamp: ago(1), finalizers: ['example.com/hold'] } });
    const findings = findingsOf(b);
    const ns = only(findings, 'NamespaceStuckTerminating');
    expect(ns.chain.at(-1)).toMatchObject({ ref: { kind: 'ConfigMap', namespace: 'old', name: 'held' }, status: 'finalizer example.com/hold' });
    expect(ns.evidence.join()).toContain('example.com/hold');
    expect(only(findings, 'FinalizerBlocking').nextStep).toContain('example.com/hold');
  });

  it('reports finalizers blocking deletion for long, and pods stuck Terminating', () => {
    const b = healthyCluster();
    b.add('PersistentVolumeClaim', { metadata: { name: 'stuck', namespace: 'shop', deletionTimestamp: ago(30), finalizers: ['kubernetes.io/pvc-protection'] }, status: { phase: 'Bound' } });
    b.pod('shop', 'zombie', { deleted: ago(20) });
    const findings = findingsOf(b);
    expect(only(findings, 'FinalizerBlocking').message).toBe('deleted 30m ago but finalizers kubernetes.io/pvc-protection keep it');
    expect(only(findings, 'StuckTerminating').object.name).toBe('zombie');
  });

  it('reports exhausted and nearly exhausted quotas', () => {
    const b = healthyCluster();
    const quota = b.objects['ResourceQuota']![0]! as unknown as { status: { used: Record<string, string> } };
    quota.status.used = { pods: '50', 'requests.cpu': '9500m' };
    const f = only(findingsOf(b), 'QuotaExhausted');
    expect(f.message).toContain('pods 50/50');
    expect(f.evidence).toEqual(['nearly full: requests.cpu 9500m/10']);
    quota.status.used = { pods: '46' };
    expect(only(findingsOf(b), 'QuotaNearlyExhausted').severity).toBe('info');
  });

  it('reports dangling references from pods, through the graph and directly, and missing keys', () => {
    for (const useGraph of [true, false]) {
      const b = healthyCluster();
      b.pod('shop', 'orphan', {
        spec: {
          serviceAccountName: 'robot',
          volumes: [{ name: 'cfg', configMap: { name: 'no-cm' } }, { name: 'opt', configMap: { name: 'maybe', optional: true } }, { name: 'data', persistentVolumeClaim: { claimName: 'no-pvc' } }],
          containers: [{ name: 'app', env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'user' } } }, { name: 'B', valueFrom: { secretKeyRef: { name: 'no-secret', key: 'x' } } }] }],
        },
      });
      const findings = findingsOf(b, { useGraph }).filter((f) => f.object.name === 'orphan');
      expect(findings.map((f) => f.reason).sort(), `useGraph ${useGraph}`).toEqual(['MissingConfigMap', 'MissingPVC', 'MissingSecret', 'MissingSecretKey', 'MissingServiceAccount']);
      expect(only(findings, 'MissingSecret').chain.at(-1)).toMatchObject({ ref: { kind: 'Secret', name: 'no-secret' }, missing: true });
      expect(only(findings, 'MissingSecretKey').evidence).toEqual(['keys present: password']);
    }
  });

  it('reports Warning event bursts and restart storms', () => {
    const b = healthyCluster();
    b.event('shop', { kind: 'Pod', name: 'x' }, 'BackOff', 'Back-off restarting failed container', { count: 40 });
    b.event('shop', { kind: 'Pod', name: 'y' }, 'FailedMount', 'timeout', { count: 15 });
    b.event('shop', { kind: 'Pod', name: 'z' }, 'FailedMount', 'old', { count: 500, minutesAgo: 60 });
    b.deployment('shop', 'flaky', { replicas: 3, state: 'restarting' });
    const findings = findingsOf(b);
    expect(only(findings, 'WarningEventBurst').message).toBe('55 Warning events in the last 10m: BackOff x40, FailedMount x15');
    expect(only(findings, 'RestartStorm').message).toBe('3 pods restarted in the last 10m (27 restarts in total)');
  });
});
