import type { HelmRelease } from '@k8s-mcp/k8s-client';
import { defineTool } from '../tool-definition.js';
import { formatAge, formatTable } from './format.js';
import type { ToolContext } from './tool-context.js';

/** Output schema of `k8s-list-helm-releases`. */
const HELM_OUTPUT_SCHEMA = {
  type: 'object',
  properties: {
    namespace: { type: 'string', description: 'Namespace listed, or "*" for all.' },
    returned: { type: 'integer' },
    truncated: { type: 'boolean' },
    columns: { type: 'array', items: { type: 'string' } },
    rows: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
  },
  required: ['namespace', 'returned', 'truncated', 'columns', 'rows'],
} as const;

/** The newest revision of each release (what `helm list --all` shows), or every revision. */
function pick(records: readonly HelmRelease[], history: boolean): HelmRelease[] {
  if (history) return [...records];
  const latest = new Map<string, HelmRelease>();
  for (const r of records) {
    const key = `${r.namespace}/${r.name}`;
    const seen = latest.get(key);
    if (!seen || r.revision > seen.revision) latest.set(key, r);
  }
  return [...latest.values()];
}

/** `k8s-list-helm-releases`: Helm 3 releases decoded from their records, never their values. */
export const listHelmReleases = defineTool<
  ToolContext,
  {
    namespace: { type: 'string'; description: string };
    all_namespaces: { type: 'boolean'; description: string; default: true };
    status: { type: 'string'; description: string };
    history: { type: 'boolean'; description: string; default: false };
    limit: { type: 'integer'; description: string; default: 100; minimum: 1; maximum: 1000 };
  }
>({
  name: 'k8s-list-helm-releases',
  title: 'List Helm releases',
  description:
    'List Helm 3 releases (decoded from their release Secrets): name, namespace, revision, status, chart and version, app version, last deployed. Values, manifests and notes are never returned. history=true lists every revision.',
  access: 'read',
  idempotent: true,
  openWorld: true,
  params: {
    namespace: { type: 'string', description: 'Only this namespace (then all_namespaces is ignored).' },
    all_namespaces: { type: 'boolean', description: 'Releases of every visible namespace when no namespace is given; false: only K8S_NAMESPACE.', default: true },
    status: { type: 'string', description: 'Only releases in this status, e.g. deployed, failed, pending-upgrade.' },
    history: { type: 'boolean', description: 'Every stored revision instead of the newest per release.', default: false },
    limit: { type: 'integer', description: 'Most rows shown.', default: 100, minimum: 1, maximum: 1000 },
  },
  outputSchema: HELM_OUTPUT_SCHEMA,
  run: async (args, ctx) => {
    if (!ctx.helmReleases) {
      const why = ctx.reader.source === 'snapshot' ? 'this server reads an offline snapshot, which holds no readable Helm release records' : 'this server was started without access to Helm release records';
      throw Object.assign(new Error(`${why}; listing Helm releases needs a live cluster.`), { code: 'NOT_AVAILABLE' });
    }
    const namespace = args.namespace ?? (args.all_namespaces ? undefined : ctx.defaultNamespace);
    const records = await ctx.helmReleases(namespace);
    const wanted = args.status?.toLowerCase();
    const all = pick(records, args.history)
      .filter((r) => !wanted || r.status.toLowerCase() === wanted)
      .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || b.revision - a.revision);
    const shown = all.slice(0, args.limit);
    const now = ctx.now();
    const columns = ['NAMESPACE', 'NAME', 'REVISION', 'STATUS', 'CHART', 'APP VERSION', 'DEPLOYED', 'AGE'];
    const rows = shown.map((r) => [
      r.namespace,
      r.name,
      String(r.revision),
      r.status,
      r.chart ? `${r.chart}-${r.chartVersion ?? '?'}` : r.decoded ? '?' : '(undecodable record)',
      r.appVersion ?? '-',
      r.lastDeployed ?? '-',
      formatAge(r.lastDeployed, now),
    ]);
    const where = namespace ? `namespace ${namespace}` : 'all visible namespaces';
    const more = shown.length < all.length ? `\nShowing ${shown.length} of ${all.length}; raise limit or filter by namespace or status.` : '';
    const body = rows.length > 0 ? formatTable(columns, rows) : `(no Helm releases${wanted ? ` with status ${wanted}` : ''})`;
    return {
      text: `Helm releases in ${where}: ${shown.length} ${args.history ? 'revision(s)' : 'release(s)'} (source: live API; values and manifests are never shown).\n${body}${more}`,
      structured: { namespace: namespace ?? '*', returned: rows.length, truncated: shown.length < all.length, columns, rows },
    };
  },
});
