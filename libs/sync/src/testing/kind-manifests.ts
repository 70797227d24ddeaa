import {
  BUILTIN_KINDS,
  resourcePath,
  type KubeObject,
  type KubeTransport,
  type ResourceKind,
} from '@k8s-mcp/k8s-client';

const labels = (name: string) => ({ app: name });
const template = (name: string, restartPolicy?: string) => ({
  metadata: { labels: labels(name) },
  spec: {
    ...(restartPolicy ? { restartPolicy } : {}),
    containers: [{ name: 'app', image: `registry.example/${name}:1.0` }],
  },
});

/** The body (without apiVersion/kind/metadata) of a minimal valid object of each built-in kind. */
const BODIES: Record<string, (name: string, namespace: string) => Record<string, unknown>> = {
  Namespace: () => ({}),
  Node: () => ({ spec: { taints: [{ key: 'k8s-mcp.io/test-node', effect: 'NoSchedule' }] } }),
  Pod: (name) => ({ spec: template(name).spec }),
  Service: (name) => ({ spec: { selector: labels(name), ports: [{ port: 80, targetPort: 8080 }] } }),
  EndpointSlice: () => ({ addressType: 'IPv4', endpoints: [], ports: [] }),
  Deployment: (name) => ({ spec: { replicas: 1, selector: { matchLabels: labels(name) }, template: template(name) } }),
  ReplicaSet: (name) => ({ spec: { replicas: 1, selector: { matchLabels: labels(name) }, template: template(name) } }),
  StatefulSet: (name) => ({
    spec: { serviceName: name, replicas: 1, selector: { matchLabels: labels(name) }, template: template(name) },
  }),
  DaemonSet: (name) => ({ spec: { selector: { matchLabels: labels(name) }, template: template(name) } }),
  Job: (name) => ({ spec: { template: template(name, 'Never') } }),
  CronJob: (name) => ({ spec: { schedule: '0 0 1 1 *', jobTemplate: { spec: { template: template(name, 'Never') } } } }),
  ConfigMap: () => ({ data: { 'app.conf': 'level=info' } }),
  Secret: () => ({ type: 'Opaque', stringData: { password: 'hunter2-do-not-leak' } }),
  ServiceAccount: () => ({}),
  PersistentVolumeClaim: () => ({
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'none' },
  }),
  PersistentVolume: () => ({
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/pv' }, storageClassName: 'none' },
  }),
  StorageClass: () => ({ provisioner: 'example.com/none' }),
  Ingress: (name) => ({
    spec: {
      rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } }] } }],
    },
  }),
  IngressClass: () => ({ spec: { controller: 'example.com/ingress' } }),
  HorizontalPodAutoscaler: (name) => ({
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: 1,
      maxReplicas: 3,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    },
  }),
  PodDisruptionBudget: (name) => ({ spec: { minAvailable: 1, selector: { matchLabels: labels(name) } } }),
  NetworkPolicy: () => ({ spec: { podSelector: {}, policyTypes: ['Ingress'] } }),
  Event: (name, namespace) => ({
    involvedObject: { kind: 'Pod', name, namespace, apiVersion: 'v1' },
    reason: 'Testing',
    message: 'sync integration test',
    type: 'Normal',
  }),
  ResourceQuota: () => ({ spec: { hard: { pods: '50' } } }),
};

/** The built-in kind named `name` (e.g. `Pod`). */
export function builtinKind(name: string): ResourceKind {
  const kind = BUILTIN_KINDS.find((k) => k.kind === name);
  if (!kind) throw new Error(`builtinKind: no built-in kind ${name}`);
  return kind;
}

/** A minimal valid manifest of a built-in kind, labelled `app=<name>`. */
export function manifestFor(kind: ResourceKind, name: string, namespace: string): KubeObject {
  const body = BODIES[kind.kind];
  if (!body) throw new Error(`manifestFor: no manifest for ${kind.kind}`);
  return {
    apiVersion: kind.group ? `${kind.group}/${kind.version}` : kind.version,
    kind: kind.kind,
    metadata: { name, labels: labels(name), ...(kind.namespaced ? { namespace } : {}) },
    ...body(name, namespace),
  };
}

/** Creates, merge-patches and deletes objects through a real transport. */
export interface ObjectWriter {
  create(kind: ResourceKind, manifest: KubeObject): Promise<KubeObject>;
  patchLabels(kind: ResourceKind, name: string, namespace: string | undefined, labels: Record<string, string>): Promise<KubeObject>;
  remove(kind: ResourceKind, name: string, namespace: string | undefined): Promise<void>;
}

/** An {@link ObjectWriter} over `transport`. */
export function objectWriter(transport: KubeTransport): ObjectWriter {
  return {
    create: (kind, manifest) =>
      transport.json({ method: 'POST', path: resourcePath(kind, manifest.metadata.namespace), body: manifest }),
    patchLabels: (kind, name, namespace, patch) =>
      transport.json({
        method: 'PATCH',
        path: resourcePath(kind, namespace, name),
        body: { metadata: { labels: patch } },
        contentType: 'application/merge-patch+json',
      }),
    remove: async (kind, name, namespace) => {
      await transport.json({ method: 'DELETE', path: resourcePath(kind, namespace, name), query: { gracePeriodSeconds: 0 } });
    },
  };
}

/** `ns/name@resourceVersion` of every object, sorted: two equal lists mean zero divergence. */
export function fingerprint(objects: readonly KubeObject[]): string[] {
  return objects.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}@${o.metadata.resourceVersion ?? ''}`).sort();
}
