/** Thrown by {@link parseResourceId} (and {@link resourceId}) for malformed input. */
export class InvalidResourceIdError extends Error {
  /** Stable machine-readable error code. */
  readonly code = 'INVALID_RESOURCE_ID' as const;

  /** Builds the error; the message quotes the offending input. */
  constructor(message: string) {
    super(message);
    this.name = 'InvalidResourceIdError';
  }
}

/** Identifies one Kubernetes object; `namespace` is absent for cluster-scoped objects. */
export interface ResourceRef {
  /** Object kind, e.g. `Pod`, `Deployment`, `Node`. */
  readonly kind: string;
  /** Namespace, or undefined for cluster-scoped kinds. */
  readonly namespace?: string | undefined;
  /** Object name. */
  readonly name: string;
}

/**
 * Namespace segment used in ids of cluster-scoped objects. It can never clash with a real
 * namespace, whose name is a DNS label (no `_`).
 */
export const CLUSTER_SCOPE = '_cluster';

function check(part: string, what: string, input: string): void {
  if (part === '' || part.includes('/')) {
    throw new InvalidResourceIdError(`${what} must be non-empty and contain no "/" (in ${JSON.stringify(input)})`);
  }
}

/**
 * The graph node id of an object: `Kind/namespace/name`, or `Kind/_cluster/name` for a
 * cluster-scoped object (`Pod/default/web-1`, `Node/_cluster/worker-1`).
 *
 * @throws InvalidResourceIdError when a part is empty or contains "/", or the namespace is `_cluster`
 */
export function resourceId(ref: ResourceRef): string {
  const id = `${ref.kind}/${ref.namespace ?? CLUSTER_SCOPE}/${ref.name}`;
  check(ref.kind, 'kind', id);
  check(ref.name, 'name', id);
  if (ref.namespace !== undefined) {
    check(ref.namespace, 'namespace', id);
    if (ref.namespace === CLUSTER_SCOPE) {
      throw new InvalidResourceIdError(`namespace must not be "${CLUSTER_SCOPE}" (reserved for cluster-scoped objects)`);
    }
  }
  return id;
}

/**
 * Inverse of {@link resourceId}: `Kind/_cluster/name` gives a ref without namespace.
 *
 * @throws InvalidResourceIdError unless the id has exactly three non-empty "/"-separated parts
 */
export function parseResourceId(id: string): ResourceRef {
  const parts = id.split('/');
  if (parts.length !== 3 || parts.some((p) => p === '')) {
    throw new InvalidResourceIdError(
      `resource id must look like Kind/namespace/name or Kind/${CLUSTER_SCOPE}/name, got ${JSON.stringify(id)}`,
    );
  }
  const [kind, namespace, name] = parts as [string, string, string];
  return namespace === CLUSTER_SCOPE ? { kind, name } : { kind, namespace, name };
}
