import { describe, expect, it } from 'vitest';
import { graphOf, obj, outStrings, pod } from '../spec-support/graph-fixtures.js';

const P = 'Pod/shop/web';

describe('podRule', () => {
  it('links volumes, projected volumes and env of containers, init and ephemeral containers, keeping optional', () => {
    const graph = graphOf([
      pod('shop', 'web', {
        serviceAccountName: 'web-sa',
        volumes: [
          { name: 'cfg', configMap: { name: 'web-config' } },
          { name: 'extra', configMap: { name: 'extra-config', optional: true } },
          { name: 'tls', secret: { secretName: 'web-tls' } },
          {
            name: 'bundle',
            projected: {
              sources: [
                { configMap: { name: 'ca-bundle', optional: true } },
                { secret: { name: 'projected-secret' } },
                { serviceAccountToken: { path: 'token' } },
              ],
            },
          },
          { name: 'data', persistentVolumeClaim: { claimName: 'web-data' } },
          { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } },
          { name: 'csi', csi: { driver: 'x', nodePublishSecretRef: { name: 'csi-creds' } } },
        ],
        initContainers: [{ name: 'init', envFrom: [{ configMapRef: { name: 'init-config' } }] }],
        containers: [
          {
            name: 'app',
            env: [
              { name: 'A', value: 'plain' },
              { name: 'DB', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password' } } },
              { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'web-config', key: 'mode', optional: true } } },
            ],
            envFrom: [{ secretRef: { name: 'api-keys', optional: true } }],
          },
        ],
        ephemeralContainers: [{ name: 'debug', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'debug-secret', key: 'k' } } }] }],
        imagePullSecrets: [{ name: 'registry' }],
      }),
    ]);
    expect(outStrings(graph, P)).toEqual([
      'claims Pod/shop/web -> PersistentVolumeClaim/shop/web-data ! {"via":"volume"}',
      'claims Pod/shop/web -> PersistentVolumeClaim/shop/web-scratch ! {"via":"ephemeralVolume"}',
      'service-account Pod/shop/web -> ServiceAccount/shop/web-sa !',
      'uses-configmap Pod/shop/web -> ConfigMap/shop/ca-bundle ! {"via":"projected","optional":true}',
      'uses-configmap Pod/shop/web -> ConfigMap/shop/extra-config ! {"via":"volume","optional":true}',
      'uses-configmap Pod/shop/web -> ConfigMap/shop/init-config ! {"via":"initContainer.envFrom","optional":false}',
      // Required through the volume, optional through env: required wins, both places listed.
      'uses-configmap Pod/shop/web -> ConfigMap/shop/web-config ! {"via":"env, volume","optional":false}',
      'uses-secret Pod/shop/web -> Secret/shop/api-keys ! {"via":"envFrom","optional":true}',
      'uses-secret Pod/shop/web -> Secret/shop/csi-creds ! {"via":"volume","optional":false}',
      'uses-secret Pod/shop/web -> Secret/shop/db-creds ! {"via":"env","optional":false}',
      'uses-secret Pod/shop/web -> Secret/shop/debug-secret ! {"via":"ephemeralContainer.env","optional":false}',
      'uses-secret Pod/shop/web -> Secret/shop/projected-secret ! {"via":"projected","optional":false}',
      'uses-secret Pod/shop/web -> Secret/shop/registry ! {"via":"imagePullSecret","optional":true}',
      'uses-secret Pod/shop/web -> Secret/shop/web-tls ! {"via":"volume","optional":false}',
    ]);
  });

  it('defaults the ServiceAccount to "default" and links Node, PriorityClass and RuntimeClass once named', () => {
    const graph = graphOf([
      pod('shop', 'web', { nodeName: 'worker-1', priorityClassName: 'high', runtimeClassName: 'gvisor' }),
      obj('Node', undefined, 'worker-1'),
      obj('ServiceAccount', 'shop', 'default'),
      pod('shop', 'pending'),
    ]);
    expect(outStrings(graph, P)).toEqual([
      'priority-class Pod/shop/web -> PriorityClass/_cluster/high !',
      'runtime-class Pod/shop/web -> RuntimeClass/_cluster/gvisor !',
      'scheduled-on Pod/shop/web -> Node/_cluster/worker-1',
      'service-account Pod/shop/web -> ServiceAccount/shop/default',
    ]);
    // Unscheduled: no Node edge.
    expect(outStrings(graph, 'Pod/shop/pending')).toEqual(['service-account Pod/shop/pending -> ServiceAccount/shop/default']);
  });

  it('ignores references without a name and malformed names', () => {
    const graph = graphOf([
      pod('shop', 'web', {
        volumes: [{ name: 'a', configMap: {} }, { name: 'b', secret: { secretName: 'a/b' } }],
        containers: [{ name: 'app', envFrom: [{ configMapRef: { name: '' } }] }],
      }),
    ]);
    expect(outStrings(graph, P)).toEqual(['service-account Pod/shop/web -> ServiceAccount/shop/default !']);
  });
});
