// Summarizes the bundled demo snapshot (no cluster needed). From the repository root:
//   npx tsc -b libs/summary/tsconfig.lib.json && node libs/summary/examples/demo-summary.mjs [type] [format] [kb]
// type: overview (default), anomalies, nodes, namespace:<ns>, workload:<Kind>/<ns>/<name>; format: markdown or json.
import { createNamespacePolicy, loadDemoCluster } from '@k8s-mcp/k8s-client';
import { stateFromReader, summarizeCluster } from '../dist/index.js';

const [typeArg = 'overview', format = 'markdown', kb = '10'] = process.argv.slice(2);
const [type, target = ''] = typeArg.split(':');
const policy = createNamespacePolicy({ allowed: [], forbidden: [] });
const reader = await loadDemoCluster({ policy, maxResources: 500 });
const state = await stateFromReader(reader);
const [kind, namespace, name] = target.split('/');
const summary = summarizeCluster(state, {
  type,
  format,
  maxSizeKb: Number(kb),
  policy,
  // The snapshot was recorded on 2024-06-12; a fixed clock keeps ages meaningful and output stable.
  now: Date.parse('2024-06-12T12:00:00Z'),
  ...(type === 'namespace' ? { namespace: target } : {}),
  ...(type === 'workload' ? { workload: { kind, namespace, name } } : {}),
});
process.stdout.write(`${summary.text}\n`);
process.stderr.write(`${summary.bytes} bytes, ${summary.findings} findings, ${summary.omittedItems} items omitted\n`);
