// The benchmarks' private control plane and its population: kwok fake nodes and N bare pods
// spread over NAMESPACES namespaces, 1 in `failureEvery` of them failing through a kwok failure
// stage. Shared by sync-bench.mjs and peer-bench.mjs so both measure the same cluster; the plane
// lives in ~/.cache/k8s-mcp/cp-bench with ports shifted by 2000, away from the test plane.
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { createKubeTransport } from '@k8s-mcp/k8s-client';

const CP = fileURLToPath(new URL('../control-plane/cp.sh', import.meta.url));

/** Writes one line to stdout. */
export const out = (line) => process.stdout.write(`${line}\n`);
/** Resolves after `ms`. */
export const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** Namespaces the bench pods are spread over: bench-0 ... bench-9 (pod i lives in bench-(i % 10)). */
export const NAMESPACES = 10;
const PODS_PER_NODE = 250;
/** Failure modes given, in turn, to the failing bench pods (kwok stages in tools/control-plane/kwok). */
const FAILURES = ['crashloop', 'imagepull', 'oomkilled', 'unready'];

/**
 * A private control plane driven through cp.sh: its own state folder under ~/.cache/k8s-mcp,
 * ports shifted by `offset`, `nodes` kwok nodes at start. Returns `env` (what cp.sh sees),
 * `cp(args)` (cp.sh's stdout; throws when it fails) and `start()` (idempotent; returns
 * `cp.sh env` as an object: CP_KUBECONFIG, CP_KUBECTL, ...).
 */
export function privatePlane({ name, offset, nodes = 2 }) {
  const env = {
    ...process.env,
    K8S_MCP_CP_DIR: join(homedir(), '.cache', 'k8s-mcp', name),
    K8S_MCP_CP_PORT_OFFSET: String(offset),
    K8S_MCP_CP_NODES: String(nodes),
  };
  const cp = (args) => {
    const r = spawnSync('bash', [CP, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`${name}: cp.sh ${args.join(' ')} exited ${r.status}`);
    return r.stdout;
  };
  const start = () => {
    out(`bench: starting a private control plane (${env.K8S_MCP_CP_DIR})`);
    cp(['start']);
    return Object.fromEntries(
      cp(['env'])
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
  };
  return { env, cp, start };
}

const BENCH_PLANE = privatePlane({ name: 'cp-bench', offset: 2000 });
/** Runs `cp.sh <args>` for the bench plane (sync and peer benchmarks); returns its stdout. */
export const cp = BENCH_PLANE.cp;
/** Starts the bench plane (idempotent) and returns `cp.sh env` as an object. */
export const startPlane = BENCH_PLANE.start;

/** A k8s-mcp transport for a kubeconfig file. */
export function transportFor(kubeconfig) {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  return createKubeTransport(kc);
}

/** Runs `fn` over `items` with at most `limit` in flight, retrying transient failures; returns the number of failures. */
export async function pool(items, limit, fn) {
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      for (let attempt = 0; ; attempt++) {
        try {
          await fn(item);
          break;
        } catch (error) {
          if (error?.code === 'CONFLICT' || attempt >= 5) {
            if (error?.code !== 'CONFLICT') failures += 1;
            break;
          }
          await pause(200 * (attempt + 1));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return failures;
}

const nodeManifest = (i) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: `bench-node-${i}`,
    annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
    labels: { type: 'kwok', 'kubernetes.io/hostname': `bench-node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 3}` },
  },
  status: {
    allocatable: { cpu: '64', memory: '256Gi', pods: String(PODS_PER_NODE + 10) },
    capacity: { cpu: '64', memory: '256Gi', pods: String(PODS_PER_NODE + 10) },
  },
});

/** The failure mode of bench pod `i`, or undefined when it is healthy (1 in `failureEvery` fails). */
export function benchFailure(i, failureEvery) {
  if (!failureEvery || i % failureEvery !== failureEvery - 1) return undefined;
  return FAILURES[Math.floor(i / failureEvery) % FAILURES.length];
}

const podManifest = (i, failureEvery) => {
  const failure = benchFailure(i, failureEvery);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `bench-${i}`,
      labels: { app: `app-${i % 50}`, tier: i % 2 ? 'web' : 'worker', ...(failure ? { 'k8s-mcp.io/failure': failure } : {}) },
    },
    spec: {
      containers: [
        {
          name: 'app',
          image: `registry.example/app-${i % 50}:1.${i % 7}`,
          ports: [{ containerPort: 8080, name: 'http' }],
          env: [{ name: 'LOG_LEVEL', value: 'info' }],
          resources: { requests: { cpu: '10m', memory: '16Mi' } },
        },
      ],
    },
  };
};

