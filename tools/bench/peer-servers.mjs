// The servers the peer benchmark compares, how each is started, and how each asks the same
// questions with its own tools. Peer versions are pinned here and installed by peer-install.mjs.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Pinned peer versions (npm). */
export const PEER_VERSIONS = { 'kubernetes-mcp-server': '0.0.67', 'mcp-server-kubernetes': '4.1.7' };

/** The namespace whose planted problems the "what is wrong in namespace X" question must name. */
export const QUESTION_NAMESPACE = 'shop';

/**
 * The planted problems of namespace shop (tools/demo/scenario/20-shop.yaml; docs/demo-cluster.md
 * problems 1-5). A problem is named when, for every group, at least one of its words appears in
 * the answers: the broken object and the symptom or missing thing. Presence of the words is a
 * generous test for the peers: raw output names the evidence, it does not diagnose it.
 */
export const PLANTED = [
  { id: 'checkout crash-loops', words: [['checkout'], ['CrashLoopBackOff']] },
  { id: 'Secret checkout-db-credentials missing', words: [['checkout-db-credentials']] },
  { id: 'payments cannot pull its image', words: [['payments'], ['ImagePullBackOff', 'ErrImagePull']] },
  { id: 'Service search-legacy selects nothing', words: [['search-legacy'], ['search-v1']] },
  { id: 'Ingress admin: TLS Secret admin-tls missing', words: [['admin-tls']] },
  { id: 'HPA recommendations: target missing', words: [['recommendations'], ['FailedGetScale', 'not found', 'recommendations" not found']] },
];

/** Ids of the planted problems that `text` names. */
export function namedProblems(text) {
  return PLANTED.filter((p) => p.words.every((group) => group.some((w) => text.includes(w)))).map((p) => p.id);
}

const call = (name, args) => ({ name, arguments: args });
const ns = QUESTION_NAMESPACE;

/**
 * The four timed operations and the namespace question, per server. `target` is one healthy
 * bench pod `{ namespace, name }`; `listNamespace` the namespace whose pods are listed.
 */
const OURS = {
  listPods: (n) => call('k8s-get-pods', { namespace: n }),
  getPod: (t) => call('k8s-get-resource', { kind: 'Pod', namespace: t.namespace, name: t.name }),
  warningEvents: () => call('k8s-get-events', { all_namespaces: true, type: 'Warning' }),
  logTail: (t) => call('k8s-get-logs', { namespace: t.namespace, name: t.name, tail_lines: 100 }),
  // Candidate calls (each summary capped at MAX_SUMMARY_SIZE_KB, 10 KB); the cheapest set that names every problem counts.
  question: [
    call('k8s-cluster-summary', { summary_type: 'namespace', namespace: ns }),
    call('k8s-cluster-summary', { summary_type: 'anomalies', namespace: ns }),
  ],
  clusterQuestion: [call('k8s-cluster-summary', { summary_type: 'anomalies' })],
  summary: call('k8s-cluster-summary', { summary_type: 'anomalies' }),
  // Lists say where they were served from; until the initial sync is done it is the live API.
  cacheServed: (text) => text.includes('source: watch cache'),
};

const goList = (apiVersion, kind) => call('resources_list', { apiVersion, kind, namespace: ns });
const GO = {
  listPods: (n) => call('pods_list_in_namespace', { namespace: n }),
  getPod: (t) => call('pods_get', { namespace: t.namespace, name: t.name }),
  warningEvents: () => call('events_list', { fieldSelector: 'type=Warning' }),
  logTail: (t) => call('pods_log', { namespace: t.namespace, name: t.name, tail: 100 }),
  // Candidate calls; the benchmark picks the cheapest set that names every problem.
  question: [
    call('pods_list_in_namespace', { namespace: ns }),
    call('events_list', { namespace: ns }),
    goList('apps/v1', 'Deployment'),
    call('resources_get', { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'checkout' }),
    goList('v1', 'Service'),
    goList('discovery.k8s.io/v1', 'EndpointSlice'),
    goList('networking.k8s.io/v1', 'Ingress'),
    call('resources_get', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace: ns, name: 'admin' }),
    call('resources_get', { apiVersion: 'v1', kind: 'Service', namespace: ns, name: 'search-legacy' }),
    goList('autoscaling/v2', 'HorizontalPodAutoscaler'),
    call('resources_get', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace: ns, name: 'recommendations' }),
  ],
  clusterQuestion: [call('pods_list', {}), call('events_list', { fieldSelector: 'type=Warning' })],
};

