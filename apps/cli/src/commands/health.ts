import type { SnapshotInfo } from '@k8s-mcp/k8s-client';
import { type Command, formatOption } from '../command.js';
import { CommandFailedError } from '../command-failed-error.js';
import { healthReport, renderHealth } from '../health-report.js';
import { withRuntime } from '../open-runtime.js';
import { UsageError } from '../usage-error.js';

/** `k8s-mcp health`: sync and knowledge-graph health; exit 1 when unhealthy. */
export const healthCommand: Command = {
  name: 'health',
  summary: 'Check the watch sync and the knowledge graph; exits 1 when unhealthy.',
  synopsis: '[--format table|json] [options]',
  description: `Starts like the server does (initial sync of every kind) and reports each informer's state,
objects and errors, the sync health score and the knowledge graph's size and status. Unhealthy
(exit 1): an informer pending, failed or stopped, or the graph at its memory limit. Kinds the
identity may not list (RBAC) are reported as notes and do not make it unhealthy.`,
  options: [formatOption(['table', 'json'])],
  usesCluster: true,
  examples: ['k8s-mcp health', 'k8s-mcp health --format json --context prod'],
  async run(context) {
    if (context.args.positionals.length > 0) throw new UsageError(`k8s-mcp health: unexpected argument ${JSON.stringify(context.args.positionals[0])}`);
    const report = await withRuntime(context, async ({ runtime }) => {
      const snapshotInfo = (runtime.cluster as { snapshotInfo?: SnapshotInfo }).snapshotInfo;
      return healthReport({
        mode: runtime.mode,
        clusterDescription: runtime.clusterDescription,
        namespace: runtime.namespace,
        ...(runtime.sync ? { sync: runtime.sync } : {}),
        ...(runtime.graph ? { graph: runtime.graph } : {}),
        ...(snapshotInfo ? { snapshotInfo } : {}),
      });
    });
    context.io.stdout.write(context.args.string('format') === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderHealth(report));
    if (!report.healthy) throw new CommandFailedError('UNHEALTHY', `unhealthy: ${report.problems.join('; ')}`);
  },
};