/** Names of the bench pods, and how many kwok has started (or, for image-pull failures, placed). */
async function podCensus(transport) {
  const names = new Set();
  let started = 0;
  let token;
  do {
    const page = await transport.json({ path: '/api/v1/pods', query: { limit: 5000, continue: token }, timeoutMs: 120_000 });
    for (const p of page.items) {
      if (!p.metadata.namespace.startsWith('bench-')) continue; // other scenarios may stay Pending on purpose
      names.add(p.metadata.name);
      // Image-pull failures stay Pending on their node.
      if (p.spec?.nodeName && (p.status?.phase !== 'Pending' || p.metadata.labels?.['k8s-mcp.io/failure'])) started += 1;
    }
    token = page.metadata?.continue || undefined;
  } while (token);
  return { names, started };
}

/** Creates the bench namespaces (idempotent) and waits for their default service accounts. */
export async function createBenchNamespaces(transport) {
  for (let i = 0; i < NAMESPACES; i++) {
    await transport.json({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: `bench-${i}` } } }).catch(() => undefined);
  }
  for (let i = 0; i < NAMESPACES; i++) {
    while (!(await transport.json({ path: `/api/v1/namespaces/bench-${i}/serviceaccounts/default` }).catch(() => undefined))) await pause(250);
  }
}

/**
 * Brings the cluster to `pods` started bench pods, creating only the missing ones, so a kept
 * plane (--keep) is reused. Under heavy load kwok may miss node heartbeats and the node
 * controller then evicts pods: missing ones are created again until all have started.
 * Options: `failureEvery` (0 = no failing pods).
 */
export async function populate(transport, pods, { failureEvery = 0 } = {}) {
  await createBenchNamespaces(transport);
  const nodes = Math.max(2, Math.ceil(pods / PODS_PER_NODE));
  const t0 = performance.now();
  await pool(Array.from({ length: nodes }, (_, i) => i), 16, (i) =>
    transport.json({ method: 'POST', path: '/api/v1/nodes', body: nodeManifest(i) }),
  );
  const deadline = Date.now() + 30 * 60_000;
  let created = 0;
  for (;;) {
    // A busy API server may drop a long list; just count again.
    const census = await podCensus(transport).catch(() => undefined);
    if (census) {
      const missing = [];
      for (let i = 0; i < pods; i++) if (!census.names.has(`bench-${i}`)) missing.push(i);
      if (missing.length === 0 && census.started >= census.names.size) break;
      if (missing.length > 0) {
        const failures = await pool(missing, 48, (i) =>
          transport.json({ method: 'POST', path: `/api/v1/namespaces/bench-${i % NAMESPACES}/pods`, body: podManifest(i, failureEvery) }),
        );
        created += missing.length - failures;
        out(`  created ${missing.length - failures} pods (${failures} failures) at ${((performance.now() - t0) / 1000).toFixed(0)} s`);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`bench-plane: only ${census.started} of ${census.names.size} pods started`);
    }
    await pause(5_000);
  }
  out(`  ${nodes} nodes; ${created} pods created; all ${pods} started after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
