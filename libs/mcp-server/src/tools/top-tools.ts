import type { KubeObject, ListOptions, ListResult, ResourceKind } from '@k8s-mcp/k8s-client';
import { defineTool } from '../tool-definition.js';
import { field, formatTable, list } from './format.js';
import { LIST_OUTPUT_SCHEMA } from './list-tools.js';
import { cpuMillis, memoryMi } from './quantity.js';
import { describeFreshness, type ToolContext } from './tool-context.js';

const INSTALL_HINT =
  'Install metrics-server with `kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml` ' +
  '(or `helm install metrics-server metrics-server/metrics-server --repo https://kubernetes-sigs.github.io/metrics-server/ -n kube-system`), wait a minute for the first scrape, then retry. ' +
  'If it is installed, check `kubectl get apiservice v1beta1.metrics.k8s.io` and `kubectl -n kube-system get pods -l k8s-app=metrics-server`.';

type MetricsKind = 'PodMetrics' | 'NodeMetrics';

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The isError answer when the metrics API is not there: what happened and how to fix it, no stack. */
function metricsUnavailable(ctx: ToolContext, kind: MetricsKind, answering: boolean): Error {
  const what = kind === 'PodMetrics' ? 'pod' : 'node';
  const message =
    ctx.reader.source === 'snapshot'
      ? `the offline snapshot holds no ${kind} (metrics.k8s.io), so ${what} CPU and memory usage are unknown; usage needs a live cluster running metrics-server. Requests and limits are in k8s-describe-pod and k8s-get-resource.`
      : answering
        ? `metrics-server is registered but not answering (the metrics.k8s.io API is unavailable), so ${what} CPU and memory usage are unknown. ${INSTALL_HINT}`
        : `metrics-server is not installed: this cluster does not serve the metrics.k8s.io API, so ${what} CPU and memory usage are unknown. ${INSTALL_HINT}`;
  return Object.assign(new Error(message), { code: 'METRICS_UNAVAILABLE' });
}

async function readMetrics(ctx: ToolContext, kind: MetricsKind, options: ListOptions): Promise<{ kind: ResourceKind; result: ListResult }> {
  let resolved: ResourceKind;
  try {
    // By kind name: discovery calls the resources `pods`/`nodes` of group metrics.k8s.io, a snapshot names them by kind.
    resolved = await ctx.reader.resolveKind(`${kind}.metrics.k8s.io`);
  } catch (error) {
    if (codeOf(error) === 'UNKNOWN_KIND') throw metricsUnavailable(ctx, kind, false);
    throw error;
  }
  try {
    return { kind: resolved, result: await ctx.reader.list(resolved, options) };
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    // 404: the group went away since discovery; 503: the APIService exists but metrics-server does not answer.
    if (codeOf(error) === 'NOT_FOUND' || status === 503) throw metricsUnavailable(ctx, kind, status === 503);
    throw error;
  }
}

interface Usage {
  readonly cpu?: number;
  readonly mem?: number;
}

