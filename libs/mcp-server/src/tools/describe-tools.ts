import type { KubeObject, ResourceKind } from '@k8s-mcp/k8s-client';
import { untrustedBlock } from '../output-budget.js';
import { defineTool } from '../tool-definition.js';
import { field, formatAge, formatTable, list } from './format.js';
import { columnsFor, podStatus } from './kind-columns.js';
import { describeFreshness, type ToolContext } from './tool-context.js';

function labels(map: unknown): string {
  if (!map || typeof map !== 'object') return '<none>';
  const entries = Object.entries(map as Record<string, unknown>).filter(([k]) => k !== 'kubectl.kubernetes.io/last-applied-configuration');
  return entries.length ? entries.map(([k, v]) => `${k}=${String(v)}`).join(', ') : '<none>';
}

function conditions(obj: KubeObject): string[] {
  return list(obj, 'status', 'conditions').map(
    (c) => `  ${String(field(c, 'type'))}=${String(field(c, 'status'))}${field(c, 'reason') ? ` (${String(field(c, 'reason'))})` : ''}${field(c, 'message') ? `: ${String(field(c, 'message')).slice(0, 160)}` : ''}`,
  );
}

function containerLines(pod: KubeObject): string[] {
  const out: string[] = [];
  for (const key of ['initContainerStatuses', 'containerStatuses'] as const) {
    for (const cs of list(pod, 'status', key)) {
      const state = field(cs, 'state') as Record<string, Record<string, unknown>> | undefined;
      const [stateName, detail] = Object.entries(state ?? {})[0] ?? ['unknown', {}];
      const reason = detail?.['reason'] ? ` ${String(detail['reason'])}` : '';
      const exit = detail?.['exitCode'] !== undefined ? ` exit ${String(detail['exitCode'])}` : '';
      const last = field(cs, 'lastState', 'terminated');
      const lastText = last ? `; last terminated ${String(field(last, 'reason') ?? '')} exit ${String(field(last, 'exitCode') ?? '?')}` : '';
      out.push(
        `  ${key === 'initContainerStatuses' ? 'init ' : ''}${String(field(cs, 'name'))} (${String(field(cs, 'image'))}): ${stateName}${reason}${exit}, ready=${String(field(cs, 'ready'))}, restarts=${String(field(cs, 'restartCount') ?? 0)}${lastText}`,
      );
    }
  }
  return out;
}

async function eventsAbout(ctx: ToolContext, obj: KubeObject, kind: ResourceKind): Promise<string> {
  const eventKind = await ctx.reader.resolveKind('Event');
  const ns = obj.metadata.namespace;
  const result = await ctx.reader.list(eventKind, {
    ...(ns ? { namespace: ns } : {}),
    fieldSelector: `involvedObject.name=${obj.metadata.name},involvedObject.kind=${kind.kind}`,
    limit: ctx.maxResources,
  });
  if (result.items.length === 0) return 'Events: <none>';
  const cols = columnsFor('Event');
  const now = ctx.now();
  const sorted = [...result.items].sort((a, b) => String(field(b, 'lastTimestamp') ?? '').localeCompare(String(field(a, 'lastTimestamp') ?? ''))).slice(0, 20);
  return `Events (newest first):\n${untrustedBlock('events', `${kind.kind} ${obj.metadata.name}`, formatTable(cols.headers, sorted.map((e) => cols.row(e, now))))}`;
}

/**
 * A compact, kubectl-describe-like text of one object and the events about it, each in an
 * untrusted-data block under a title line naming the object. `source` is the
 * freshness line taken before `obj` was read (default: now), so an object read from the API while
 * its kind finished syncing is not reported as cache-served.
 */
export async function describeObject(ctx: ToolContext, kind: ResourceKind, obj: KubeObject, source = describeFreshness(ctx, kind)): Promise<string> {
  const now = ctx.now();
  const title = `${kind.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
  const lines = [
    `Created: ${formatAge(obj.metadata.creationTimestamp, now)} ago`,
    `Labels: ${labels(obj.metadata.labels)}`,
  ];
  const owners = (obj.metadata.ownerReferences ?? []).map((o) => `${o.kind}/${o.name}`);
  if (owners.length) lines.push(`Owned by: ${owners.join(', ')}`);
  if (kind.kind === 'Pod') {
    lines.push(`Status: ${podStatus(obj)} (phase ${String(field(obj, 'status', 'phase') ?? '?')})`, `Node: ${String(field(obj, 'spec', 'nodeName') ?? '<none>')}`, `Pod IP: ${String(field(obj, 'status', 'podIP') ?? '<none>')}`);
    lines.push('Containers:', ...containerLines(obj));
  } else {
    const cols = columnsFor(kind.kind);
    if (cols.headers.length > 3) lines.push(formatTable(cols.headers, [cols.row(obj, now)]));
    const spec = field(obj, 'spec');
    if (spec && typeof spec === 'object') {
      const keys = Object.keys(spec as object).filter((k) => k !== 'template');
      lines.push(`Spec fields: ${keys.join(', ') || '<none>'}`);
    }
  }
  const conds = conditions(obj);
  if (conds.length) lines.push('Conditions:', ...conds);
  // The description is the cluster's data (condition messages, container states and images,
  // custom resources' field names are anyone's text): fenced as a whole, events in their own block.
  return [`${title} (${source})`, untrustedBlock('description', title, lines.join('\n')), await eventsAbout(ctx, obj, kind)].join('\n');
}

/** `k8s-describe-pod`: a pod's containers, states, conditions and events. */
export const describePod = defineTool<ToolContext, { name: { type: 'string'; description: string; required: true }; namespace: { type: 'string'; description: string } }>({
  name: 'k8s-describe-pod',
  title: 'Describe a pod',
  description: 'Describe a pod: status, node, containers with state, restarts and last termination (exit code, OOMKilled), conditions and recent events.',
  access: 'read',
  idempotent: true,
  openWorld: true,
  params: {
    name: { type: 'string', description: 'Pod name.', required: true },
    namespace: { type: 'string', description: 'Namespace; default K8S_NAMESPACE.' },
  },
  run: async (args, ctx) => {
    const kind = await ctx.reader.resolveKind('Pod');
    const source = describeFreshness(ctx, kind);
    const pod = await ctx.reader.get(kind, args.name, args.namespace ?? ctx.defaultNamespace);
    return { text: await describeObject(ctx, kind, pod, source) };
  },
});

/** `k8s-describe`: any kind, with its conditions and events. */
export const describe = defineTool<
  ToolContext,
  { kind: { type: 'string'; description: string; required: true }; name: { type: 'string'; description: string; required: true }; namespace: { type: 'string'; description: string } }
>({
  name: 'k8s-describe',
  title: 'Describe any resource',
  description: 'Describe one object of any kind: labels, owners, key status columns, conditions and recent events.',
  access: 'read',
  idempotent: true,
  openWorld: true,
  params: {
    kind: { type: 'string', description: 'Kind, plural, short name or plural.group.', required: true },
    name: { type: 'string', description: 'Object name.', required: true },
    namespace: { type: 'string', description: 'Namespace (namespaced kinds); default K8S_NAMESPACE.' },
  },
  run: async (args, ctx) => {
    const kind = await ctx.reader.resolveKind(args.kind);
    const source = describeFreshness(ctx, kind);
    const obj = await ctx.reader.get(kind, args.name, kind.namespaced ? (args.namespace ?? ctx.defaultNamespace) : undefined);
    return { text: await describeObject(ctx, kind, obj, source) };
  },
});
