// Random but reproducible clusters for the budget property test and the benchmark.
// Not part of the library build (tsconfig.lib.json excludes src/testing).
import type { KubeObject } from '@k8s-mcp/k8s-client';
import { ClusterBuilder, type PodState } from './fixtures.js';

/** A seeded PRNG (mulberry32): the same seed gives the same cluster. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options of {@link generateCluster}. */
export interface GenerateOptions {
  readonly seed: number;
  /** About this many pods. */
  readonly pods: number;
  /** Share of workloads planted with a problem (0..1). */
  readonly brokenRatio: number;
  /** Pods per Deployment, at most. Default 10. */
  readonly maxReplicas?: number;
}

/** A planted problem: the object it is planted on and the reason a summary should report. */
export interface PlantedProblem {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly reason: string;
}

const BROKEN_STATES: readonly PodState[] = ['crashloop', 'oomkilled', 'imagepull', 'configerror', 'unready', 'unschedulable'];
const WORDS = ['web', 'api', 'cart', 'søk', 'checkout', 'pay', '支付', 'auth', 'search', 'queue', 'worker', 'cache'];

/**
 * A cluster of about `pods` pods in Deployments (2..maxReplicas replicas) with Services, spread
 * over namespaces of ~200 pods, on nodes of ~50 pods; about `brokenRatio` of the Deployments are
 * planted with a problem (a pod failure state, a missing Secret, a Service selector typo), plus
 * a few cluster-level ones (a NotReady node, a PVC with a missing StorageClass, an HPA without
 * target). Names include non-ASCII words so byte budgets meet multibyte text.
 */
export function generateCluster(options: GenerateOptions): { objects: Record<string, KubeObject[]>; planted: PlantedProblem[] } {
  const rnd = random(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const b = new ClusterBuilder();
  const planted: PlantedProblem[] = [];
  const nodes = Math.max(3, Math.ceil(options.pods / 50));
  for (let i = 1; i <= nodes; i++) b.node(`node-${i}`);
  const namespaces = Math.max(1, Math.round(options.pods / 200));
  for (let n = 0; n < namespaces; n++) b.namespace(`ns-${n}`);
  let pods = 0;
  let d = 0;
  const maxReplicas = options.maxReplicas ?? 10;
  while (pods < options.pods) {
    const ns = `ns-${d % namespaces}`;
    const name = `${pick(WORDS)}-${d}`;
    const replicas = 2 + Math.floor(rnd() * (maxReplicas - 1));
    const broken = rnd() < options.brokenRatio;
    const mode = broken ? Math.floor(rnd() * (BROKEN_STATES.length + 2)) : -1;
    if (mode >= 0 && mode < BROKEN_STATES.length) {
      const state = BROKEN_STATES[mode] as PodState;
      b.deployment(ns, name, { replicas, state });
      planted.push({ kind: 'Deployment', namespace: ns, name, reason: state });
    } else if (mode === BROKEN_STATES.length) {
      b.deployment(ns, name, { replicas, podSpec: { containers: [{ name: 'app', image: 'registry.example/app:1.0', envFrom: [{ secretRef: { name: `${name}-creds` } }] }] } });
      planted.push({ kind: 'Deployment', namespace: ns, name, reason: 'MissingSecret' });
    } else {
      b.deployment(ns, name, { replicas });
    }
    if (mode === BROKEN_STATES.length + 1) {
      b.service(ns, name, { app: `${name}x` });
      planted.push({ kind: 'Service', namespace: ns, name, reason: 'NoMatchingPods' });
    } else {
      b.service(ns, name, { app: name });
    }
    pods += replicas;
    d += 1;
  }
  if (options.brokenRatio > 0) {
    b.node(`node-${nodes + 1}`, { ready: 'False' });
    planted.push({ kind: 'Node', name: `node-${nodes + 1}`, reason: 'NodeNotReady' });
    b.add('PersistentVolumeClaim', { metadata: { name: 'data', namespace: 'ns-0' }, spec: { storageClassName: 'gold' }, status: { phase: 'Pending' } });
    planted.push({ kind: 'PersistentVolumeClaim', namespace: 'ns-0', name: 'data', reason: 'MissingStorageClass' });
    b.add('HorizontalPodAutoscaler', { metadata: { name: 'ghost', namespace: 'ns-0' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'ghost' }, maxReplicas: 5 } });
    planted.push({ kind: 'HorizontalPodAutoscaler', namespace: 'ns-0', name: 'ghost', reason: 'MissingScaleTarget' });
  }
  return { objects: b.build(), planted };
}
