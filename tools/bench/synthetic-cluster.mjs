// A synthetic but realistic cluster for benchmarks: namespaces of apps, each a Deployment (or a
// StatefulSet) with its ReplicaSets, Pods, Service, EndpointSlice, ConfigMaps, Secrets,
// ServiceAccount and Events, some with an HPA, PDB, NetworkPolicy, Ingress and PVCs on PVs; plus
// Nodes, StorageClasses, PriorityClasses, an IngressClass and RBAC. Deterministic for a seed.

/** mulberry32 */
export function createRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (xs) => xs[Math.floor(next() * xs.length)], chance: (p) => next() < p };
}

let rv = 0;
const meta = (name, namespace, extra = {}) => ({
  name,
  ...(namespace ? { namespace } : {}),
  uid: `uid-${++rv}`,
  resourceVersion: String(rv),
  creationTimestamp: '2024-05-01T10:00:00Z',
  ...extra,
});
const owner = (kind, name, apiVersion = 'apps/v1') => [{ apiVersion, kind, name, uid: `uid-${kind}-${name}`, controller: true, blockOwnerDeletion: true }];

/** Pod status of a healthy pod (or, rarely, a crash-looping one). */
function podStatus(r) {
  const crash = r.chance(0.02);
  return {
    phase: 'Running',
    podIP: `10.${r.int(250)}.${r.int(250)}.${r.int(250)}`,
    conditions: [{ type: 'Ready', status: crash ? 'False' : 'True' }],
    containerStatuses: [
      {
        name: 'app',
        ready: !crash,
        restartCount: crash ? 5 + r.int(20) : r.int(2),
        image: 'registry.example/app:1.0',
        state: crash ? { waiting: { reason: 'CrashLoopBackOff' } } : { running: { startedAt: '2024-05-01T10:01:00Z' } },
      },
    ],
  };
}

