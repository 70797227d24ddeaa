// The peer side of the diagnosis benchmark: for each scenario namespace, the calls an agent of
// kubernetes-mcp-server or mcp-server-kubernetes can make without knowing the answer ("blind":
// lists and events of the namespace, no object named), and the cheapest set of them whose output
// holds the evidence: a text naming the expected object and a text with the root-cause words.
// Raw evidence somewhere in the output is a generous test for the peers: it is not a diagnosis.
import { installPeers } from './peer-install.mjs';
import { benchServers } from './peer-servers.mjs';
import { connectServer, timedCall } from './peer-client.mjs';
import { evidenceIn } from '../../libs/testing/dist/diagnosis/score-diagnosis.js';

const call = (name, args) => ({ name, arguments: args });

/** Namespaced kinds an agent lists to look around a namespace, as apiVersion/kind and kubectl resource. */
const KINDS = [
  ['apps/v1', 'Deployment', 'deployments'],
  ['apps/v1', 'StatefulSet', 'statefulsets'],
  ['batch/v1', 'Job', 'jobs'],
  ['batch/v1', 'CronJob', 'cronjobs'],
  ['v1', 'Service', 'services'],
  ['discovery.k8s.io/v1', 'EndpointSlice', 'endpointslices'],
  ['networking.k8s.io/v1', 'Ingress', 'ingresses'],
  ['networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies'],
  ['v1', 'PersistentVolumeClaim', 'persistentvolumeclaims'],
  ['v1', 'ConfigMap', 'configmaps'],
  ['v1', 'ResourceQuota', 'resourcequotas'],
  ['rbac.authorization.k8s.io/v1', 'Role', 'roles'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding', 'rolebindings'],
];
/** Cluster-scoped kinds a scenario may break (a too small volume, a webhook). */
const CLUSTER_KINDS = [
  ['v1', 'PersistentVolume', 'persistentvolumes'],
  ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations'],
];

/** The blind calls of one peer for namespace `ns`. */
function blindCalls(kind, ns) {
  if (kind === 'go') {
    return [
      call('pods_list_in_namespace', { namespace: ns }),
      call('events_list', { namespace: ns }),
      ...KINDS.map(([apiVersion, k]) => call('resources_list', { apiVersion, kind: k, namespace: ns })),
      ...CLUSTER_KINDS.map(([apiVersion, k]) => call('resources_list', { apiVersion, kind: k })),
    ];
  }
  return [
    call('kubectl_get', { resourceType: 'pods', namespace: ns }),
    call('kubectl_get', { resourceType: 'events', namespace: ns }),
    ...KINDS.map(([, , resource]) => call('kubectl_get', { resourceType: resource, namespace: ns })),
    ...CLUSTER_KINDS.map(([, , resource]) => call('kubectl_get', { resourceType: resource })),
  ];
}

/**
 * The cheapest pair of answers (one may serve both) holding an object-naming text and a cause
 * text: `{ found, bytes, calls }`; without one, `found: false` and the bytes of every answer (what
 * an agent reads in vain).
 */
export function cheapestEvidence(answers, scenario) {
  const usable = answers.filter((a) => !a.isError);
  const { object, cause } = evidenceIn(
    usable.map((a) => a.text),
    scenario,
  );
  let best;
  usable.forEach((a, i) => {
    if (!cause[i]) return;
    usable.forEach((b, j) => {
      if (!object[j]) return;
      const bytes = i === j ? a.textBytes : a.textBytes + b.textBytes;
      if (!best || bytes < best.bytes) best = { found: true, bytes, calls: i === j ? [a.label] : [a.label, b.label] };
    });
  });
  return best ?? { found: false, bytes: usable.reduce((n, a) => n + a.textBytes, 0), calls: usable.map((a) => a.label) };
}

/**
 * Installs and starts each peer against `kubeconfig` and answers every scenario's namespace
 * question with its blind calls. Returns one row per peer: `{ server, scenarios: [{ id, found,
 * bytes, calls }] }`.
 */
export async function measurePeers(scenarios, { kubeconfig, kubectl, log }) {
  const peersDir = installPeers({ log });
  const peers = benchServers({ kubeconfig, kubectl, peersDir, httpPort: 0 }).filter((s) => !s.ours);
  const rows = [];
  for (const server of peers) {
    const kind = server.id.startsWith('kubernetes-mcp-server') ? 'go' : 'kubectl';
    log(`diagnosis: asking ${server.id}`);
    const conn = await connectServer(server);
    const row = { server: server.id, scenarios: [] };
    try {
      for (const s of scenarios) {
        const answers = [];
        for (const c of blindCalls(kind, s.namespace)) {
          const r = await timedCall(conn.client, c);
          answers.push({ label: `${c.name} ${JSON.stringify(c.arguments)}`, isError: r.isError, text: r.text, textBytes: r.textBytes });
        }
        row.scenarios.push({ id: s.id, ...cheapestEvidence(answers, s) });
      }
    } finally {
      await conn.close();
    }
    rows.push(row);
  }
  return rows;
}