function sum(values: readonly (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length > 0 ? known.reduce((a, b) => a + b, 0) : undefined;
}

function containerResources(container: unknown): { req: Usage; lim: Usage } {
  return {
    req: { cpu: cpuMillis(field(container, 'resources', 'requests', 'cpu')), mem: memoryMi(field(container, 'resources', 'requests', 'memory')) },
    lim: { cpu: cpuMillis(field(container, 'resources', 'limits', 'cpu')), mem: memoryMi(field(container, 'resources', 'limits', 'memory')) },
  };
}

const num = (v: number | undefined) => (v === undefined ? '-' : String(Math.round(v)));
const pct = (used: number | undefined, of: number | undefined) => (used === undefined || !of ? '-' : `${Math.round((used / of) * 100)}%`);

interface PodRow {
  readonly namespace: string;
  readonly name: string;
  readonly usage: Usage;
  readonly req: Usage;
  readonly lim: Usage;
}

function podRows(metrics: KubeObject, pod: KubeObject | undefined, perContainer: boolean): PodRow[] {
  const specs = new Map(list(pod, 'spec', 'containers').map((c) => [String(field(c, 'name')), containerResources(c)]));
  const containers = list(metrics, 'containers').map((c) => ({
    name: String(field(c, 'name')),
    usage: { cpu: cpuMillis(field(c, 'usage', 'cpu')), mem: memoryMi(field(c, 'usage', 'memory')) },
  }));
  const namespace = metrics.metadata.namespace ?? '';
  if (perContainer) {
    return containers.map((c) => ({ namespace, name: `${metrics.metadata.name}/${c.name}`, usage: c.usage, req: specs.get(c.name)?.req ?? {}, lim: specs.get(c.name)?.lim ?? {} }));
  }
  const all = [...specs.values()];
  return [
    {
      namespace,
      name: metrics.metadata.name,
      usage: { cpu: sum(containers.map((c) => c.usage.cpu)), mem: sum(containers.map((c) => c.usage.mem)) },
      req: { cpu: sum(all.map((s) => s.req.cpu)), mem: sum(all.map((s) => s.req.mem)) },
      lim: { cpu: sum(all.map((s) => s.lim.cpu)), mem: sum(all.map((s) => s.lim.mem)) },
    },
  ];
}

function sortRows<T extends { name: string; usage: Usage }>(rows: T[], by: string): T[] {
  const key = (r: T) => (by === 'memory' ? (r.usage.mem ?? -1) : (r.usage.cpu ?? -1));
  return by === 'name' ? rows.sort((a, b) => a.name.localeCompare(b.name)) : rows.sort((a, b) => key(b) - key(a) || a.name.localeCompare(b.name));
}

function sampleNote(items: readonly KubeObject[]): string {
  const first = items[0];
  const window = field(first, 'window');
  const timestamp = field(first, 'timestamp');
  return `${typeof window === 'string' ? `averaged over ${window}` : 'latest sample'}${typeof timestamp === 'string' ? ` as of ${timestamp}` : ''}`;
}

const sortParam = { type: 'string', description: 'Order: cpu or memory (highest first), or name.', enum: ['cpu', 'memory', 'name'], default: 'cpu' } as const;
const limitParam = { type: 'integer', description: 'Most rows shown (capped by K8S_MAX_RESOURCES).', default: 50, minimum: 1, maximum: 1000 } as const;

/** `k8s-top-pods`: pod CPU and memory usage from metrics-server, beside requests and limits. */
export const topPods = defineTool<
  ToolContext,
  {
    namespace: { type: 'string'; description: string };
    all_namespaces: { type: 'boolean'; description: string; default: false };
    label_selector: { type: 'string'; description: string };
    containers: { type: 'boolean'; description: string; default: false };
    sort_by: typeof sortParam;
    limit: typeof limitParam;
  }
>({
  name: 'k8s-top-pods',
  title: 'Pod CPU and memory usage',
  description:
    'Current CPU (millicores) and memory (MiB) usage of pods from metrics-server (metrics.k8s.io), with each pod\'s requests and limits, highest first. Says so clearly when metrics-server is not installed.',
  access: 'read',
  idempotent: true,
  openWorld: true,
  params: {
    namespace: { type: 'string', description: 'Namespace; default K8S_NAMESPACE.' },
    all_namespaces: { type: 'boolean', description: 'Pods of every visible namespace (ignores namespace).', default: false },
    label_selector: { type: 'string', description: 'Label selector, e.g. "app=web".' },
    containers: { type: 'boolean', description: 'One row per container instead of per pod.', default: false },
    sort_by: sortParam,
    limit: limitParam,
  },
  outputSchema: LIST_OUTPUT_SCHEMA,
  run: async (args, ctx) => {
    const namespace = args.all_namespaces ? undefined : (args.namespace ?? ctx.defaultNamespace);
    const options: ListOptions = { ...(namespace ? { namespace } : {}), ...(args.label_selector ? { labelSelector: args.label_selector } : {}), limit: ctx.maxResources };
    const { kind, result } = await readMetrics(ctx, 'PodMetrics', options);
    const podKind = await ctx.reader.resolveKind('Pod');
    const podSource = describeFreshness(ctx, podKind);
    // Requests and limits are a bonus: usage is still worth showing when pods cannot be listed.
    const pods = await ctx.reader.list(podKind, options).catch(() => undefined);
    const specs = new Map((pods?.items ?? []).map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p]));
    const all = sortRows(
      result.items.flatMap((m) => podRows(m, specs.get(`${m.metadata.namespace}/${m.metadata.name}`), args.containers)),
      args.sort_by,
    );
    const shown = all.slice(0, Math.min(args.limit, ctx.maxResources));
    const columns = ['NAMESPACE', args.containers ? 'POD/CONTAINER' : 'NAME', 'CPU(m)', 'CPU-REQ(m)', 'CPU-LIM(m)', 'MEM(Mi)', 'MEM-REQ(Mi)', 'MEM-LIM(Mi)'];
    const rows = shown.map((r) => [r.namespace, r.name, num(r.usage.cpu), num(r.req.cpu), num(r.lim.cpu), num(r.usage.mem), num(r.req.mem), num(r.lim.mem)]);
    const truncated = shown.length < all.length || result.truncated;
    const source = `usage: metrics-server, ${sampleNote(result.items)}; requests/limits: ${podSource}`;
    const where = namespace ? `namespace ${namespace}` : 'all namespaces';
    const notes = [
      shown.length < all.length ? `Showing the top ${shown.length} of ${all.length} rows by ${args.sort_by}; raise limit or narrow with label_selector for more.` : '',
      result.truncated ? `More pods have metrics than K8S_MAX_RESOURCES (${ctx.maxResources}) allows in one call: narrow by namespace or label_selector.` : '',
      result.hiddenByPolicy > 0 ? `${result.hiddenByPolicy} pod(s) in namespaces hidden by policy were left out.` : '',
      pods === undefined ? 'Requests and limits are unknown: the pods could not be read.' : '',
    ].filter(Boolean);
    const body = rows.length > 0 ? formatTable(columns, rows) : `(no pod metrics in ${where}; new pods get metrics after the first scrape, about a minute)`;
    return {
      text: [`Pod usage in ${where}: ${shown.length} row(s) (${source}).`, body, ...notes].join('\n'),
      structured: { kind: kind.kind, namespace: namespace ?? '*', returned: rows.length, truncated, ...(all.length > shown.length ? { remaining: all.length - shown.length } : {}), source, columns, rows },
    };
  },
});

