import { resolve } from 'node:path';
import { BUILTIN_KINDS, type ClusterReader, K8sClientError, type KubeObject, type ResourceKind } from '@k8s-mcp/k8s-client';
import type { Command } from '../command.js';
import { CommandFailedError } from '../command-failed-error.js';
import { progressWriter, withRuntime } from '../open-runtime.js';
import { type IncompleteRecord, snapshotItem, snapshotList } from '../snapshot-list.js';
import { UsageError } from '../usage-error.js';

const SKIPPABLE = new Set(['FORBIDDEN', 'NOT_FOUND', 'UNKNOWN_KIND']);

/** Every visible object of a kind, page by page; `truncated` when a page said more but gave no token. */
async function listAll(reader: ClusterReader, kind: ResourceKind): Promise<{ items: KubeObject[]; truncated: boolean }> {
  const items: KubeObject[] = [];
  let cont: string | undefined;
  for (;;) {
    const page = await reader.list(kind, cont === undefined ? {} : { continue: cont });
    items.push(...page.items);
    if (page.continue === undefined || page.continue === cont) return { items, truncated: page.truncated };
    cont = page.continue;
  }
}

/** `k8s-mcp snapshot <file>`: records the cluster into one List that --snapshot loads back. */
export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: 'Record the cluster (every synced kind) into one JSON file that --snapshot loads back.',
  synopsis: '<output.json | -> [options]',
  description: `Lists every kind k8s-mcp syncs (${BUILTIN_KINDS.length} built-in kinds), page by page, and writes them as one
kubectl-style List (as kubectl get -o json does); "-" writes to stdout. Load it back with
--snapshot <file> or K8S_MCP_SNAPSHOT to diagnose offline or share a reproduction.
Secret values are never written (keys stay, values become <redacted: N bytes>); managedFields
and last-applied annotations are dropped. Namespaces the policy hides are left out, and
references into them read <hidden>. A kind the identity may not list is skipped with a warning
and named in the List's annotations. A snapshot re-recorded from --snapshot keeps its recording time.`,
  options: [],
  usesCluster: true,
  examples: ['k8s-mcp snapshot cluster.json --context prod', 'k8s-mcp summary --snapshot cluster.json'],
  async run(context) {
    const { args, io } = context;
    if (args.positionals.length !== 1) throw new UsageError('k8s-mcp snapshot: name one output file (or - for stdout), e.g. k8s-mcp snapshot cluster.json');
    const output = args.positionals[0] as string;
    if (output !== '-' && !io.writeFile) throw new Error('k8s-mcp snapshot: this environment cannot write files');
    const progress = progressWriter(io);
    await withRuntime(context, async ({ runtime }) => {
      const items: KubeObject[] = [];
      const incomplete: IncompleteRecord[] = [];
      let kinds = 0;
      for (const kind of BUILTIN_KINDS) {
        try {
          const listed = await listAll(runtime.cluster, kind);
          items.push(...listed.items.map((object) => snapshotItem(kind, object)));
          kinds += 1;
          if (listed.truncated) incomplete.push({ kind: kind.kind, reason: 'truncated' });
          progress?.(`recorded ${kind.kind}: ${listed.items.length}`);
        } catch (error) {
          // RBAC or a kind the server does not serve: skip it. Anything else (unreachable, ...)
          // fails the whole recording rather than write a silently partial snapshot.
          if (!(error instanceof K8sClientError) || !SKIPPABLE.has(error.code)) throw error;
          incomplete.push({ kind: kind.kind, reason: error.code });
          io.stderr.write(`k8s-mcp: warning: ${kind.kind} not recorded: ${error.message}\n`);
        }
      }
      if (kinds === 0) throw new CommandFailedError('NOTHING_RECORDED', 'snapshot: no kind could be listed; nothing was written');
      // Now, or the recording time of a snapshot being re-recorded: its objects are no newer.
      const text = `${JSON.stringify(snapshotList(items, new Date(runtime.toolContext.now()), incomplete), null, 1)}\n`;
      if (output === '-') io.stdout.write(text);
      else io.writeFile?.(resolve(io.cwd, output), text);
      io.stderr.write(
        `k8s-mcp: recorded ${items.length} objects of ${kinds} kinds from ${runtime.clusterDescription} to ${output === '-' ? 'stdout' : output}${
          incomplete.length > 0 ? ` (incomplete: ${incomplete.map((i) => `${i.kind} ${i.reason}`).join(', ')})` : ''
        }\n`,
      );
    });
  },
};
