// Random Kubernetes objects for the incremental-equivalence property test: every kind the rules
// read, with names, labels and selectors drawn from small pools so that references often hit,
// often miss (placeholders), and selectors match and unmatch as objects change.
import type { KubeObject } from '@k8s-mcp/k8s-client';

/** A seeded pseudo-random source (mulberry32). */
export interface Random {
  next(): number;
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** Creates a {@link Random} from a seed; the same seed gives the same sequence. */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    chance: (p) => next() < p,
  };
}

/** Kinds produced by {@link randomObject}; cluster-scoped ones have no namespace. */
export const RANDOM_KINDS = [
  'Pod', 'Pod', 'Pod', 'Service', 'EndpointSlice', 'Ingress', 'ConfigMap', 'Secret', 'PersistentVolumeClaim',
  'PersistentVolume', 'StorageClass', 'ServiceAccount', 'Node', 'Namespace', 'Deployment', 'ReplicaSet', 'StatefulSet',
  'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'RoleBinding', 'ClusterRoleBinding', 'Role',
  'ClusterRole', 'ValidatingWebhookConfiguration', 'APIService', 'Event', 'Job', 'CronJob', 'IngressClass', 'PriorityClass',
  'DaemonSet', 'GatewayClass', 'Gateway', 'HTTPRoute',
] as const;

const CLUSTER_KINDS = new Set(['PersistentVolume', 'StorageClass', 'Node', 'Namespace', 'ClusterRoleBinding', 'ClusterRole', 'ValidatingWebhookConfiguration', 'APIService', 'IngressClass', 'PriorityClass', 'GatewayClass']);

/** Whether {@link randomObject} makes `kind` cluster-scoped. */
export const isRandomClusterKind = (kind: string): boolean => CLUSTER_KINDS.has(kind);

const NAMES = ['a', 'b', 'c'];
/** Namespaces used by the generator. */
export const NAMESPACES = ['ns1', 'ns2'];
const LABEL_VALUES: Record<string, readonly string[]> = { app: ['a', 'b'], tier: ['x', 'y'], team: ['t1', 't2'] };

function labels(r: Random): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, values] of Object.entries(LABEL_VALUES)) if (r.chance(0.5)) out[key] = r.pick(values);
  return out;
}

function selector(r: Random): unknown {
  const roll = r.int(6);
  if (roll === 0) return undefined;
  if (roll === 1) return {};
  const key = r.pick(Object.keys(LABEL_VALUES));
  const value = r.pick(LABEL_VALUES[key] as readonly string[]);
  if (roll <= 3) return { matchLabels: { [key]: value } };
  const operator = r.pick(['In', 'NotIn', 'Exists', 'DoesNotExist']);
  return { matchExpressions: [{ key, operator, ...(operator === 'In' || operator === 'NotIn' ? { values: [value] } : {}) }] };
}

const maybe = <T>(r: Random, p: number, value: () => T): T | undefined => (r.chance(p) ? value() : undefined);

function podSpec(r: Random): Record<string, unknown> {
  const ref = () => ({ name: r.pick(NAMES), ...(r.chance(0.3) ? { optional: r.chance(0.5) } : {}) });
  const container = () => ({
    name: 'c',
    env: r.chance(0.5) ? [{ name: 'E', valueFrom: r.chance(0.5) ? { configMapKeyRef: { ...ref(), key: 'k' } } : { secretKeyRef: { ...ref(), key: 'k' } } }] : [],
    envFrom: r.chance(0.4) ? [r.chance(0.5) ? { configMapRef: ref() } : { secretRef: ref() }] : [],
  });
  const volumes = [];
  if (r.chance(0.4)) volumes.push({ name: 'v1', configMap: ref() });
  if (r.chance(0.3)) volumes.push({ name: 'v2', secret: { secretName: r.pick(NAMES), optional: r.chance(0.5) } });
  if (r.chance(0.3)) volumes.push({ name: 'v3', projected: { sources: [{ configMap: ref() }, { secret: ref() }] } });
  if (r.chance(0.3)) volumes.push({ name: 'v4', persistentVolumeClaim: { claimName: r.pick(NAMES) } });
  return {
    containers: [container()],
    ...(r.chance(0.3) ? { initContainers: [container()] } : {}),
    volumes,
    ...(r.chance(0.5) ? { serviceAccountName: r.pick(NAMES) } : {}),
    ...(r.chance(0.6) ? { nodeName: r.pick(NAMES) } : {}),
    ...(r.chance(0.2) ? { priorityClassName: r.pick(NAMES) } : {}),
    ...(r.chance(0.1) ? { runtimeClassName: r.pick(NAMES) } : {}),
    ...(r.chance(0.2) ? { imagePullSecrets: [{ name: r.pick(NAMES) }] } : {}),
  };
}

