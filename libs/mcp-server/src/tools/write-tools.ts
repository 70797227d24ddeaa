import type { ClusterWriter, KubeObject } from '@k8s-mcp/k8s-client';
import { defineTool } from '../tool-definition.js';
import { ToolArgumentError } from '../tool-params.js';
import type { ToolContext } from './tool-context.js';

function writerOf(ctx: ToolContext): ClusterWriter {
  if (!ctx.writer) {
    throw Object.assign(new Error('this server reads an offline snapshot; writes are refused. Connect it to a live cluster to change it.'), { code: 'READ_ONLY' });
  }
  return ctx.writer;
}

const dryRunParam = { type: 'boolean', description: 'Validate on the server without changing anything.', default: false } as const;

/** `k8s-scale-deployment`: set a Deployment's replicas. */
export const scaleDeployment = defineTool<
  ToolContext,
  { name: { type: 'string'; description: string; required: true }; namespace: { type: 'string'; description: string }; replicas: { type: 'integer'; description: string; required: true; minimum: 0; maximum: 1000 }; dry_run: typeof dryRunParam }
>({
  name: 'k8s-scale-deployment',
  title: 'Scale a deployment',
  description: 'Set the replica count of a Deployment (needs K8S_MCP_ALLOW_WRITES).',
  access: 'write',
  idempotent: true,
  openWorld: true,
  params: {
    name: { type: 'string', description: 'Deployment name.', required: true },
    namespace: { type: 'string', description: 'Namespace; default K8S_NAMESPACE.' },
    replicas: { type: 'integer', description: 'Desired replicas.', required: true, minimum: 0, maximum: 1000 },
    dry_run: dryRunParam,
  },
  run: async (args, ctx) => {
    const ns = args.namespace ?? ctx.defaultNamespace;
    await writerOf(ctx).scale('Deployment', args.name, ns, args.replicas, { dryRun: args.dry_run });
    return { text: `${args.dry_run ? '[dry run] would scale' : 'Scaled'} Deployment ${ns}/${args.name} to ${args.replicas} replicas.` };
  },
});

/** `k8s-scale`: any scalable kind (Deployment, StatefulSet, ReplicaSet, custom resources with a scale subresource). */
export const scale = defineTool<
  ToolContext,
  { kind: { type: 'string'; description: string; required: true }; name: { type: 'string'; description: string; required: true }; namespace: { type: 'string'; description: string }; replicas: { type: 'integer'; description: string; required: true; minimum: 0; maximum: 1000 }; dry_run: typeof dryRunParam }
>({
  name: 'k8s-scale',
  title: 'Scale any scalable resource',
  description: 'Set replicas through the scale subresource of any scalable kind (needs K8S_MCP_ALLOW_WRITES).',
  access: 'write',
  idempotent: true,
  openWorld: true,
  params: {
    kind: { type: 'string', description: 'Kind, e.g. Deployment, StatefulSet, ReplicaSet.', required: true },
    name: { type: 'string', description: 'Object name.', required: true },
    namespace: { type: 'string', description: 'Namespace; default K8S_NAMESPACE.' },
    replicas: { type: 'integer', description: 'Desired replicas.', required: true, minimum: 0, maximum: 1000 },
    dry_run: dryRunParam,
  },
  run: async (args, ctx) => {
    const kind = await ctx.reader.resolveKind(args.kind);
    const ns = args.namespace ?? ctx.defaultNamespace;
    await writerOf(ctx).scale(kind, args.name, ns, args.replicas, { dryRun: args.dry_run });
    return { text: `${args.dry_run ? '[dry run] would scale' : 'Scaled'} ${kind.kind} ${ns}/${args.name} to ${args.replicas} replicas.` };
  },
});

/** `k8s-rollout-restart`: restart a workload's pods the way `kubectl rollout restart` does. */
export const rolloutRestart = defineTool<
  ToolContext,
  { kind: { type: 'string'; description: string; enum: readonly ['Deployment', 'StatefulSet', 'DaemonSet']; default: 'Deployment' }; name: { type: 'string'; description: string; required: true }; namespace: { type: 'string'; description: string }; dry_run: typeof dryRunParam }
