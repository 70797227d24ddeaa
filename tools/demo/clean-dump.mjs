// Turns the raw `kubectl get <kinds> -A -o json` List of the demo recording into the bundled
// demo snapshot: keeps only the demo's objects (its namespaces, the shared kwok nodes and the
// cluster-scoped objects labelled k8s-mcp.io/demo=true), strips what is noisy or must not be
// shipped (managedFields, last-applied annotations, Secret values, the machine's CA bundle, the
// recording host's name) and sorts the items so re-recordings diff well.
//
// Usage: node clean-dump.mjs <raw.json> <out.json> <namespace,...> <recorded-at ISO time>
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

const [rawPath, outPath, namespaceList, recordedAt] = process.argv.slice(2);
if (!rawPath || !outPath || !namespaceList || !recordedAt) {
  process.stderr.write('usage: node clean-dump.mjs <raw.json> <out.json> <namespace,...> <recorded-at>\n');
  process.exit(2);
}
const namespaces = new Set(namespaceList.split(','));
const DEMO_LABEL = 'k8s-mcp.io/demo';
const KIND_ORDER = [
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'IngressClass', 'ServiceAccount', 'Secret',
  'ConfigMap', 'ResourceQuota', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job',
  'Pod', 'Service', 'EndpointSlice', 'Ingress', 'PersistentVolumeClaim', 'HorizontalPodAutoscaler',
  'PodDisruptionBudget', 'NetworkPolicy', 'Event',
];

const raw = JSON.parse(readFileSync(rawPath, 'utf8'));

function keep(item) {
  const meta = item.metadata ?? {};
  if (meta.namespace !== undefined) return namespaces.has(meta.namespace);
  if (item.kind === 'Namespace') return namespaces.has(meta.name);
  // The shared plane's own nodes belong to the picture; other cluster-scoped objects only if ours.
  if (item.kind === 'Node' && /^kwok-node-\d+$/.test(meta.name)) return true;
  return meta.labels?.[DEMO_LABEL] === 'true';
}

// Components name their instance after the recording host (reportingInstance
// "default-scheduler-<host>"); only those fields are rewritten, never substrings elsewhere.
const host = hostname();
function scrubHost(item) {
  if (item.kind !== 'Event' || !host) return item;
  const rename = (value) =>
    value === host ? 'control-plane' : typeof value === 'string' && value.endsWith(`-${host}`) ? `${value.slice(0, -host.length)}control-plane` : value;
  const out = { ...item, reportingInstance: rename(item.reportingInstance) };
  if (out.reportingInstance === undefined) delete out.reportingInstance;
  if (item.source?.host !== undefined) out.source = { ...item.source, host: rename(item.source.host) };
  return out;
}

function clean(item) {
  const meta = { ...item.metadata };
  delete meta.managedFields;
  if (meta.annotations) {
    const annotations = { ...meta.annotations };
    delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
    if (Object.keys(annotations).length === 0) delete meta.annotations;
    else meta.annotations = annotations;
  }
  const out = { ...item, metadata: meta };
  if (item.kind === 'Secret') {
    for (const field of ['data', 'stringData']) {
      if (out[field]) {
        // The live cluster's placeholder, with the real size: "is the key set, is it empty?" stays answerable.
        out[field] = Object.fromEntries(
          Object.entries(out[field]).map(([k, v]) => [k, `<redacted: ${field === 'data' ? Buffer.from(v, 'base64').length : Buffer.byteLength(v)} bytes>`]),
        );
      }
    }
  }
  // The CA bundle is this machine's; keep the key so projected token volumes still resolve.
  if (item.kind === 'ConfigMap' && meta.name === 'kube-root-ca.crt' && out.data?.['ca.crt']) {
    out.data = { ...out.data, 'ca.crt': '-----BEGIN CERTIFICATE-----\n(demo: CA bundle of the recording cluster left out)\n-----END CERTIFICATE-----\n' };
  }
  return scrubHost(out);
}

function sortKey(item) {
  const rank = KIND_ORDER.indexOf(item.kind);
  return [String(rank === -1 ? 99 : rank).padStart(2, '0'), item.metadata.namespace ?? '', item.metadata.name].join('\u0000');
}

const items = raw.items.filter(keep).map(clean);
items.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));

const list = {
  apiVersion: 'v1',
  kind: 'List',
  metadata: {
    resourceVersion: '',
    annotations: {
      'k8s-mcp.io/recorded-at': recordedAt,
      'k8s-mcp.io/recorded-by': 'tools/demo/record-demo-cluster.sh',
    },
  },
  items,
};
writeFileSync(outPath, JSON.stringify(list, null, 1) + '\n');
const counts = {};
for (const item of items) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
process.stderr.write(`clean-dump: ${items.length} objects: ${JSON.stringify(counts)}\n`);