/** `k8s-top-nodes`: node CPU and memory usage from metrics-server, against allocatable. */
export const topNodes = defineTool<ToolContext, { label_selector: { type: 'string'; description: string }; sort_by: typeof sortParam; limit: typeof limitParam }>({
  name: 'k8s-top-nodes',
  title: 'Node CPU and memory usage',
  description:
    'Current CPU (millicores) and memory (MiB) usage of nodes from metrics-server (metrics.k8s.io), with the share of each node\'s allocatable capacity. Says so clearly when metrics-server is not installed.',
  access: 'read',
  idempotent: true,
  openWorld: true,
  params: {
    label_selector: { type: 'string', description: 'Label selector, e.g. "node-role.kubernetes.io/worker".' },
    sort_by: sortParam,
    limit: limitParam,
  },
  outputSchema: LIST_OUTPUT_SCHEMA,
  run: async (args, ctx) => {
    const options: ListOptions = { ...(args.label_selector ? { labelSelector: args.label_selector } : {}), limit: ctx.maxResources };
    const { kind, result } = await readMetrics(ctx, 'NodeMetrics', options);
    const nodeKind = await ctx.reader.resolveKind('Node');
    const nodeSource = describeFreshness(ctx, nodeKind);
    const nodes = await ctx.reader.list(nodeKind, options).catch(() => undefined);
    const byName = new Map((nodes?.items ?? []).map((n) => [n.metadata.name, n]));
    const all = sortRows(
      result.items.map((m) => {
        const node = byName.get(m.metadata.name);
        return {
          name: m.metadata.name,
          usage: { cpu: cpuMillis(field(m, 'usage', 'cpu')), mem: memoryMi(field(m, 'usage', 'memory')) },
          allocatable: { cpu: cpuMillis(field(node, 'status', 'allocatable', 'cpu')), mem: memoryMi(field(node, 'status', 'allocatable', 'memory')) },
        };
      }),
      args.sort_by,
    );
    const shown = all.slice(0, Math.min(args.limit, ctx.maxResources));
    const columns = ['NAME', 'CPU(m)', 'CPU%', 'MEM(Mi)', 'MEM%'];
    const rows = shown.map((r) => [r.name, num(r.usage.cpu), pct(r.usage.cpu, r.allocatable.cpu), num(r.usage.mem), pct(r.usage.mem, r.allocatable.mem)]);
    const truncated = shown.length < all.length || result.truncated;
    const source = `usage: metrics-server, ${sampleNote(result.items)}; % of allocatable from ${nodeSource}`;
    const notes = [
      shown.length < all.length ? `Showing the top ${shown.length} of ${all.length} nodes by ${args.sort_by}; raise limit for more.` : '',
      result.truncated ? `More nodes have metrics than K8S_MAX_RESOURCES (${ctx.maxResources}) allows in one call: narrow with label_selector.` : '',
    ].filter(Boolean);
    const body = rows.length > 0 ? formatTable(columns, rows) : '(no node metrics yet; metrics-server reports nodes after its first scrape, about a minute)';
    return {
      text: [`Node usage: ${shown.length} node(s) (${source}).`, body, ...notes].join('\n'),
      structured: { kind: kind.kind, namespace: '*', returned: rows.length, truncated, ...(all.length > shown.length ? { remaining: all.length - shown.length } : {}), source, columns, rows },
    };
  },
});
