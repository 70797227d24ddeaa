import { createKubeTransport, type KubeObject, type KubeTransport } from '@k8s-mcp/k8s-client';
import { deploymentFixture, integrationTest as test, waitFor } from '@k8s-mcp/testing';
import { describe, expect } from 'vitest';
import { createKnowledgeGraph } from './knowledge-graph.js';
import { edgeStrings } from './spec-support/graph-fixtures.js';

interface List {
  readonly items: KubeObject[];
}

// Namespaced kinds of the app and the API paths listing them.
const NAMESPACED: ReadonlyArray<readonly [string, string]> = [
  ['Pod', '/api/v1/namespaces/NS/pods'],
  ['Service', '/api/v1/namespaces/NS/services'],
  ['ConfigMap', '/api/v1/namespaces/NS/configmaps'],
  ['Secret', '/api/v1/namespaces/NS/secrets'],
  ['PersistentVolumeClaim', '/api/v1/namespaces/NS/persistentvolumeclaims'],
  ['ServiceAccount', '/api/v1/namespaces/NS/serviceaccounts'],
  ['Deployment', '/apis/apps/v1/namespaces/NS/deployments'],
  ['ReplicaSet', '/apis/apps/v1/namespaces/NS/replicasets'],
  ['EndpointSlice', '/apis/discovery.k8s.io/v1/namespaces/NS/endpointslices'],
  ['Ingress', '/apis/networking.k8s.io/v1/namespaces/NS/ingresses'],
  ['NetworkPolicy', '/apis/networking.k8s.io/v1/namespaces/NS/networkpolicies'],
  ['HorizontalPodAutoscaler', '/apis/autoscaling/v2/namespaces/NS/horizontalpodautoscalers'],
  ['PodDisruptionBudget', '/apis/policy/v1/namespaces/NS/poddisruptionbudgets'],
];

const post = (transport: KubeTransport, path: string, body: unknown) => transport.json({ method: 'POST', path, body });
const list = async (transport: KubeTransport, path: string) => (await transport.json<List>({ path })).items;