/** The Pod object of app `app` in `ns`. */
export function makePod(r, ns, app, name, ownerRefs, nodes, opts) {
  const volumes = [
    { name: 'config', configMap: { name: `${app}-config` } },
    {
      name: 'kube-api-access',
      projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }] },
    },
  ];
  if (opts.claim) volumes.push({ name: 'data', persistentVolumeClaim: { claimName: opts.claim } });
  return {
    kind: 'Pod',
    object: {
      metadata: meta(name, ns, { labels: { app, 'pod-template-hash': 'abc123' }, ownerReferences: ownerRefs }),
      spec: {
        nodeName: r.pick(nodes),
        serviceAccountName: app,
        priorityClassName: r.chance(0.2) ? 'high' : undefined,
        containers: [
          {
            name: 'app',
            image: 'registry.example/app:1.0',
            ports: [{ containerPort: 8080 }],
            env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${app}-db`, key: 'password' } } }],
            envFrom: [{ configMapRef: { name: r.chance(0.01) ? `${app}-missing` : `${app}-env`, optional: r.chance(0.1) } }],
            resources: { requests: { cpu: '100m', memory: '128Mi' } },
          },
        ],
        volumes,
        imagePullSecrets: [{ name: 'registry' }],
      },
      status: podStatus(r),
    },
  };
}

function app(r, ns, index, nodes, out) {
  const name = `app-${index}`;
  const replicas = 1 + r.int(5);
  const stateful = r.chance(0.15);
  const push = (kind, object) => out.push({ kind, object });
  push('ConfigMap', { metadata: meta(`${name}-config`, ns), data: { 'app.yaml': 'x: 1' } });
  push('ConfigMap', { metadata: meta(`${name}-env`, ns), data: { MODE: 'prod' } });
  push('Secret', { metadata: meta(`${name}-db`, ns), type: 'Opaque' });
  push('ServiceAccount', { metadata: meta(name, ns) });
  push('Service', { metadata: meta(name, ns), spec: { type: 'ClusterIP', selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] } });
  const pods = [];
  if (stateful) {
    push('StatefulSet', {
      metadata: meta(name, ns, { labels: { app: name } }),
      spec: { replicas, serviceName: name, selector: { matchLabels: { app: name } }, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: 'fast' } }] },
      status: { replicas, readyReplicas: replicas },
    });
    for (let i = 0; i < replicas; i += 1) {
      const claim = `data-${name}-${i}`;
      push('PersistentVolumeClaim', { metadata: meta(claim, ns), spec: { storageClassName: 'fast', volumeName: `pv-${ns}-${claim}` }, status: { phase: 'Bound' } });
      push('PersistentVolume', { metadata: meta(`pv-${ns}-${claim}`), spec: { storageClassName: 'fast', claimRef: { namespace: ns, name: claim } }, status: { phase: 'Bound' } });
      pods.push(makePod(r, ns, name, `${name}-${i}`, owner('StatefulSet', name), nodes, { claim }));
    }
  } else {
    push('Deployment', { metadata: meta(name, ns, { labels: { app: name } }), spec: { replicas, selector: { matchLabels: { app: name } } }, status: { readyReplicas: replicas, updatedReplicas: replicas } });
    push('ReplicaSet', { metadata: meta(`${name}-abc123`, ns, { ownerReferences: owner('Deployment', name) }), spec: { replicas }, status: { readyReplicas: replicas } });
    push('ReplicaSet', { metadata: meta(`${name}-old999`, ns, { ownerReferences: owner('Deployment', name) }), spec: { replicas: 0 }, status: {} });
    for (let i = 0; i < replicas; i += 1) pods.push(makePod(r, ns, name, `${name}-abc123-${i}x${r.int(1e6)}`, owner('ReplicaSet', `${name}-abc123`), nodes, {}));
  }
  for (const p of pods) out.push(p);
  push('EndpointSlice', {
    metadata: meta(`${name}-es1`, ns, { labels: { 'kubernetes.io/service-name': name }, ownerReferences: owner('Service', name, 'v1') }),
    endpoints: pods.map((p) => ({ addresses: [p.object.status.podIP], conditions: { ready: true }, targetRef: { kind: 'Pod', namespace: ns, name: p.object.metadata.name } })),
  });
  if (r.chance(0.5)) {
    push('HorizontalPodAutoscaler', {
      metadata: meta(name, ns),
      spec: { scaleTargetRef: { kind: stateful ? 'StatefulSet' : 'Deployment', name }, minReplicas: 1, maxReplicas: 10 },
      status: { currentReplicas: replicas, desiredReplicas: replicas },
    });
  }
  if (r.chance(0.5)) push('PodDisruptionBudget', { metadata: meta(name, ns), spec: { minAvailable: 1, selector: { matchLabels: { app: name } } } });
  if (r.chance(0.4)) {
    push('NetworkPolicy', {
      metadata: meta(name, ns),
      spec: {
        podSelector: { matchLabels: { app: name } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: `app-${r.int(index + 1)}` } } }, { namespaceSelector: { matchLabels: { monitoring: 'true' } } }], ports: [{ port: 8080 }] }],
      },
    });
  }
  if (r.chance(0.3)) {
    push('Ingress', {
      metadata: meta(name, ns),
      spec: { ingressClassName: 'nginx', tls: [{ secretName: `${name}-tls` }], rules: [{ host: `${name}.example.com`, http: { paths: [{ path: '/', backend: { service: { name, port: { number: 80 } } } }] } }] },
    });
    push('Secret', { metadata: meta(`${name}-tls`, ns), type: 'kubernetes.io/tls' });
  }
  for (const p of pods.slice(0, 2)) {
    push('Event', {
      metadata: meta(`${p.object.metadata.name}.${r.int(1e9).toString(16)}`, ns),
      involvedObject: { kind: 'Pod', namespace: ns, name: p.object.metadata.name },
      type: r.chance(0.2) ? 'Warning' : 'Normal',
      reason: 'Started',
      count: 1 + r.int(3),
    });
  }
}

/** About `total` objects (exactly `total`, truncated), deterministic for `seed`. */
export function syntheticCluster(total, seed = 1) {
  const r = createRandom(seed);
  rv = 0;
  const out = [];
  const nodeCount = Math.max(3, Math.round(total / 120));
  const nodes = Array.from({ length: nodeCount }, (_, i) => `node-${i}`);
  for (const n of nodes) {
    out.push({ kind: 'Node', object: { metadata: meta(n, undefined, { labels: { 'kubernetes.io/hostname': n } }), spec: {}, status: { conditions: [{ type: 'Ready', status: 'True' }] } } });
  }
  for (const sc of ['standard', 'fast']) out.push({ kind: 'StorageClass', object: { metadata: meta(sc), provisioner: 'example.com/csi' } });
  for (const pc of ['high', 'low']) out.push({ kind: 'PriorityClass', object: { metadata: meta(pc), value: 1000 } });
  out.push({ kind: 'IngressClass', object: { metadata: meta('nginx'), spec: { controller: 'k8s.io/ingress-nginx' } } });
  out.push({ kind: 'ClusterRole', object: { metadata: meta('view') } });
  let namespaceIndex = 0;
  while (out.length < total) {
    const ns = `team-${namespaceIndex}`;
    namespaceIndex += 1;
    out.push({ kind: 'Namespace', object: { metadata: meta(ns, undefined, { labels: { 'kubernetes.io/metadata.name': ns, monitoring: String(namespaceIndex % 10 === 0) } }), status: { phase: 'Active' } } });
    out.push({ kind: 'ConfigMap', object: { metadata: meta('kube-root-ca.crt', ns), data: { 'ca.crt': '...' } } });
    out.push({ kind: 'ServiceAccount', object: { metadata: meta('default', ns) } });
    out.push({ kind: 'Secret', object: { metadata: meta('registry', ns), type: 'kubernetes.io/dockerconfigjson' } });
    out.push({
      kind: 'RoleBinding',
      object: { metadata: meta('viewers', ns), roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: ns }] },
    });
    for (let i = 0; i < 10 && out.length < total; i += 1) app(r, ns, i, nodes, out);
  }
  return out.slice(0, total);
}
