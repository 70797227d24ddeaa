// Renders the peer benchmark's result (peer-bench.mjs) as markdown tables: raw numbers per
// server, then ratios of each peer against k8s-mcp.
const ms = (x) => (Number.isFinite(x) ? (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 2 : 0)} ms`) : 'n/a');
const kb = (bytes) => (Number.isFinite(bytes) ? (bytes >= 1024 * 1024 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`) : 'n/a');
const mb = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} MB` : 'n/a');
const tokens = (bytes) => (Number.isFinite(bytes) ? `~${Math.round(bytes / 4).toLocaleString('en-US')}` : 'n/a');
/** Peer ÷ ours; "fails" when every timed call of the peer failed. */
const opRatio = (peerOp, oursValue, key) => (peerOp && peerOp.errors === peerOp.n ? 'fails' : ratio(peerOp?.[key], oursValue));
const ratio = (peer, ours) => (Number.isFinite(peer) && Number.isFinite(ours) && ours > 0 ? `${(peer / ours).toFixed(peer / ours >= 10 ? 0 : 1)}×` : 'n/a');

function serverTable(size) {
  const opNames = [...new Set(size.servers.flatMap((s) => Object.keys(s.ops)))];
  const lines = [
    `| server | to tools/list | to first answer | to cache-served answers | RSS ready / after the calls | ${opNames.map((o) => `${o}: p50 / p99, size`).join(' | ')} |`,
    `|---|---|---|---|---|${opNames.map(() => '---').join('|')}|`,
  ];
  for (const s of size.servers) {
    const cells = opNames.map((o) => {
      const op = s.ops[o];
      if (!op) return '—';
      const err = op.errors ? ` (${op.errors}/${op.n} errors)` : '';
      return `${ms(op.p50Ms)} / ${ms(op.p99Ms)}, ${kb(op.textBytes)}${err}`;
    });
    lines.push(`| ${s.server} | ${ms(s.startup.toolsListMs)} | ${ms(s.startup.firstAnswerMs)} | ${s.startup.cacheServedMs ? ms(s.startup.cacheServedMs) : '—'} | ${mb(s.rssReadyMb)} / ${mb(s.rssMb)} | ${cells.join(' | ')} |`);
    for (const e of s.errors) lines.push(`|  ↳ error: ${e.replaceAll('|', '\\|').slice(0, 200)} |`);
  }
  return lines;
}

function questionTables(size) {
  const of = size.servers[0]?.namespaceQuestion?.blind.of ?? 6;
  const lines = [
    '',
    `"What is wrong in namespace shop?": the cheapest set of each server's calls whose answers name all ${of} planted problems. ` +
      '"Blind" uses only calls that name no object (what an agent can ask before it knows the answer); "oracle" may also fetch the very objects that are broken, a lower bound no agent reaches.',
    '',
    '| server | blind: bytes (tokens) | named | calls | oracle: bytes (tokens) | named | calls |',
    '|---|---|---|---|---|---|---|',
  ];
  const cell = (q) => [
    `${kb(q.bytes)} (${tokens(q.bytes)})`,
    `${q.named}/${q.of}${q.missed.length ? ` (missed: ${q.missed.join('; ')})` : ''}`,
    `${q.calls.length}: ${q.calls.map((c) => `\`${c.split(' ')[0]}\``).join(', ')}`,
  ];
  for (const s of size.servers) {
    const q = s.namespaceQuestion;
    if (q) lines.push(`| ${s.server} | ${[...cell(q.blind), ...cell(q.oracle)].join(' | ')} |`);
  }
  lines.push('', 'The cluster-wide question: failing bench pods (1% of them) named by an anomaly summary, against what the peers return when asked for all pods and Warning events.', '');
  lines.push('| server | bytes | tokens | failing pods named | calls |', '|---|---|---|---|---|');
  for (const s of size.servers) {
    const q = s.clusterQuestion;
    if (!q) continue;
    const errors = q.errors.length ? ` (errors: ${q.errors.join('; ').replaceAll('|', '\\|').slice(0, 160)})` : '';
    lines.push(`| ${s.server} | ${kb(q.bytes)} | ${tokens(q.bytes)} | ${q.failingPodsNamed}/${q.failingPods}${errors} | ${q.calls.map((c) => `\`${c}\``).join(', ')} |`);
  }
  return lines;
}

function ratioTable(size) {
  const ours = size.servers.find((s) => s.ours && s.server.includes('/mcp')) ?? size.servers.find((s) => s.ours);
  const peers = size.servers.filter((s) => !s.ours);
  if (!ours || peers.length === 0) return [];
  const opNames = Object.keys(ours.ops).filter((o) => peers.some((p) => p.ops[o]));
  const lines = [
    '',
    `Ratios, peer ÷ ${ours.server} (above 1× means k8s-mcp is faster or smaller):`,
    '',
    `| peer | ${opNames.map((o) => `${o} p50`).join(' | ')} | ${opNames.map((o) => `${o} bytes`).join(' | ')} | namespace question bytes (blind / oracle) | RSS | to first answer |`,
    `|---|${opNames.map(() => '---').join('|')}|${opNames.map(() => '---').join('|')}|---|---|---|`,
  ];
  for (const p of peers) {
    lines.push(
      `| ${p.server} | ${opNames.map((o) => opRatio(p.ops[o], ours.ops[o].p50Ms, 'p50Ms')).join(' | ')} | ${opNames.map((o) => opRatio(p.ops[o], ours.ops[o].textBytes, 'textBytes')).join(' | ')} | ` +
        `${ratio(p.namespaceQuestion?.blind.bytes, ours.namespaceQuestion?.blind.bytes)} / ${ratio(p.namespaceQuestion?.oracle.bytes, ours.namespaceQuestion?.oracle.bytes)} | ${ratio(p.rssMb, ours.rssMb)} | ${ratio(p.startup.firstAnswerMs, ours.startup.firstAnswerMs)} |`,
    );
  }
  return lines;
}

function internalsTable(size) {
  const o = size.ours;
  const c = o.churn;
  return [
    '',
    `k8s-mcp internals (one fresh process): initial sync of every kind ${ms(o.syncMs)} (${o.objects.toLocaleString('en-US')} objects); ` +
      `knowledge graph built from the cache in ${ms(o.graphMs)} (${o.graphNodes.toLocaleString('en-US')} nodes, ${o.graphEdges.toLocaleString('en-US')} edges). ` +
      `Churn of ${c.rate} pod updates/s for ${(c.sent / c.rate).toFixed(0)} s from a second process (achieved ${c.achievedRate.toFixed(0)}/s, ${c.failed} failed): ` +
      `applying a watch event to the graph takes ${c.graphApplyMsPerEvent.toFixed(2)} ms (${c.events} events, event loop ${(c.eventLoopBusy * 100).toFixed(0)}% busy); ` +
      `update sent → graph updated p50 ${ms(c.p50Ms)}, p99 ${ms(c.p99Ms)}, of which the API server's own answer to the PATCH takes p50 ${ms(c.patchP50Ms)}, p99 ${ms(c.patchP99Ms)}.`,
  ];
}

/** The whole report: one section per cluster size. */
export function renderMarkdown(result) {
  const v = result.versions;
  const lines = [
    `Run ${result.date} on ${result.machine.cpus} CPUs (${result.machine.cpuModel}), ${result.machine.memoryGb} GB; Node ${v.node}; Kubernetes ${v.kubernetes}, etcd ${v.etcd}, kwok ${v.kwok}; ` +
      `kubernetes-mcp-server ${v['kubernetes-mcp-server']}, mcp-server-kubernetes ${v['mcp-server-kubernetes']}; ${result.iterations} timed calls per question after 3 warm-up calls.`,
  ];
  for (const size of result.sizes) {
    lines.push('', `### ${size.pods.toLocaleString('en-US')} pods`, '', ...serverTable(size), ...questionTables(size), ...ratioTable(size), ...internalsTable(size));
  }
  return `${lines.join('\n')}\n`;
}
