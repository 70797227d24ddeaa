import { detectAnomalies, type Finding, refText, SEVERITIES, type Severity, stateFromReader, summarizeCluster } from '@k8s-mcp/summary';
import { type Command, formatOption } from '../command.js';
import { CommandFailedError } from '../command-failed-error.js';
import { formatTable } from '../format-table.js';
import { withRuntime } from '../open-runtime.js';
import { boundedByOperator } from '../setting-bounds.js';
import { UsageError } from '../usage-error.js';
import { MAX_SIZE_OPTION } from './summary.js';

/** Findings by severity. */
export function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** Findings at `threshold` or worse (`warning` counts critical ones too). */
export function findingsAtOrAbove(findings: readonly Finding[], threshold: Severity): Finding[] {
  const worst = SEVERITIES.indexOf(threshold);
  return findings.filter((f) => SEVERITIES.indexOf(f.severity) <= worst);
}

/** One row per finding: severity, object, reason, root cause (the chain's last step) and message. */
export function renderFindingsTable(findings: readonly Finding[]): string {
  const counts = severityCounts(findings);
  const head = `${findings.length} finding(s): ${counts.critical} critical, ${counts.warning} warning, ${counts.info} info`;
  if (findings.length === 0) return `${head}\n`;
  const rows = findings.map((f) => {
    const cause = f.chain.length > 1 ? (f.chain[f.chain.length - 1] as Finding['chain'][number]) : undefined;
    return [
      f.severity.toUpperCase(),
      `${refText(f.object)}${f.count > 1 ? ` (x${f.count})` : ''}`,
      f.reason,
      cause ? `${refText(cause.ref)}: ${cause.status}` : '',
      f.message,
    ];
  });
  return `${head}\n\n${formatTable(['SEVERITY', 'OBJECT', 'REASON', 'ROOT CAUSE', 'MESSAGE'], rows)}\n`;
}

/** `k8s-mcp anomalies`: every finding, ranked; `--fail-on` turns them into an exit code for CI. */
export const anomaliesCommand: Command = {
  name: 'anomalies',
  summary: 'List anomalies (crash loops, missing references, pending pods, ...); --fail-on for CI gates.',
  synopsis: '[-n <namespace>] [--fail-on critical|warning] [--format table|markdown|json] [options]',
  description: `Runs every anomaly detector over the cluster (or one namespace with -n) and prints the findings
ranked by severity and blast radius, each with its root cause where one was found.
table: one line per finding. markdown: the anomalies summary an LLM gets (within --max-size-kb).
json: every finding with evidence, chain and next step.
--fail-on critical exits 1 when any critical finding exists; --fail-on warning also on warnings.`,
  options: [
    { name: 'fail-on', type: 'string', choices: ['critical', 'warning'], valueName: '<severity>', description: 'Exit 1 when a finding of this severity or worse exists.' },
    MAX_SIZE_OPTION,
    formatOption(['table', 'markdown', 'json']),
  ],
  usesCluster: true,
  examples: ['k8s-mcp anomalies', 'k8s-mcp anomalies -n shop --fail-on critical', 'k8s-mcp anomalies --format json > findings.json'],
  async run(context) {
    const { args, io } = context;
    if (args.positionals.length > 0) throw new UsageError(`k8s-mcp anomalies: unexpected argument ${JSON.stringify(args.positionals[0])}`);
    const namespace = args.string('namespace');
    const format = args.string('format') ?? 'table';
    const findings = await withRuntime(context, async ({ config, runtime }) => {
      if (namespace !== undefined) runtime.policy.assertAllowed(namespace, 'list');
      const state = await stateFromReader(runtime.cluster);
      // The runtime's clock: an offline snapshot is judged at its recording time, not today.
      const { now, clockNote } = runtime.toolContext;
      const options = { policy: runtime.policy, ...(runtime.graph ? { graph: runtime.graph } : {}), now: now() };
      const all = detectAnomalies(state, options);
      const scoped = namespace === undefined ? all : all.filter((f) => f.object.namespace === namespace || (f.object.kind === 'Namespace' && f.object.name === namespace));
      if (format === 'markdown') {
        const summary = summarizeCluster(state, {
          ...options,
          ...(clockNote ? { clockNote } : {}),
          type: 'anomalies',
          format: 'markdown',
          maxSizeKb: boundedByOperator(io, { flag: '--max-size-kb', requested: args.number('max-size-kb'), fallback: config.maxSummarySizeKb, bound: config.maxSummarySizeKb, setting: 'MAX_SUMMARY_SIZE_KB', unit: 'KB' }),
          ...(namespace === undefined ? {} : { namespace }),
        });
        io.stdout.write(`${summary.text}\n`);
      } else if (format === 'json') {
        const clock = clockNote ? { evaluatedAt: new Date(options.now).toISOString(), clock: clockNote } : {};
        io.stdout.write(`${JSON.stringify({ ...(namespace === undefined ? {} : { namespace }), ...clock, counts: severityCounts(scoped), findings: scoped }, null, 2)}\n`);
      } else {
        if (clockNote) io.stdout.write(`evaluated at ${new Date(options.now).toISOString()} (${clockNote})\n`);
        io.stdout.write(renderFindingsTable(scoped));
      }
      return scoped;
    });
    const failOn = args.string('fail-on') as Severity | undefined;
    if (failOn) {
      const tripped = findingsAtOrAbove(findings, failOn);
      if (tripped.length > 0) {
        throw new CommandFailedError('FINDINGS_AT_THRESHOLD', `--fail-on ${failOn}: ${tripped.length} finding(s) at ${failOn}${failOn === 'critical' ? '' : ' or worse'}`);
      }
    }
  },
};
