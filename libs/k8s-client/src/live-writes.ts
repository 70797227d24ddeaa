import type { ClusterWriter, WriteOptions } from './cluster-reader.js';
import { K8sClientError } from './k8s-client-error.js';
import type { KubeObject } from './kube-object.js';
import { resourceNameOf, resourcePath, type ResourceKind } from './resource-kind.js';
import { present, resolveTarget, type LiveContext } from './live-target.js';
import { checkInteger, rejectInput } from './validate-input.js';

/** Field manager of server-side apply (and patches) unless the caller names one. */
export const DEFAULT_FIELD_MANAGER = 'k8s-mcp';

const PATCH_CONTENT_TYPES = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
} as const;

const PROPAGATION = new Set(['Background', 'Foreground', 'Orphan']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function writeQuery(options: WriteOptions | undefined, withManager: boolean): Record<string, string | undefined> {
  return {
    dryRun: options?.dryRun ? 'All' : undefined,
    fieldManager: withManager ? (options?.fieldManager ?? DEFAULT_FIELD_MANAGER) : undefined,
  };
}

function checkFieldManager(operation: string, options: WriteOptions | undefined): void {
  const manager = options?.fieldManager;
  if (manager !== undefined && (manager.trim() === '' || manager.length > 128)) {
    rejectInput(operation, 'fieldManager must be 1 to 128 characters');
  }
}

/**
 * The write half of the live cluster. Every call validates its input first (`INVALID`, nothing
 * sent), applies the namespace policy (`NAMESPACE_FORBIDDEN`, nothing sent), and returns objects
 * with Secret values redacted.
 *
 * - `scale` patches the `scale` subresource (Deployment, StatefulSet, ReplicaSet, any custom
 *   resource with a scale subresource); a kind without one fails `INVALID`.
 * - `apply` is server-side apply (field manager `k8s-mcp` by default; `force` takes conflicting
 *   fields over; `dryRun` sends `dryRun=All`); the manifest's apiVersion picks the version.
 * - `patch` sends a merge, strategic-merge or JSON patch.
 * - `delete` uses propagationPolicy `Background` by default.
 */
export function createLiveWriter(ctx: LiveContext): ClusterWriter {
  const { transport } = ctx;

  async function applyKind(manifest: KubeObject, operation: string): Promise<ResourceKind> {
    const apiVersion = manifest.apiVersion as string;
    const slash = apiVersion.indexOf('/');
    const group = slash > 0 ? apiVersion.slice(0, slash) : '';
    const version = slash > 0 ? apiVersion.slice(slash + 1) : apiVersion;
    const exact = (k: ResourceKind) => k.kind === manifest.kind && k.group === group;
    let kind: ResourceKind | undefined;
    try {
      const found = await ctx.discovery.resolveKind(group ? `${manifest.kind}.${group}` : (manifest.kind as string));
      if (exact(found)) kind = found;
    } catch (error) {
      if (!(error instanceof K8sClientError) || error.code !== 'UNKNOWN_KIND') throw error;
    }
    kind ??= (await ctx.discovery.listKinds()).find(exact);
    if (!kind) {
      throw new K8sClientError('UNKNOWN_KIND', `${operation}: the cluster serves no kind ${manifest.kind} in ${apiVersion}; check apiVersion and kind, or install its CustomResourceDefinition first (the k8s-list-resources tool lists every kind)`);
    }
    return { ...kind, version };
  }

  return {
    async scale(kindRef, name, namespace, replicas, options) {
      const operation = `scale ${typeof kindRef === 'string' ? kindRef : resourceNameOf(kindRef)}`;
      checkInteger(operation, 'replicas', replicas, 0);
      const target = await resolveTarget(ctx, kindRef, { verb: 'scale', name, namespace, strictName: true });
      if (target.kind.subresources && !target.kind.subresources.includes('scale')) {
        rejectInput(operation, `${target.kind.kind} has no scale subresource; scale a Deployment, StatefulSet, ReplicaSet or a custom resource that declares one`);
      }
      try {
        const scaled = await transport.json<KubeObject>({
          method: 'PATCH',
          path: resourcePath(target.kind, target.namespace, name, 'scale'),
          query: writeQuery(options, false),
          body: { spec: { replicas } },
          contentType: PATCH_CONTENT_TYPES.merge,
          timeoutMs: ctx.timeoutMs,
          context: target.request,
        });
        return scaled;
      } catch (error) {
        // 404 is also the answer for a kind without a scale subresource: tell the two apart.
        if (error instanceof K8sClientError && error.code === 'NOT_FOUND') {
          const exists = await transport
            .json<KubeObject>({ path: resourcePath(target.kind, target.namespace, name), timeoutMs: ctx.timeoutMs, context: { ...target.request, verb: 'get' } })
            .then(() => true, () => false);
          if (exists) rejectInput(operation, `${target.kind.kind} "${name}" exists but has no scale subresource`);
        }
        throw error;
      }
    },

    async apply(manifest, options) {
      if (!isPlainObject(manifest) || typeof manifest.apiVersion !== 'string' || typeof manifest.kind !== 'string' || !isPlainObject(manifest.metadata)) {
        rejectInput('apply', 'the manifest needs apiVersion, kind and metadata.name');
      }
      const operation = `apply ${manifest.kind}`;
      checkFieldManager(operation, options);
      const meta = manifest.metadata;
      if (typeof meta.name !== 'string') rejectInput(operation, 'metadata.name is missing; generateName is not supported by apply');
      if (meta.namespace !== undefined && typeof meta.namespace !== 'string') rejectInput(operation, 'metadata.namespace must be a string');
      const kind = await applyKind(manifest, operation);
      const target = await resolveTarget(ctx, kind, { verb: 'apply', name: meta.name, namespace: meta.namespace, strictName: true });
      const body = target.namespace ? { ...manifest, metadata: { ...meta, namespace: target.namespace } } : manifest;
      const applied = await transport.json<KubeObject>({
        method: 'PATCH',
        path: resourcePath(target.kind, target.namespace, meta.name),
        query: { ...writeQuery(options, true), force: options?.force ? true : undefined },
        // Server-side apply takes YAML; JSON is YAML.
        body,
        contentType: 'application/apply-patch+yaml',
        timeoutMs: ctx.timeoutMs,
        context: target.request,
      });
      return present(target.kind, applied, ctx.policy);
    },

    async patch(kindRef, name, namespace, patch, type, options) {
      const operation = `patch ${typeof kindRef === 'string' ? kindRef : resourceNameOf(kindRef)}`;
      if (!Object.hasOwn(PATCH_CONTENT_TYPES, type)) rejectInput(operation, `patch type must be merge, strategic or json, got ${JSON.stringify(type)}`);
      if (type === 'json' && (!Array.isArray(patch) || patch.length === 0 || !patch.every((op) => isPlainObject(op) && typeof op['op'] === 'string' && typeof op['path'] === 'string'))) {
        rejectInput(operation, 'a json patch is a non-empty array of operations like {"op":"replace","path":"/spec/replicas","value":2}');
      }
      if (type !== 'json' && !isPlainObject(patch)) rejectInput(operation, `a ${type} patch is a JSON object, e.g. {"metadata":{"labels":{"tier":"web"}}}`);
      checkFieldManager(operation, options);
      const target = await resolveTarget(ctx, kindRef, { verb: 'patch', name, namespace, strictName: true });
      const patched = await transport.json<KubeObject>({
        method: 'PATCH',
        path: resourcePath(target.kind, target.namespace, name),
        query: writeQuery(options, true),
        body: patch,
        contentType: PATCH_CONTENT_TYPES[type],
        timeoutMs: ctx.timeoutMs,
        context: target.request,
      });
      return present(target.kind, patched, ctx.policy);
    },

    async delete(kindRef, name, namespace, options) {
      const operation = `delete ${typeof kindRef === 'string' ? kindRef : resourceNameOf(kindRef)}`;
      const propagationPolicy = options?.propagationPolicy ?? 'Background';
      if (!PROPAGATION.has(propagationPolicy)) rejectInput(operation, 'propagationPolicy must be Background, Foreground or Orphan');
      const target = await resolveTarget(ctx, kindRef, { verb: 'delete', name, namespace, strictName: true });
      await transport.json<unknown>({
        method: 'DELETE',
        path: resourcePath(target.kind, target.namespace, name),
        query: { propagationPolicy, dryRun: options?.dryRun ? 'All' : undefined },
        timeoutMs: ctx.timeoutMs,
        context: target.request,
      });
    },
  };
}
