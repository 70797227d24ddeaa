import type { Cluster, ListOptions, ListResult, LogOptions } from './cluster-reader.js';
import { K8sClientError, type RequestContext } from './k8s-client-error.js';
import type { KubeObject } from './kube-object.js';
import { clipText, quotePreview } from './message-preview.js';
import { parseLabelSelector } from './label-selector.js';
import type { NamespacePolicy } from './namespace-policy.js';
import { BUILTIN_KINDS, matchKind, resourceNameOf, type ResourceKind } from './resource-kind.js';
import { compileFieldSelector } from './field-selector.js';
import { selectPodLog, type PodLogs } from './snapshot-logs.js';
import { isNamespaceKind } from './live-target.js';
import { checkInteger, checkName, checkNamespace } from './validate-input.js';

// Continue tokens of snapshot lists are offsets into the (stable) sorted result.
const CONTINUE_PREFIX = 'snapshot:';

function parseContinue(operation: string, token: string): number {
  const offset = token.startsWith(CONTINUE_PREFIX) ? Number(token.slice(CONTINUE_PREFIX.length)) : Number.NaN;
  if (!Number.isInteger(offset) || offset < 0) {
    throw new K8sClientError('INVALID', `${operation}: continue token "${token}" does not come from this snapshot; list again without it`);
  }
  return offset;
}

function label(kindRef: ResourceKind | string): string {
  return typeof kindRef === 'string' ? clipText(kindRef) : resourceNameOf(kindRef);
}

/** Key of a kind in a snapshot: group and kind (the version does not split objects). */
export function kindKey(kind: ResourceKind): string {
  return `${kind.group}/${kind.kind}`;
}

/** The objects of a snapshot, split by what the namespace policy lets callers see. */
export interface SnapshotContents {
  /** The file or directory the snapshot came from, for messages. */
  readonly source: string;
  /** Kinds of the objects present that are not built-in. */
  readonly extraKinds: readonly ResourceKind[];
  /** Visible objects by {@link kindKey}, sorted by namespace and name. */
  readonly visible: ReadonlyMap<string, readonly KubeObject[]>;
  /** Objects the policy hides, by {@link kindKey}: only ever counted, never returned. */
  readonly hidden: ReadonlyMap<string, readonly KubeObject[]>;
  /** Pod logs by `namespace/pod` (cluster-info dump), visible namespaces only. */
  readonly logs: ReadonlyMap<string, PodLogs>;
}

/** Options of {@link createSnapshotCluster}. */
export interface SnapshotClusterOptions {
  readonly policy: NamespacePolicy;
  /** Cap on the objects one list returns. */
  readonly maxResources: number;
  /** Namespace of a namespaced `get` that names none. */
  readonly defaultNamespace: string;
}

/**
 * A read-only {@link Cluster} over loaded snapshot contents. Reads behave like a live cluster's
 * under the same namespace policy; every write throws `READ_ONLY` and changes nothing.
 */
