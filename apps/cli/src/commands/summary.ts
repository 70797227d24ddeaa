import { stateFromReader, summarizeCluster, SUMMARY_TYPES, type SummaryType } from '@k8s-mcp/summary';
import { type Command, formatOption } from '../command.js';
import { namespaceOf, type ObjectArg, parseObjectArg } from '../object-ref.js';
import { withRuntime } from '../open-runtime.js';
import { boundedByOperator } from '../setting-bounds.js';
import type { OptionSpec } from '../parse-args.js';
import { UsageError } from '../usage-error.js';

/** `--max-size-kb`, shared with `anomalies`. */
export const MAX_SIZE_OPTION: OptionSpec = {
  name: 'max-size-kb',
  type: 'number',
  above: 0,
  valueName: '<kb>',
  description: 'Size budget of the output in KB of UTF-8 (default and upper bound MAX_SUMMARY_SIZE_KB, 10: more is clamped); items are dropped and counted, never cut.',
};

/** `k8s-mcp summary`: a byte-budgeted summary of the cluster, a namespace, a workload or the nodes. */
export const summaryCommand: Command = {
  name: 'summary',
  summary: 'Summarise the cluster, a namespace, a workload or the nodes within a size budget.',
  synopsis: '[--type overview|anomalies|namespace|workload|nodes] [-n <namespace>] [--workload <Kind/name>] [options]',
  description: `Writes the summary an LLM would get from the server: counts, top findings with root-cause
chains, nodes; never larger than --max-size-kb. The type defaults to workload with --workload,
namespace with -n, else overview. "anomalies" with -n lists one namespace's findings.`,
  options: [
    { name: 'type', type: 'string', choices: SUMMARY_TYPES, valueName: '<type>', description: 'overview, anomalies, namespace, workload or nodes.' },
    { name: 'workload', type: 'string', valueName: '<Kind/name>', description: 'The workload of a workload summary: Kind/name (with -n) or Kind/namespace/name.' },
    MAX_SIZE_OPTION,
    { name: 'no-anomalies', type: 'flag', description: 'Leave findings out (overview, namespace, workload, nodes).' },
    formatOption(['markdown', 'json']),
  ],
  usesCluster: true,
  examples: ['k8s-mcp summary', 'k8s-mcp summary -n shop --max-size-kb 4', 'k8s-mcp summary --workload Deployment/shop/web --format json', 'k8s-mcp summary --snapshot cluster.json --type nodes'],
  async run(context) {
    const { args, io } = context;
    if (args.positionals.length > 0) throw new UsageError(`k8s-mcp summary: unexpected argument ${JSON.stringify(args.positionals[0])}; options take the form --name value`);
    const workloadText = args.string('workload');
    const workload: ObjectArg | undefined = workloadText === undefined ? undefined : parseObjectArg([workloadText], 'k8s-mcp summary --workload');
    const namespaceFlag = args.string('namespace');
    const type = (args.string('type') ?? (workload ? 'workload' : namespaceFlag ? 'namespace' : 'overview')) as SummaryType;
    if (type === 'workload' && !workload) throw new UsageError('k8s-mcp summary: --type workload needs --workload <Kind/name> (e.g. --workload Deployment/shop/web)');
    if (workload && type !== 'workload') throw new UsageError(`k8s-mcp summary: --workload only goes with --type workload, not ${type}`);
    await withRuntime(context, async ({ config, runtime }) => {
      const state = await stateFromReader(runtime.cluster);
      const namespace = namespaceFlag ?? (type === 'namespace' ? runtime.namespace : undefined);
      const result = summarizeCluster(state, {
        type,
        format: args.string('format') === 'json' ? 'json' : 'markdown',
        maxSizeKb: boundedByOperator(io, { flag: '--max-size-kb', requested: args.number('max-size-kb'), fallback: config.maxSummarySizeKb, bound: config.maxSummarySizeKb, setting: 'MAX_SUMMARY_SIZE_KB', unit: 'KB' }),
        includeAnomalies: !args.flag('no-anomalies'),
        ...(namespace === undefined ? {} : { namespace }),
        ...(workload ? { workload: { kind: workload.kind, namespace: namespaceOf(workload, runtime.namespace) ?? '', name: workload.name } } : {}),
        policy: runtime.policy,
        ...(runtime.graph ? { graph: runtime.graph } : {}),
        // The runtime's clock: an offline snapshot is judged at its recording time, not today.
        now: runtime.toolContext.now(),
        ...(runtime.toolContext.clockNote ? { clockNote: runtime.toolContext.clockNote } : {}),
      });
      io.stdout.write(`${result.text}\n`);
    });
  },
};