describe('knowledge graph on the real control plane', () => {
  test('an Ingress -> Service -> Deployment app with config, storage and policies gives exactly the expected edges', async ({ admin, namespace: ns }) => {
    const transport = createKubeTransport(admin.kubeConfig);
    const storageClass = `sc-${ns}`;
    const volume = `pv-${ns}`;
    const ingressClass = `ic-${ns}`;
    try {
      // Cluster-scoped objects with unique names, then the app.
      await post(transport, '/apis/storage.k8s.io/v1/storageclasses', {
        metadata: { name: storageClass },
        provisioner: 'kubernetes.io/no-provisioner',
        volumeBindingMode: 'Immediate',
      });
      await admin.core.createPersistentVolume({
        body: {
          metadata: { name: volume },
          spec: {
            capacity: { storage: '1Gi' },
            accessModes: ['ReadWriteOnce'],
            storageClassName: storageClass,
            hostPath: { path: `/tmp/${volume}` },
            claimRef: { namespace: ns, name: 'data' }, // pre-bound: no other claim can take it
          },
        },
      });
      await post(transport, '/apis/networking.k8s.io/v1/ingressclasses', { metadata: { name: ingressClass }, spec: { controller: 'example.com/ingress' } });

      await admin.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'web-config' }, data: { MODE: 'prod' } } });
      await admin.core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'web-secret' }, stringData: { password: 'hunter2' } } });
      await admin.core.createNamespacedSecret({
        namespace: ns,
        body: { metadata: { name: 'web-tls' }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'x', 'tls.key': 'y' } },
      });
      await admin.core.createNamespacedPersistentVolumeClaim({
        namespace: ns,
        body: {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], storageClassName: storageClass, resources: { requests: { storage: '1Gi' } } },
        },
      });
      const deployment = deploymentFixture({ name: 'web', replicas: 2 });
      const podSpec = deployment.spec!.template.spec!;
      podSpec.containers[0]!.envFrom = [{ configMapRef: { name: 'web-config' } }];
      podSpec.containers[0]!.env = [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'web-secret', key: 'password' } } }];
      podSpec.containers[0]!.volumeMounts = [{ name: 'data', mountPath: '/data' }];
      podSpec.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }];
      await admin.apps.createNamespacedDeployment({ namespace: ns, body: deployment });
      await admin.core.createNamespacedService({
        namespace: ns,
        body: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } },
      });
      await post(transport, `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses`, {
        metadata: { name: 'web' },
        spec: {
          ingressClassName: ingressClass,
          tls: [{ hosts: ['shop.example.com'], secretName: 'web-tls' }],
          rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
        },
      });
      await post(transport, `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`, {
        metadata: { name: 'web' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          minReplicas: 2,
          maxReplicas: 4,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
        },
      });
      await post(transport, `/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets`, {
        metadata: { name: 'web' },
        spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
      });
      await post(transport, `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies`, {
        metadata: { name: 'web' },
        spec: {
          podSelector: { matchLabels: { app: 'web' } },
          ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
        },
      });

      // Controllers at work: PVC bound, two pods Running and ready, both in the Service's EndpointSlice.
      await waitFor(async () => (await admin.core.readNamespacedPersistentVolumeClaim({ name: 'data', namespace: ns })).status?.phase === 'Bound', {
        description: 'PVC data Bound',
      });
      await waitFor(
        async () => {
          const slices = await list(transport, `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`);
          const endpoints = slices.flatMap((s) => (s['endpoints'] as Array<{ conditions?: { ready?: boolean } }> | undefined) ?? []);
          return slices.length === 1 && endpoints.length === 2 && endpoints.every((e) => e.conditions?.ready === true);
        },
        { description: 'EndpointSlice of web with 2 ready endpoints', timeoutMs: 90_000 },
      );

      // Everything listed back from the API server, fed to a fresh graph.
      const graph = createKnowledgeGraph();
      const feed = (kind: string, objects: KubeObject[]) => objects.forEach((o) => graph.upsert(kind, o));
      for (const [kind, path] of NAMESPACED) feed(kind, await list(transport, path.replace('NS', ns)));
      feed('Namespace', [await transport.json<KubeObject>({ path: `/api/v1/namespaces/${ns}` })]);
      feed('Node', await list(transport, '/api/v1/nodes'));
      feed('PersistentVolume', [await transport.json<KubeObject>({ path: `/api/v1/persistentvolumes/${volume}` })]);
      feed('StorageClass', [await transport.json<KubeObject>({ path: `/apis/storage.k8s.io/v1/storageclasses/${storageClass}` })]);
      feed('IngressClass', [await transport.json<KubeObject>({ path: `/apis/networking.k8s.io/v1/ingressclasses/${ingressClass}` })]);

      const pods = await list(transport, `/api/v1/namespaces/${ns}/pods`);
      const [replicaSet] = await list(transport, `/apis/apps/v1/namespaces/${ns}/replicasets`);
      const [slice] = await list(transport, `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`);
      expect(pods).toHaveLength(2);
      const id = (kind: string, name: string) => `${kind}/${ns}/${name}`;
      const cid = (kind: string, name: string) => `${kind}/_cluster/${name}`;
      const rs = id('ReplicaSet', replicaSet!.metadata.name);
      const es = id('EndpointSlice', slice!.metadata.name);
      const expected = [
        `owned-by ${rs} -> ${id('Deployment', 'web')} {"controller":true}`,
        `owned-by ${es} -> ${id('Service', 'web')} {"controller":true}`,
        `has-endpoints ${id('Service', 'web')} -> ${es}`,
        `ingress-class ${id('Ingress', 'web')} -> ${cid('IngressClass', ingressClass)}`,
        `routes-to ${id('Ingress', 'web')} -> ${id('Service', 'web')} {"via":"rule","port":"80"}`,
        `uses-secret ${id('Ingress', 'web')} -> ${id('Secret', 'web-tls')} {"via":"tls","optional":false}`,
        `bound-to ${id('PersistentVolumeClaim', 'data')} -> ${cid('PersistentVolume', volume)}`,
        `storage-class ${id('PersistentVolumeClaim', 'data')} -> ${cid('StorageClass', storageClass)}`,
        `storage-class ${cid('PersistentVolume', volume)} -> ${cid('StorageClass', storageClass)}`,
        `scales ${id('HorizontalPodAutoscaler', 'web')} -> ${id('Deployment', 'web')}`,
        // The pod template's references, from the Deployment and its ReplicaSet alike.
        ...[id('Deployment', 'web'), rs].flatMap((workload) => [
          `uses-configmap ${workload} -> ${id('ConfigMap', 'web-config')} {"via":"template.envFrom","optional":false}`,
          `uses-secret ${workload} -> ${id('Secret', 'web-secret')} {"via":"template.env","optional":false}`,
          `claims ${workload} -> ${id('PersistentVolumeClaim', 'data')} {"via":"template.volume"}`,
          `service-account ${workload} -> ${id('ServiceAccount', 'default')} {"via":"template"}`,
        ]),
        ...pods.flatMap((p) => {
          const pod = id('Pod', p.metadata.name);
          const node = (p['spec'] as { nodeName: string }).nodeName;
          return [
            `owned-by ${pod} -> ${rs} {"controller":true}`,
            `uses-configmap ${pod} -> ${id('ConfigMap', 'web-config')} {"via":"envFrom","optional":false}`,
            // The ServiceAccount admission plugin's projected token volume carries the cluster CA.
            `uses-configmap ${pod} -> ${id('ConfigMap', 'kube-root-ca.crt')} {"via":"projected","optional":false}`,
            `uses-secret ${pod} -> ${id('Secret', 'web-secret')} {"via":"env","optional":false}`,
            `claims ${pod} -> ${id('PersistentVolumeClaim', 'data')} {"via":"volume"}`,
            `service-account ${pod} -> ${id('ServiceAccount', 'default')}`,
            `scheduled-on ${pod} -> ${cid('Node', node)}`,
            `selects ${id('Service', 'web')} -> ${pod}`,
            `targets ${es} -> ${pod} {"ready":true}`,
            `protects ${id('PodDisruptionBudget', 'web')} -> ${pod}`,
            `applies-to ${id('NetworkPolicy', 'web')} -> ${pod}`,
            `allows-from ${id('NetworkPolicy', 'web')} -> ${pod} {"port":"TCP/8080"}`,
          ];
        }),
      ].sort();
      expect(edgeStrings(graph)).toEqual(expected);
      expect(graph.brokenReferences()).toEqual([]);
      expect(graph.node(id('PersistentVolumeClaim', 'data'))?.status).toBe('Bound');
      expect(graph.node(id('Deployment', 'web'))?.status).toBe('2/2 ready');
      expect(pods.map((p) => graph.node(id('Pod', p.metadata.name))?.status)).toEqual(['Running 1/1 ready', 'Running 1/1 ready']);
      // No Secret value reaches the graph.
      expect(JSON.stringify([graph.nodes(), graph.edges()])).not.toContain('hunter2');

      // Blast radius of the ConfigMap, from real objects: pods, their ReplicaSet and Deployment, up to the Ingress.
      const impacted = JSON.stringify(graph.impact(id('ConfigMap', 'web-config'), { maxDepth: 4 }));
      for (const target of [rs, id('Deployment', 'web'), id('HorizontalPodAutoscaler', 'web'), id('Service', 'web'), id('Ingress', 'web')]) {
        expect(impacted).toContain(`"id":"${target}"`);
      }

      // Deleting the ConfigMap (as a watch would report it) breaks both pods' references and the
      // pod template's (Deployment and ReplicaSet).
      graph.applyChange({ type: 'deleted', kind: 'ConfigMap', object: { metadata: { name: 'web-config', namespace: ns } } });
      expect(graph.brokenReferences().map((e) => e.source).sort()).toEqual([id('Deployment', 'web'), ...pods.map((p) => id('Pod', p.metadata.name)), rs].sort());
    } finally {
      await admin.core.deletePersistentVolume({ name: volume }).catch(() => undefined);
      await transport.json({ method: 'DELETE', path: `/apis/storage.k8s.io/v1/storageclasses/${storageClass}` }).catch(() => undefined);
      await transport.json({ method: 'DELETE', path: `/apis/networking.k8s.io/v1/ingressclasses/${ingressClass}` }).catch(() => undefined);
      transport.close();
    }
  });
});
