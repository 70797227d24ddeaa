import { describe, expect, it } from 'vitest';
import { graphOf, obj, outStrings } from '../spec-support/graph-fixtures.js';

const templateSpec = {
  serviceAccountName: 'migrator',
  imagePullSecrets: [{ name: 'registry' }],
  volumes: [
    { name: 'cfg', configMap: { name: 'app-config' } },
    { name: 'data', persistentVolumeClaim: { claimName: 'app-data' } },
    { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } },
  ],
  initContainers: [{ name: 'init', env: [{ name: 'T', valueFrom: { secretKeyRef: { name: 'init-token', key: 't' } } }] }],
  containers: [{ name: 'app', envFrom: [{ secretRef: { name: 'app-env', optional: true } }] }],
  nodeName: 'worker-1',
  priorityClassName: 'high',
};

describe('podTemplateRule', () => {
  it('links a workload to what its pod template names, marked via template, without node or ephemeral claims', () => {
    const graph = graphOf([obj('Deployment', 'shop', 'web', { spec: { replicas: 0, template: { spec: templateSpec } } }), obj('ConfigMap', 'shop', 'app-config')]);
    expect(outStrings(graph, 'Deployment/shop/web')).toEqual([
      'claims Deployment/shop/web -> PersistentVolumeClaim/shop/app-data ! {"via":"template.volume"}',
      'priority-class Deployment/shop/web -> PriorityClass/_cluster/high ! {"via":"template"}',
      'service-account Deployment/shop/web -> ServiceAccount/shop/migrator ! {"via":"template"}',
      'uses-configmap Deployment/shop/web -> ConfigMap/shop/app-config {"via":"template.volume","optional":false}',
      'uses-secret Deployment/shop/web -> Secret/shop/app-env ! {"via":"template.envFrom","optional":true}',
      'uses-secret Deployment/shop/web -> Secret/shop/init-token ! {"via":"template.initContainer.env","optional":false}',
      'uses-secret Deployment/shop/web -> Secret/shop/registry ! {"via":"template.imagePullSecret","optional":true}',
    ]);
  });

  it('reads the templates of ReplicaSets, StatefulSets, DaemonSets and Jobs, and the job template of CronJobs', () => {
    const spec = { containers: [{ name: 'app', envFrom: [{ configMapRef: { name: 'shared' } }] }] };
    const graph = graphOf([
      obj('ReplicaSet', 'shop', 'rs', { spec: { template: { spec } } }),
      obj('StatefulSet', 'shop', 'db', { spec: { serviceName: 'db', template: { spec } } }),
      obj('DaemonSet', 'shop', 'agent', { spec: { template: { spec } } }),
      obj('Job', 'shop', 'once', { spec: { template: { spec } } }),
      obj('CronJob', 'shop', 'nightly', { spec: { jobTemplate: { spec: { template: { spec } } } } }),
    ]);
    const users = graph.edges({ type: 'uses-configmap' }).map((e) => e.source).sort();
    expect(users).toEqual(['CronJob/shop/nightly', 'DaemonSet/shop/agent', 'Job/shop/once', 'ReplicaSet/shop/rs', 'StatefulSet/shop/db']);
    // Each still links its ServiceAccount (default when unset).
    expect(graph.edges({ type: 'service-account' }).map((e) => `${e.source} -> ${e.target}`)).toContain('CronJob/shop/nightly -> ServiceAccount/shop/default');
    expect(outStrings(graph, 'StatefulSet/shop/db')).toContain('governing-service StatefulSet/shop/db -> Service/shop/db !');
  });

  it('declares nothing for a workload without a template', () => {
    const graph = graphOf([obj('Deployment', 'shop', 'bare', { spec: { replicas: 1 } })]);
    expect(outStrings(graph, 'Deployment/shop/bare')).toEqual([]);
  });
});