>({
  name: 'k8s-rollout-restart',
  title: 'Restart a workload',
  description: 'Roll a Deployment, StatefulSet or DaemonSet by stamping its pod template with a restart time, like kubectl rollout restart (needs K8S_MCP_ALLOW_WRITES).',
  access: 'write',
  idempotent: false,
  openWorld: true,
  params: {
    kind: { type: 'string', description: 'Workload kind.', enum: ['Deployment', 'StatefulSet', 'DaemonSet'], default: 'Deployment' },
    name: { type: 'string', description: 'Workload name.', required: true },
    namespace: { type: 'string', description: 'Namespace; default K8S_NAMESPACE.' },
    dry_run: dryRunParam,
  },
  run: async (args, ctx) => {
    const ns = args.namespace ?? ctx.defaultNamespace;
    const at = new Date(ctx.now()).toISOString();
    const patch = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } };
    await writerOf(ctx).patch(args.kind, args.name, ns, patch, 'strategic', { dryRun: args.dry_run });
    return { text: `${args.dry_run ? '[dry run] would restart' : 'Restarted'} ${args.kind} ${ns}/${args.name} (restartedAt ${at}).` };
  },
});

function parseManifest(text: string): KubeObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ToolArgumentError('manifest', 'Invalid argument "manifest": expected one Kubernetes object as JSON (apiVersion, kind, metadata.name).');
  }
  const obj = parsed as Partial<KubeObject>;
  if (!obj || typeof obj !== 'object' || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || typeof obj.metadata?.name !== 'string') {
    throw new ToolArgumentError('manifest', 'Invalid argument "manifest": the object needs apiVersion, kind and metadata.name.');
  }
  return obj as KubeObject;
}

/** `k8s-apply`: server-side apply of one manifest (destructive: it can overwrite anything). */
export const apply = defineTool<
  ToolContext,
  { manifest: { type: 'string'; description: string; required: true }; namespace: { type: 'string'; description: string }; force: { type: 'boolean'; description: string; default: false }; dry_run: typeof dryRunParam }
>({
  name: 'k8s-apply',
  title: 'Apply a manifest',
  description: 'Create or update one object by server-side apply (field manager k8s-mcp). Needs K8S_MCP_ALLOW_WRITES and K8S_MCP_ALLOW_DESTRUCTIVE. Try dry_run first.',
  access: 'destructive',
  idempotent: true,
  openWorld: true,
  params: {
    manifest: { type: 'string', description: 'One Kubernetes object as JSON.', required: true },
    namespace: { type: 'string', description: 'Namespace when the manifest has none; default K8S_NAMESPACE.' },
    force: { type: 'boolean', description: 'Take over fields owned by other managers.', default: false },
    dry_run: dryRunParam,
  },
  run: async (args, ctx) => {
    const manifest = parseManifest(args.manifest);
    const kind = await ctx.reader.resolveKind(`${manifest.kind}`);
    const withNs = kind.namespaced && !manifest.metadata.namespace ? { ...manifest, metadata: { ...manifest.metadata, namespace: args.namespace ?? ctx.defaultNamespace } } : manifest;
    const applied = await writerOf(ctx).apply(withNs, { force: args.force, dryRun: args.dry_run });
    return { text: `${args.dry_run ? '[dry run] would apply' : 'Applied'} ${applied.kind ?? manifest.kind} ${applied.metadata.namespace ? `${applied.metadata.namespace}/` : ''}${applied.metadata.name} (resourceVersion ${applied.metadata.resourceVersion ?? '?'}).` };
  },
});

/** `k8s-delete`: delete one object. */
export const remove = defineTool<
  ToolContext,
  { kind: { type: 'string'; description: string; required: true }; name: { type: 'string'; description: string; required: true }; namespace: { type: 'string'; description: string }; dry_run: typeof dryRunParam }
>({
  name: 'k8s-delete',
  title: 'Delete a resource',
  description: 'Delete one object of any kind (background propagation). Needs K8S_MCP_ALLOW_WRITES and K8S_MCP_ALLOW_DESTRUCTIVE. Try dry_run first.',
  access: 'destructive',
  idempotent: false,
  openWorld: true,
  params: {
    kind: { type: 'string', description: 'Kind, plural, short name or plural.group.', required: true },
    name: { type: 'string', description: 'Object name.', required: true },
    namespace: { type: 'string', description: 'Namespace (namespaced kinds); default K8S_NAMESPACE.' },
    dry_run: dryRunParam,
  },
  run: async (args, ctx) => {
    const kind = await ctx.reader.resolveKind(args.kind);
    const ns = kind.namespaced ? (args.namespace ?? ctx.defaultNamespace) : undefined;
    await writerOf(ctx).delete(kind, args.name, ns, { dryRun: args.dry_run });
    return { text: `${args.dry_run ? '[dry run] would delete' : 'Deleted'} ${kind.kind} ${ns ? `${ns}/` : ''}${args.name}.` };
  },
});