const kget = (resourceType, extra = {}) => call('kubectl_get', { resourceType, namespace: ns, ...extra });
const KUBECTL = {
  listPods: (n) => call('kubectl_get', { resourceType: 'pods', namespace: n }),
  getPod: (t) => call('kubectl_get', { resourceType: 'pods', namespace: t.namespace, name: t.name }),
  warningEvents: () => call('kubectl_get', { resourceType: 'events', allNamespaces: true, fieldSelector: 'type=Warning' }),
  logTail: (t) => call('kubectl_logs', { resourceType: 'pod', namespace: t.namespace, name: t.name, tail: 100 }),
  question: [
    kget('pods'),
    kget('pods', { output: 'wide' }),
    kget('events'),
    kget('deployments'),
    kget('deployments', { output: 'wide' }),
    kget('deployments', { name: 'checkout' }),
    call('kubectl_describe', { resourceType: 'deployment', namespace: ns, name: 'checkout' }),
    kget('services'),
    kget('services', { output: 'wide' }),
    kget('endpointslices'),
    kget('ingresses'),
    call('kubectl_describe', { resourceType: 'ingress', namespace: ns, name: 'admin' }),
    kget('hpa'),
    call('kubectl_describe', { resourceType: 'hpa', namespace: ns, name: 'recommendations' }),
  ],
  clusterQuestion: [
    call('kubectl_get', { resourceType: 'pods', allNamespaces: true }),
    call('kubectl_get', { resourceType: 'events', allNamespaces: true, fieldSelector: 'type=Warning' }),
  ],
};

/**
 * The servers, each started against `kubeconfig`: this project over stdio and over /mcp,
 * containers/kubernetes-mcp-server (its Linux binary from npm, read-only) and
 * mcp-server-kubernetes (read-only tools, using the kubectl built with the control plane).
 */
export function benchServers({ kubeconfig, kubectl, peersDir, httpPort }) {
  const ours = {
    K8S_AUDIT_ENABLED: 'false',
    KUBECONFIG_PATH: kubeconfig,
    K8S_NAMESPACE: 'default',
    LOG_LEVEL: 'WARNING',
  };
  const bin = join(peersDir, 'node_modules');
  return [
    {
      id: 'k8s-mcp (stdio)',
      ours: true,
      transport: 'stdio',
      command: process.execPath,
      args: [join(ROOT, 'apps/stdio-server/dist/main.js')],
      env: ours,
      ops: OURS,
    },
    {
      id: 'k8s-mcp (/mcp)',
      ours: true,
      transport: 'http',
      url: `http://127.0.0.1:${httpPort}/mcp`,
      command: process.execPath,
      args: [join(ROOT, 'apps/http-server/dist/main.js')],
      env: { ...ours, K8S_MCP_HOST: '127.0.0.1', K8S_MCP_PORT: String(httpPort) },
      ops: OURS,
    },
    {
      id: `kubernetes-mcp-server ${PEER_VERSIONS['kubernetes-mcp-server']}`,
      transport: 'stdio',
      command: join(bin, 'kubernetes-mcp-server-linux-amd64/bin/kubernetes-mcp-server-linux-amd64'),
      args: ['--kubeconfig', kubeconfig, '--read-only', '--disable-multi-cluster'],
      env: {},
      ops: GO,
    },
    {
      id: `mcp-server-kubernetes ${PEER_VERSIONS['mcp-server-kubernetes']}`,
      transport: 'stdio',
      command: process.execPath,
      args: [join(bin, 'mcp-server-kubernetes/dist/index.js')],
      env: { KUBECONFIG: kubeconfig, PATH: `${join(kubectl, '..')}:${process.env.PATH}`, ALLOW_ONLY_READONLY_TOOLS: 'true' },
      ops: KUBECTL,
    },
  ];
}
