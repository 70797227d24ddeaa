// Fixture builders for unit tests and the benchmark: plain API-server-shaped objects.
// Not part of the library build (tsconfig.lib.json excludes src/testing).
import type { KubeObject } from '@k8s-mcp/k8s-client';

/** The fixed clock of every fixture. */
export const NOW = Date.parse('2025-06-01T12:00:00Z');

/** RFC 3339 time `minutesAgo` minutes before {@link NOW}. */
export function ago(minutesAgo: number): string {
  return new Date(NOW - minutesAgo * 60_000).toISOString();
}

type Json = Record<string, unknown>;

const ready = (status: 'True' | 'False', minutes = 60): Json[] => [
  { type: 'PodScheduled', status: 'True', lastTransitionTime: ago(minutes) },
  { type: 'Ready', status, lastTransitionTime: ago(minutes) },
];

/** Pod states the builder knows. */
export type PodState =
  | 'running'
  | 'crashloop'
  | 'oomkilled'
  | 'imagepull'
  | 'invalidimage'
  | 'configerror'
  | 'unready'
  | 'unschedulable'
  | 'gated'
  | 'evicted'
  | 'error'
  | 'creating'
  | 'restarting'
  | 'succeeded';

/** A container status and pod status for a state. */
export function podStatus(state: PodState, container = 'app'): Json {
  const base = { name: container, image: `registry.example/${container}:1.0`, restartCount: 0 };
  switch (state) {
    case 'running':
      return { phase: 'Running', conditions: ready('True'), containerStatuses: [{ ...base, ready: true, state: { running: { startedAt: ago(60) } } }] };
    case 'crashloop':
    case 'oomkilled':
      return {
        phase: 'Running',
        conditions: ready('False'),
        containerStatuses: [
          {
            ...base,
            ready: false,
            restartCount: 7,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } },
            lastState: { terminated: state === 'oomkilled' ? { reason: 'OOMKilled', exitCode: 137, finishedAt: ago(2) } : { reason: 'Error', exitCode: 1, finishedAt: ago(2) } },
          },
        ],
      };
    case 'imagepull':
      return { phase: 'Pending', conditions: ready('False'), containerStatuses: [{ ...base, ready: false, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } } }] };
    case 'invalidimage':
      return { phase: 'Pending', conditions: ready('False'), containerStatuses: [{ ...base, ready: false, state: { waiting: { reason: 'InvalidImageName' } } }] };
    case 'configerror':
      return { phase: 'Pending', conditions: ready('False'), containerStatuses: [{ ...base, ready: false, state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "db-creds" not found' } } }] };
    case 'unready':
      return { phase: 'Running', conditions: ready('False', 30), containerStatuses: [{ ...base, ready: false, state: { running: { startedAt: ago(30) } } }] };
    case 'unschedulable':
      return {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 node(s) didn\'t match Pod\'s node affinity/selector.', lastTransitionTime: ago(20) }],
      };
    case 'gated':
      return { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', lastTransitionTime: ago(20) }] };
    case 'evicted':
      return { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' };
    case 'error':
      return { phase: 'Failed', conditions: ready('False'), containerStatuses: [{ ...base, ready: false, state: { terminated: { reason: 'Error', exitCode: 1, finishedAt: ago(5) } } }] };
    case 'creating':
      return { phase: 'Pending', conditions: ready('False', 20), containerStatuses: [{ ...base, ready: false, state: { waiting: { reason: 'ContainerCreating' } } }] };
    case 'restarting':
      return {
        phase: 'Running',
        conditions: ready('True'),
        containerStatuses: [{ ...base, ready: true, restartCount: 9, state: { running: { startedAt: ago(3) } }, lastState: { terminated: { reason: 'Error', exitCode: 2, finishedAt: ago(3) } } }],
      };
    case 'succeeded':
      return { phase: 'Succeeded', containerStatuses: [{ ...base, state: { terminated: { reason: 'Completed', exitCode: 0 } } }] };
  }
}

/** Options of {@link ClusterBuilder.pod}. */
export interface PodOptions {
  readonly state?: PodState;
  readonly labels?: Record<string, string>;
  readonly owner?: { kind: string; name: string };
  readonly node?: string;
  readonly spec?: Json;
  readonly deleted?: string;
  readonly finalizers?: string[];
}

let uid = 0;

/** Builds a cluster state object by object; `objects` is what `stateFromObjects` takes. */
export class ClusterBuilder {
  readonly objects: Record<string, KubeObject[]> = {};

  /** Adds any object of `kind`. */
  add(kind: string, object: Json & { metadata: Json & { name: string } }): this {
    (this.objects[kind] ??= []).push({ ...object, metadata: { creationTimestamp: ago(120), uid: `uid-${++uid}`, ...object.metadata } } as KubeObject);
    return this;
  }

  namespace(name: string, extra: Json = {}): this {
    this.add('Namespace', { metadata: { name }, status: { phase: 'Active' }, ...extra });
    return this.add('ServiceAccount', { metadata: { name: 'default', namespace: name } });
  }

  node(name: string, extra: { ready?: 'True' | 'False' | 'Unknown'; unschedulable?: boolean; taints?: Json[]; labels?: Record<string, string>; conditions?: Json[] } = {}): this {
    return this.add('Node', {
      metadata: { name, labels: { 'kubernetes.io/hostname': name, ...extra.labels } },
      spec: { ...(extra.unschedulable ? { unschedulable: true } : {}), ...(extra.taints ? { taints: extra.taints } : {}) },
      status: {
        allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
        conditions: [
          { type: 'Ready', status: extra.ready ?? 'True', reason: extra.ready === 'False' ? 'KubeletNotReady' : 'KubeletReady', message: extra.ready === 'False' ? 'container runtime is down' : 'kubelet is posting ready status', lastTransitionTime: ago(30) },
          ...(extra.conditions ?? []),
        ],
      },
    });
  }

  pod(namespace: string, name: string, options: PodOptions = {}): this {
    const ownerReferences = options.owner ? [{ apiVersion: 'apps/v1', kind: options.owner.kind, name: options.owner.name, uid: `uid-${options.owner.name}`, controller: true }] : undefined;
    const state = options.state ?? 'running';
    const scheduled = state !== 'unschedulable' && state !== 'gated';
    return this.add('Pod', {
      metadata: {
        name,
        namespace,
        labels: options.labels ?? {},
        ...(ownerReferences ? { ownerReferences } : {}),
        ...(options.deleted ? { deletionTimestamp: options.deleted } : {}),
        ...(options.finalizers ? { finalizers: options.finalizers } : {}),
      },
      spec: {
        containers: [{ name: 'app', image: 'registry.example/app:1.0', resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
        ...(scheduled ? { nodeName: options.node ?? 'node-1' } : {}),
        ...(state === 'gated' ? { schedulingGates: [{ name: 'example.com/quota' }] } : {}),
        ...options.spec,
      },
      status: podStatus(state),
    });
  }

  /** A Deployment with its ReplicaSet and `replicas` pods in `state` (ready counts follow). */
  deployment(namespace: string, name: string, options: { replicas?: number; state?: PodState; spec?: Json; podSpec?: Json; labels?: Record<string, string> } = {}): this {
    const replicas = options.replicas ?? 2;
    const labels = options.labels ?? { app: name };
    const state = options.state ?? 'running';
    const readyPods = state === 'running' || state === 'restarting' ? replicas : 0;
    const rs = `${name}-5d9f7c`;
    this.add('Deployment', {
      metadata: { name, namespace, generation: 1 },
      spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0', resources: { requests: { cpu: '100m' } } }], ...options.podSpec } }, ...options.spec },
      status: {
        observedGeneration: 1,
        replicas,
        readyReplicas: readyPods,
        availableReplicas: readyPods,
        updatedReplicas: replicas,
        conditions: [
          { type: 'Available', status: readyPods >= replicas ? 'True' : 'False', reason: readyPods >= replicas ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', lastUpdateTime: ago(60), lastTransitionTime: ago(60) },
          { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', lastUpdateTime: ago(60), lastTransitionTime: ago(60) },
        ],
      },
    });
    this.add('ReplicaSet', {
      metadata: { name: rs, namespace, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: `uid-${name}`, controller: true }] },
      spec: { replicas, selector: { matchLabels: labels } },
      status: { replicas, readyReplicas: readyPods },
    });
    for (let i = 0; i < replicas; i++) {
      this.pod(namespace, `${rs}-${String.fromCharCode(97 + (i % 26))}${i}`, { state, labels, owner: { kind: 'ReplicaSet', name: rs }, node: `node-${(i % 3) + 1}`, ...(options.podSpec ? { spec: options.podSpec } : {}) });
    }
    return this;
  }

  service(namespace: string, name: string, selector: Record<string, string> | undefined, ports: Json[] = [{ name: 'http', port: 80, targetPort: 8080 }]): this {
    return this.add('Service', { metadata: { name, namespace }, spec: { type: 'ClusterIP', ...(selector ? { selector } : {}), ports } });
  }

  event(namespace: string, involved: { kind: string; name: string; namespace?: string }, reason: string, message: string, extra: { type?: string; count?: number; minutesAgo?: number } = {}): this {
    const n = (this.objects['Event']?.length ?? 0) + 1;
    return this.add('Event', {
      metadata: { name: `${involved.name}.${n}`, namespace },
      type: extra.type ?? 'Warning',
      reason,
      message,
      count: extra.count ?? 1,
      lastTimestamp: ago(extra.minutesAgo ?? 1),
      involvedObject: { kind: involved.kind, name: involved.name, ...(involved.kind === 'Node' ? {} : { namespace: involved.namespace ?? namespace }) },
    });
  }

  /** A copy of the objects (for tests that mutate one builder into variants). */
  build(): Record<string, KubeObject[]> {
    return Object.fromEntries(Object.entries(this.objects).map(([k, v]) => [k, [...v]]));
  }
}

/**
 * A healthy small cluster: 3 nodes, namespace `shop` with a Deployment behind a Service and
 * an Ingress, a StatefulSet with its headless Service and storage, a DaemonSet, a completed
 * Job, a CronJob that succeeds, an HPA, a PDB, a NetworkPolicy, a quota with room, a bound
 * PVC. No detector should report a critical or warning finding.
 */
export function healthyCluster(): ClusterBuilder {
  const b = new ClusterBuilder();
  for (const n of ['node-1', 'node-2', 'node-3']) b.node(n);
  b.namespace('shop').namespace('kube-system');
  b.add('ConfigMap', { metadata: { name: 'web-config', namespace: 'shop' }, data: { LOG_LEVEL: 'info' } });
  b.add('Secret', { metadata: { name: 'db-creds', namespace: 'shop' }, type: 'Opaque', dataKeys: ['password'] });
  b.add('Secret', { metadata: { name: 'shop-tls', namespace: 'shop' }, type: 'kubernetes.io/tls', dataKeys: ['tls.crt', 'tls.key'] });
  b.deployment('shop', 'web', {
    replicas: 3,
    podSpec: {
      containers: [
        {
          name: 'app',
          image: 'registry.example/web:1.0',
          resources: { requests: { cpu: '100m', memory: '128Mi' } },
          env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password' } } }],
          envFrom: [{ configMapRef: { name: 'web-config' } }],
        },
      ],
    },
  });
  b.service('shop', 'web', { app: 'web' });
  b.add('IngressClass', { metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } });
  b.add('Ingress', {
    metadata: { name: 'shop', namespace: 'shop' },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example'], secretName: 'shop-tls' }],
      rules: [{ host: 'shop.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }],
    },
  });
  b.add('StorageClass', { metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'example.com/disk', volumeBindingMode: 'Immediate' });
  b.add('StatefulSet', {
    metadata: { name: 'db', namespace: 'shop' },
    spec: { replicas: 1, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } } }, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: 'standard' } }] },
    status: { replicas: 1, readyReplicas: 1 },
  });
  b.service('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
  b.pod('shop', 'db-0', { labels: { app: 'db' }, owner: { kind: 'StatefulSet', name: 'db' }, spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }] } });
  b.add('PersistentVolumeClaim', { metadata: { name: 'data-db-0', namespace: 'shop' }, spec: { storageClassName: 'standard', volumeName: 'pv-1' }, status: { phase: 'Bound' } });
  b.add('PersistentVolume', { metadata: { name: 'pv-1' }, spec: { storageClassName: 'standard', claimRef: { namespace: 'shop', name: 'data-db-0' } }, status: { phase: 'Bound' } });
  b.add('DaemonSet', { metadata: { name: 'log-agent', namespace: 'kube-system' }, spec: { selector: { matchLabels: { app: 'log-agent' } } }, status: { desiredNumberScheduled: 3, numberReady: 3, numberAvailable: 3 } });
  b.add('Job', { metadata: { name: 'migrate', namespace: 'shop' }, spec: { backoffLimit: 2 }, status: { succeeded: 1, conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: ago(90) }] } });
  b.add('CronJob', { metadata: { name: 'report', namespace: 'shop', creationTimestamp: ago(3 * 24 * 60) }, spec: { schedule: '0 * * * *' }, status: { lastScheduleTime: ago(0), lastSuccessfulTime: ago(0) } });
  b.add('HorizontalPodAutoscaler', {
    metadata: { name: 'web', namespace: 'shop' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu' } }] },
    status: {
      currentReplicas: 3,
      desiredReplicas: 3,
      conditions: [
        { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' },
        { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
        { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange' },
      ],
    },
  });
  b.add('PodDisruptionBudget', { metadata: { name: 'web', namespace: 'shop' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } }, status: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 } });
  b.add('NetworkPolicy', { metadata: { name: 'web', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] } });
  b.add('ResourceQuota', { metadata: { name: 'compute', namespace: 'shop' }, spec: { hard: { pods: '50' } }, status: { hard: { pods: '50', 'requests.cpu': '10' }, used: { pods: '5', 'requests.cpu': '600m' } } });
  b.event('shop', { kind: 'Pod', name: 'web-5d9f7c-a0' }, 'Pulled', 'Successfully pulled image', { type: 'Normal' });
  return b;
}
