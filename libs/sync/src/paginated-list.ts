import {
  K8sClientError,
  resourceNameOf,
  resourcePath,
  type KubeObject,
  type KubeTransport,
  type ResourceKind,
} from '@k8s-mcp/k8s-client';

/** Input of {@link listAllPages}. */
export interface PaginatedListOptions<T> {
  readonly transport: KubeTransport;
  readonly kind: ResourceKind;
  /** List in this namespace only; absent: cluster-wide. */
  readonly namespace?: string;
  /** `limit` of each page. */
  readonly pageSize: number;
  /** Maps each raw item as its page arrives, so raw pages never pile up in memory. */
  readonly map: (item: KubeObject) => T;
  readonly signal?: AbortSignal;
  /** Timeout of each page request. */
  readonly timeoutMs?: number;
  /** How many times an expired continue token (410) may restart the list. Default 3. */
  readonly maxRestarts?: number;
}

/** A complete list: every item (mapped) and the resourceVersion to watch from. */
export interface PaginatedListResult<T> {
  readonly items: T[];
  readonly resourceVersion: string;
  /** Times the list started over because its continue token expired. */
  readonly restarts: number;
}

interface ListBody {
  readonly metadata?: { readonly resourceVersion?: string; readonly continue?: string };
  readonly items?: readonly KubeObject[] | null;
}

/**
 * Lists every object of a kind page by page (`limit`, following `continue`). A 410 on a
 * continued page means the snapshot expired mid-list: the list starts over from the first page,
 * up to `maxRestarts` times.
 *
 * @throws K8sClientError from the transport (`FORBIDDEN`, `GONE` after too many restarts,
 *   `UNREACHABLE`, ...), or `BAD_RESPONSE` when the answer has no resourceVersion.
 */
export async function listAllPages<T>(options: PaginatedListOptions<T>): Promise<PaginatedListResult<T>> {
  const { transport, kind, namespace, pageSize, map, signal, timeoutMs } = options;
  const maxRestarts = options.maxRestarts ?? 3;
  const path = resourcePath(kind, namespace);
  const context = { verb: 'list', resource: resourceNameOf(kind), ...(namespace ? { namespace } : {}) };
  for (let restarts = 0; ; restarts++) {
    const items: T[] = [];
    let token: string | undefined;
    let resourceVersion = '';
    try {
      do {
        const page = await transport.json<ListBody>({
          path,
          query: { limit: pageSize, continue: token },
          context,
          ...(signal ? { signal } : {}),
          ...(timeoutMs ? { timeoutMs } : {}),
        });
        for (const item of page.items ?? []) items.push(map(item));
        resourceVersion = page.metadata?.resourceVersion ?? '';
        token = page.metadata?.continue || undefined;
      } while (token);
    } catch (error) {
      const expired = error instanceof K8sClientError && error.code === 'GONE' && token !== undefined;
      if (expired && restarts < maxRestarts) continue;
      throw error;
    }
    if (!resourceVersion) {
      throw new K8sClientError('BAD_RESPONSE', `list ${context.resource}: the API server's list has no resourceVersion to watch from`);
    }
    return { items, resourceVersion, restarts };
  }
}