export function createSnapshotCluster(contents: SnapshotContents, options: SnapshotClusterOptions): Cluster {
  const { policy, maxResources, defaultNamespace } = options;
  const kinds: readonly ResourceKind[] = Object.freeze([...BUILTIN_KINDS, ...contents.extraKinds]);
  // Never the snapshot's path: messages reach callers, and a path of the server's machine is not theirs to see.
  const where = 'the snapshot';

  const resolve = (ref: ResourceKind | string): ResourceKind => {
    if (typeof ref !== 'string') return ref;
    const kind = matchKind(kinds, ref);
    if (!kind) {
      throw new K8sClientError(
        'UNKNOWN_KIND',
        `no kind ${quotePreview(ref)} in ${where} or the built-in kinds; use a kind, plural or short name such as pods, deploy or ingresses.networking.k8s.io (the k8s-list-resources tool lists them all)`,
        { context: { resource: ref } },
      );
    }
    return kind;
  };

  const readOnly = (verb: string, ctx: RequestContext): never => {
    throw new K8sClientError(
      'READ_ONLY',
      `${verb}: this is an offline snapshot: writes are refused; connect to a live cluster to change it`,
      { context: { verb, ...ctx } },
    );
  };

  const cluster: Cluster = {
    source: 'snapshot',

    async resolveKind(ref) {
      return resolve(ref);
    },

    async listKinds() {
      return kinds;
    },

    async list(kindRef, listOptions: ListOptions = {}): Promise<ListResult> {
      const operation = `list ${label(kindRef)}`;
      if (listOptions.limit !== undefined) checkInteger(operation, 'limit', listOptions.limit, 1);
      // As on a live cluster, an explicit namespace is checked before the kind is resolved.
      if (listOptions.namespace !== undefined) {
        checkNamespace(operation, listOptions.namespace);
        policy.assertAllowed(listOptions.namespace, 'list');
      }
      const kind = resolve(kindRef);
      const namespace = kind.namespaced ? listOptions.namespace : undefined;
      const limit = Math.min(listOptions.limit ?? maxResources, maxResources);
      const offset = listOptions.continue === undefined ? 0 : parseContinue(operation, listOptions.continue);
      const labels = listOptions.labelSelector ? parseLabelSelector(listOptions.labelSelector) : undefined;
      const fields = listOptions.fieldSelector ? compileFieldSelector(listOptions.fieldSelector, kind.kind) : undefined;
      const matches = (o: KubeObject): boolean =>
        (namespace === undefined || o.metadata.namespace === namespace) &&
        (labels === undefined || labels.matches(o.metadata.labels)) &&
        (fields === undefined || fields.matches(o));
      const matched = (contents.visible.get(kindKey(kind)) ?? []).filter(matches);
      const hiddenByPolicy =
        namespace === undefined && offset === 0 ? (contents.hidden.get(kindKey(kind)) ?? []).filter(matches).length : 0;
      const end = offset + limit;
      const truncated = matched.length > end;
      return {
        kind,
        items: matched.slice(offset, end),
        truncated,
        ...(truncated ? { remaining: matched.length - end, continue: `${CONTINUE_PREFIX}${end}` } : {}),
        hiddenByPolicy,
      };
    },

    async get(kindRef, name, namespace) {
      const operation = `get ${label(kindRef)}`;
      checkName(operation, name, false);
      if (namespace !== undefined) {
        checkNamespace(operation, namespace);
        policy.assertAllowed(namespace, 'get');
      }
      const kind = resolve(kindRef);
      const ns = kind.namespaced ? (namespace ?? defaultNamespace) : undefined;
      policy.assertAllowed(isNamespaceKind(kind) ? name : ns, 'get');
      const found = (contents.visible.get(kindKey(kind)) ?? []).find(
        (o) => o.metadata.name === name && (ns === undefined || o.metadata.namespace === ns),
      );
      if (!found) {
        const what = `${resourceNameOf(kind)} ${quotePreview(name)}${ns === undefined ? '' : ` in namespace ${quotePreview(ns)}`}`;
        throw new K8sClientError(
          'NOT_FOUND',
          `get ${what}: not found in ${where}; list ${resourceNameOf(kind)} to see what it holds`,
          { context: { verb: 'get', resource: resourceNameOf(kind), namespace: ns, name } },
        );
      }
      return found;
    },

    async logs(logOptions: LogOptions) {
      const operation = 'read logs of pods';
      checkNamespace(operation, logOptions.namespace);
      checkName(operation, logOptions.name, false);
      policy.assertAllowed(logOptions.namespace, 'read logs');
      if (logOptions.tailLines !== undefined) checkInteger(operation, 'tailLines', logOptions.tailLines, 0);
      if (logOptions.sinceSeconds !== undefined) checkInteger(operation, 'sinceSeconds', logOptions.sinceSeconds, 1);
      if (logOptions.limitBytes !== undefined) checkInteger(operation, 'limitBytes', logOptions.limitBytes, 1);
      const podLogs = contents.logs.get(`${logOptions.namespace}/${logOptions.name}`);
      if (!podLogs) {
        // Distinguish a missing pod from a pod the snapshot has no logs for.
        await cluster.get('pods', logOptions.name, logOptions.namespace);
        throw new K8sClientError(
          'NOT_FOUND',
          `logs: ${where} holds no logs for pod ${logOptions.namespace}/${logOptions.name}; only snapshots written by kubectl cluster-info dump --output-directory carry logs`,
          { context: { verb: 'logs', resource: 'pods', namespace: logOptions.namespace, name: logOptions.name } },
        );
      }
      return selectPodLog(podLogs, logOptions);
    },

    async scale(kindRef, name, namespace) {
      return readOnly('scale', { resource: label(kindRef), namespace, name });
    },
    async apply(manifest) {
      return readOnly('apply', { resource: manifest.kind, namespace: manifest.metadata?.namespace, name: manifest.metadata?.name });
    },
    async patch(kindRef, name, namespace) {
      return readOnly('patch', { resource: label(kindRef), namespace, name });
    },
    async delete(kindRef, name, namespace) {
      return readOnly('delete', { resource: label(kindRef), namespace, name });
    },
  };
  return Object.freeze(cluster);
}
