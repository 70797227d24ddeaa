import type { KubeObject } from './kube-object.js';
import type { ResourceKind } from './resource-kind.js';

/** Options of {@link ClusterReader.list}. */
export interface ListOptions {
  /** Namespace to list in; leave out for all namespaces (the policy still filters them). */
  readonly namespace?: string;
  /** Label selector, e.g. `app=web,tier!=db`. */
  readonly labelSelector?: string;
  /** Field selector, e.g. `status.phase=Running`. */
  readonly fieldSelector?: string;
  /** Most objects to return; capped by the reader's maximum (K8S_MAX_RESOURCES). */
  readonly limit?: number;
  /** Continue token from a previous {@link ListResult.continue}: the next page of the same list. */
  readonly continue?: string;
}

/** What {@link ClusterReader.list} returns. Truncation is always reported, never silent. */
export interface ListResult {
  readonly kind: ResourceKind;
  readonly items: readonly KubeObject[];
  /** True when more objects matched than were returned. */
  readonly truncated: boolean;
  /** How many more matched, when the source knows (`remainingItemCount`). */
  readonly remaining?: number;
  /** Objects left out because the namespace policy hides their namespace (count only). */
  readonly hiddenByPolicy: number;
  /** Pass as {@link ListOptions.continue} to get the next page, when the source supports paging. */
  readonly continue?: string;
}

/** Options of {@link ClusterReader.logs}. */
export interface LogOptions {
  readonly namespace: string;
  readonly name: string;
  /** Container; the API server requires it for multi-container pods. */
  readonly container?: string;
  /** Last N lines. */
  readonly tailLines?: number;
  /** The previous (crashed) container's log. */
  readonly previous?: boolean;
  readonly sinceSeconds?: number;
  /** Cap on bytes returned. */
  readonly limitBytes?: number;
}

/** Where a reader's data comes from. */
export type ClusterSource = 'live' | 'snapshot';

/**
 * Read access to one cluster, live or from a snapshot, with the namespace policy applied:
 * an object in a namespace the policy hides is never returned, not even by name.
 *
 * Failures are {@link K8sClientError}s: `UNKNOWN_KIND`, `NAMESPACE_FORBIDDEN`, `NOT_FOUND`,
 * `FORBIDDEN`, `UNREACHABLE`, ...
 */
export interface ClusterReader {
  readonly source: ClusterSource;
  /** Finds a kind by kind name, plural, short name or `plural.group`, through cached discovery. */
  resolveKind(ref: string): Promise<ResourceKind>;
  /** Every kind the cluster serves (built-ins and custom resources). */
  listKinds(): Promise<readonly ResourceKind[]>;
  list(kind: ResourceKind | string, options?: ListOptions): Promise<ListResult>;
  get(kind: ResourceKind | string, name: string, namespace?: string): Promise<KubeObject>;
  logs(options: LogOptions): Promise<string>;
}

/** Options shared by the write operations. */
export interface WriteOptions {
  /** Validate on the server without persisting. */
  readonly dryRun?: boolean;
  /** Field manager for server-side apply. Default `k8s-mcp`. */
  readonly fieldManager?: string;
}

/**
 * Write access, for the write tools only. A snapshot refuses every write with `READ_ONLY`.
 * The namespace policy applies as for reads.
 */
export interface ClusterWriter {
  /** Sets `spec.replicas` through the `scale` subresource. */
  scale(kind: ResourceKind | string, name: string, namespace: string, replicas: number, options?: WriteOptions): Promise<KubeObject>;
  /** Server-side apply of one manifest. `force` takes conflicting fields over. */
  apply(manifest: KubeObject, options?: WriteOptions & { readonly force?: boolean }): Promise<KubeObject>;
  /** Patches an object (`merge`, `strategic` or `json` patch). */
  patch(
    kind: ResourceKind | string,
    name: string,
    namespace: string | undefined,
    patch: unknown,
    type: 'merge' | 'strategic' | 'json',
    options?: WriteOptions,
  ): Promise<KubeObject>;
  /** Deletes an object; `propagationPolicy` defaults to `Background`. */
  delete(
    kind: ResourceKind | string,
    name: string,
    namespace: string | undefined,
    options?: WriteOptions & { readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan' },
  ): Promise<void>;
}

/** A cluster that can be read and written. */
export interface Cluster extends ClusterReader, ClusterWriter {}
