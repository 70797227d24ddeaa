import { describe, expect, it } from 'vitest';
import { findingsOf, only } from './testing/detect.js';
import { ago, healthyCluster } from './testing/fixtures.js';

describe('reference detectors', () => {
  it('reports keys missing from volume items and projected items, but not from optional sources', () => {
    for (const useGraph of [true, false]) {
      const b = healthyCluster();
      b.pod('shop', 'keys', {
        spec: {
          volumes: [
            { name: 'cfg', configMap: { name: 'web-config', items: [{ key: 'LOG_LEVEL', path: 'level' }, { key: 'nginx.conf', path: 'nginx.conf' }] } },
            { name: 'bundle', projected: { sources: [{ secret: { name: 'db-creds', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }, { serviceAccountToken: { path: 'token' } }, { downwardAPI: { items: [{ path: 'labels' }] } }] } },
            { name: 'opt', configMap: { name: 'web-config', optional: true, items: [{ key: 'absent-but-optional', path: 'x' }] } },
          ],
        },
      });
      const findings = findingsOf(b, { useGraph }).filter((f) => f.object.name === 'keys');
      expect(findings.map((f) => f.reason).sort(), `useGraph ${useGraph}`).toEqual(['MissingConfigMapKey', 'MissingSecretKey']);
      const cm = only(findings, 'MissingConfigMapKey');
      expect(cm.message).toBe('reads key nginx.conf of ConfigMap web-config (volume cfg item nginx.conf), which has no such key');
      expect(cm.evidence).toEqual(['keys present: LOG_LEVEL']);
      expect(only(findings, 'MissingSecretKey').message).toContain('key ca.crt of Secret db-creds (projected volume bundle item ca.crt)');
    }
  });

  it('reports a missing image pull secret: a warning, critical when the image pull fails', () => {
    for (const useGraph of [true, false]) {
      const b = healthyCluster();
      b.pod('shop', 'pulls', { spec: { imagePullSecrets: [{ name: 'regcred' }] } });
      b.pod('shop', 'pull-fails', { state: 'imagepull', spec: { imagePullSecrets: [{ name: 'private-registry' }, { name: 'db-creds' }] } });
      const findings = findingsOf(b, { useGraph });
      const warning = only(findings, 'MissingImagePullSecret', 'pulls');
      expect(warning.severity).toBe('warning');
      expect(warning.message).toBe('imagePullSecret regcred does not exist: pulling an image from a private registry fails');
      expect(warning.chain.at(-1)).toMatchObject({ ref: { kind: 'Secret', name: 'regcred' }, missing: true });
      const critical = only(findings, 'MissingImagePullSecret', 'pull-fails');
      expect(critical.severity).toBe('critical');
      expect(critical.message).toContain('private-registry');
    }
  });

  it('checks the pod templates of workloads without pods, once, at the outermost controller', () => {
    for (const useGraph of [true, false]) {
      const b = healthyCluster();
      const template = {
        serviceAccountName: 'no-such-sa',
        imagePullSecrets: [{ name: 'regcred' }],
        volumes: [{ name: 'cfg', configMap: { name: 'batch-config' } }],
        initContainers: [{ name: 'init', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'user' } } }] }],
        containers: [{ name: 'app', image: 'app:1' }],
      };
      b.deployment('shop', 'idle', { replicas: 0, podSpec: template });
      b.add('CronJob', { metadata: { name: 'nightly', namespace: 'shop' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: template } } } }, status: { lastScheduleTime: ago(60) } });
      // A finished Job and a Job of the CronJob are not checked on their own.
      b.add('Job', { metadata: { name: 'done', namespace: 'shop' }, spec: { template: { spec: template } }, status: { conditions: [{ type: 'Complete', status: 'True' }] } });
      b.add('Job', { metadata: { name: 'nightly-1', namespace: 'shop', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: 'u', controller: true }] }, spec: { template: { spec: template } } });
      // A template's missing ServiceAccount is the controller-failure detector's (FailedCreate).
      const findings = findingsOf(b, { useGraph }).filter(
        (f) => f.reason !== 'MissingServiceAccount' && (['idle', 'nightly', 'done', 'nightly-1'].includes(f.object.name) || f.object.name.startsWith('idle-')),
      );
      const of = (name: string) => findings.filter((f) => f.object.name === name).map((f) => `${f.severity} ${f.reason}`).sort();
      const expected = ['warning MissingConfigMap', 'warning MissingImagePullSecret', 'warning MissingSecretKey'];
      expect(of('idle'), `useGraph ${useGraph}`).toEqual(expected);
      expect(of('nightly')).toEqual(expected);
      expect(findings.filter((f) => f.object.name !== 'idle' && f.object.name !== 'nightly')).toEqual([]);
      const missing = only(findings, 'MissingConfigMap', 'idle');
      expect(missing.message).toBe('pod template references ConfigMap batch-config (volume cfg), which does not exist; it is scaled to 0; its pods will fail once it scales up');
      expect(missing.chain.at(-1)).toMatchObject({ ref: { kind: 'ConfigMap', name: 'batch-config' }, missing: true });
      expect(only(findings, 'MissingSecretKey', 'nightly').message).toBe(
        'pod template reads key user of Secret db-creds (env P of init container init), which has no such key; the pods of its next Job will fail',
      );
    }
  });

  it('leaves a template to its pods when it has some: one finding per broken reference', () => {
    const b = healthyCluster();
    b.deployment('shop', 'api', { replicas: 2, state: 'creating', podSpec: { volumes: [{ name: 'cfg', configMap: { name: 'api-config' } }] } });
    const findings = findingsOf(b).filter((f) => f.reason === 'MissingConfigMap');
    expect(findings.map((f) => `${f.object.kind}/${f.object.name} x${f.count}`)).toEqual(['Deployment/api x2']);
    expect(findings[0]?.message).toBe('2 Pods: references ConfigMap api-config (volume cfg), which does not exist');
  });
});