function fields(r: Random, kind: string, namespace: string | undefined): Record<string, unknown> {
  const ns = namespace ?? 'ns1';
  switch (kind) {
    case 'Pod':
      return { spec: podSpec(r), status: { phase: r.pick(['Running', 'Pending']), containerStatuses: [{ ready: r.chance(0.5), restartCount: r.int(3), state: { running: {} } }] } };
    case 'Service':
      return { spec: { type: r.pick(['ClusterIP', 'ClusterIP', 'ExternalName']), selector: r.chance(0.8) ? { app: r.pick(['a', 'b']) } : {} } };
    case 'EndpointSlice':
      return { endpoints: [{ conditions: { ready: r.chance(0.7) }, targetRef: { kind: 'Pod', namespace: ns, name: r.pick(NAMES) } }] };
    case 'Ingress':
      return {
        spec: {
          ...(r.chance(0.5) ? { ingressClassName: r.pick(NAMES) } : {}),
          rules: [{ http: { paths: [{ backend: { service: { name: r.pick(NAMES), port: { number: r.pick([80, 443]) } } } }] } }],
          tls: r.chance(0.5) ? [{ secretName: r.pick(NAMES) }] : [],
        },
      };
    case 'PersistentVolumeClaim':
      return { spec: { ...maybe(r, 0.5, () => ({ volumeName: r.pick(NAMES) })), ...maybe(r, 0.6, () => ({ storageClassName: r.pick(NAMES) })) } };
    case 'PersistentVolume':
      return { spec: { storageClassName: r.pick(NAMES) } };
    case 'StatefulSet':
      return {
        spec: {
          serviceName: r.pick(NAMES),
          volumeClaimTemplates: [{ spec: { storageClassName: r.pick(NAMES) } }],
          ...maybe(r, 0.5, () => ({ template: { spec: podSpec(r) } })),
        },
      };
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'Job':
      return r.chance(0.7) ? { spec: { template: { spec: podSpec(r) } } } : {};
    case 'CronJob':
      return r.chance(0.7) ? { spec: { jobTemplate: { spec: { template: { spec: podSpec(r) } } } } } : {};
    case 'HorizontalPodAutoscaler':
      return { spec: { scaleTargetRef: { kind: r.pick(['Deployment', 'StatefulSet']), name: r.pick(NAMES) }, maxReplicas: 3 } };
    case 'PodDisruptionBudget':
      return { spec: { selector: selector(r) } };
    case 'NetworkPolicy': {
      const peer = () => ({ ...maybe(r, 0.6, () => ({ podSelector: selector(r) ?? {} })), ...maybe(r, 0.5, () => ({ namespaceSelector: selector(r) ?? {} })) });
      return {
        spec: {
          podSelector: selector(r) ?? {},
          ingress: [{ from: [peer(), peer()], ports: r.chance(0.5) ? [{ port: r.pick([80, 5432]) }] : [] }],
          egress: r.chance(0.5) ? [{ to: [peer()] }] : [],
        },
      };
    }
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return {
        roleRef: { kind: kind === 'RoleBinding' && r.chance(0.5) ? 'Role' : 'ClusterRole', name: r.pick(NAMES) },
        subjects: [{ kind: 'ServiceAccount', name: r.pick(NAMES), namespace: r.pick(NAMESPACES) }, { kind: 'User', name: 'u' }],
      };
    case 'ValidatingWebhookConfiguration':
      return { webhooks: [{ name: 'w', clientConfig: { service: { namespace: r.pick(NAMESPACES), name: r.pick(NAMES) } } }] };
    case 'APIService':
      return { spec: r.chance(0.7) ? { service: { namespace: r.pick(NAMESPACES), name: r.pick(NAMES), port: 443 } } : {} };
    case 'Event':
      return { involvedObject: { kind: r.pick(['Pod', 'Node', 'Service']), namespace: ns, name: r.pick(NAMES) }, type: 'Warning', reason: 'R', count: r.int(5) + 1 };
    case 'Node':
      return { status: { conditions: [{ type: 'Ready', status: r.pick(['True', 'False']) }] }, spec: { unschedulable: r.chance(0.2) } };
    case 'Gateway':
      return {
        spec: {
          gatewayClassName: r.pick(NAMES),
          listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: r.pick(NAMES), ...(r.chance(0.3) ? { namespace: r.pick(NAMESPACES) } : {}) }] } }],
        },
      };
    case 'HTTPRoute':
      return {
        spec: {
          parentRefs: [{ name: r.pick(NAMES), ...(r.chance(0.3) ? { namespace: r.pick(NAMESPACES) } : {}), ...(r.chance(0.5) ? { sectionName: 'https' } : {}) }],
          rules: [{ backendRefs: [{ name: r.pick(NAMES), port: r.pick([80, 8080]) }] }],
        },
      };
    default:
      return {};
  }
}

const OWNER_KINDS: Record<string, readonly string[]> = {
  Pod: ['ReplicaSet', 'StatefulSet', 'Job', 'Node'],
  ReplicaSet: ['Deployment'],
  Job: ['CronJob'],
  EndpointSlice: ['Service'],
};

/** A random object of `kind` named `name` (in `namespace` unless cluster-scoped), with a unique resourceVersion. */
export function randomObject(r: Random, kind: string, namespace: string | undefined, name: string, resourceVersion: string): KubeObject {
  const ownerKinds = OWNER_KINDS[kind];
  const ownerReferences = ownerKinds && r.chance(0.7) ? [{ apiVersion: 'v1', kind: r.pick(ownerKinds), name: r.pick(NAMES), uid: 'u', controller: r.chance(0.8) }] : undefined;
  const objectLabels = labels(r);
  if (kind === 'EndpointSlice' && r.chance(0.8)) objectLabels['kubernetes.io/service-name'] = r.pick(NAMES);
  return {
    metadata: {
      name,
      ...(namespace === undefined ? {} : { namespace }),
      uid: `uid-${kind}-${namespace ?? ''}-${name}-${resourceVersion}`,
      resourceVersion,
      labels: objectLabels,
      ...(ownerReferences ? { ownerReferences } : {}),
    },
    ...fields(r, kind, namespace),
  };
}

/** A random identity: kind, namespace (undefined when cluster-scoped) and name from the pools. */
export function randomIdentity(r: Random): { kind: string; namespace: string | undefined; name: string } {
  const kind = r.pick(RANDOM_KINDS);
  const name = kind === 'Namespace' ? r.pick(NAMESPACES) : r.pick(NAMES);
  return { kind, namespace: isRandomClusterKind(kind) ? undefined : r.pick(NAMESPACES), name };
}
