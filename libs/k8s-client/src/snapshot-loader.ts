import { readdir, readFile, stat } from 'node:fs/promises';
import type { Cluster } from './cluster-reader.js';
import type { KubeObject } from './kube-object.js';
import { isNamespaceKind } from './live-target.js';
import type { NamespacePolicy } from './namespace-policy.js';
import { hideNamespaceReferences } from './namespace-references.js';
import { BUILTIN_KINDS, type ResourceKind } from './resource-kind.js';
import { createSnapshotCluster, kindKey } from './snapshot-cluster.js';
import { type SnapshotClock, snapshotClock } from './snapshot-clock.js';
import { findSnapshotFiles, type SnapshotIo, type SnapshotStat } from './snapshot-files.js';
import { parseDumpLogs, type PodLogs } from './snapshot-logs.js';
import { extractObjects, kindOfObject, type ExtractedObject } from './snapshot-objects.js';
import { parseSnapshotText, snapshotInvalid } from './snapshot-parse.js';

/** Options of {@link loadSnapshot}. */
export interface LoadSnapshotOptions {
  /** Which namespaces callers may see; objects in hidden namespaces are never returned. */
  readonly policy: NamespacePolicy;
  /** Cap on the objects one list returns (K8S_MAX_RESOURCES). */
  readonly maxResources: number;
  /** Namespace of a namespaced `get` that names none, and of manifests without one. Default `default`. */
  readonly defaultNamespace?: string;
  /** Largest file read, in bytes. Default 256 MiB. */
  readonly maxFileBytes?: number;
  /** Reads a file as UTF-8. Default: node:fs/promises. */
  readonly readFile?: (path: string) => Promise<string>;
  /** Lists a directory's entry names. Default: node:fs/promises. */
  readonly readdir?: (path: string) => Promise<string[]>;
  /** Stats a path (following symlinks). Default: node:fs/promises. */
  readonly stat?: (path: string) => Promise<SnapshotStat>;
}

/** What a loaded snapshot holds (counts are of what the namespace policy lets callers see). */
export interface SnapshotInfo {
  /** The file or directory loaded. */
  readonly source: string;
  /** Every file read, in reading order. */
  readonly files: readonly string[];
  /** Visible objects. */
  readonly objects: number;
  /** Visible objects by kind: `Pod`, or `Deployment.apps` for kinds of a named group. */
  readonly objectsByKind: Readonly<Record<string, number>>;
  /** Objects left out because the policy hides their namespace (count only). */
  readonly hiddenByPolicy: number;
  /** Objects that appeared more than once (same kind, namespace and name); the last one read wins. */
  readonly duplicates: number;
  /** Visible pods whose logs the snapshot holds (cluster-info dump only). */
  readonly podsWithLogs: number;
  /** When the snapshot was recorded, if it says (annotation `k8s-mcp.io/recorded-at` of a List). */
  readonly recordedAt?: string;
  /**
   * The time to judge the snapshot at (ages, overdue CronJobs, recent events): `recordedAt`, else
   * the newest time stamped in its objects (see `snapshotClock`). Absent when it holds no time at all.
   */
  readonly clock?: SnapshotClock;
}

/** A {@link Cluster} read from a snapshot, with what was loaded. */
export interface SnapshotCluster extends Cluster {
  readonly source: 'snapshot';
  readonly snapshotInfo: SnapshotInfo;
}

const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function kindLabel(kind: ResourceKind): string {
  return kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
}

function compareObjects(a: KubeObject, b: KubeObject): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/**
 * Loads an offline snapshot as a read-only {@link Cluster} (`source: 'snapshot'`). `source` is
 * a file or a directory holding any of: `kubectl get ... -o json` or `-o yaml` output (a `List`
 * or typed `*List`), multi-document YAML, single objects, or the layout of
 * `kubectl cluster-info dump --output-directory` (whose `<ns>/<pod>/logs.txt` serve `logs()`).
 *
 * At load time `metadata.managedFields`, the last-applied-configuration annotation and every
 * Secret value (`data`, `stringData`; keys kept, values `<redacted: N bytes>` as on a live
 * cluster) are dropped, so they are
 * never kept. Objects in namespaces the policy hides are kept apart and only ever counted;
 * references of visible objects into them read `<hidden>` (`hideNamespaceReferences`).
 * Built-in kinds are matched by group and kind; others get a kind derived from their
 * `apiVersion` and `kind`. Reads follow the live cluster's rules (policy, selectors,
 * `maxResources` truncation, `NOT_FOUND`); writes throw `READ_ONLY`.
 *
 * @throws K8sClientError `SNAPSHOT_INVALID` naming the file (and document, item or line) when
 *   the source is missing, malformed, or holds no Kubernetes objects.
 */
export async function loadSnapshot(source: string, options: LoadSnapshotOptions): Promise<SnapshotCluster> {
  const io: SnapshotIo = {
    readFile: options.readFile ?? ((path) => readFile(path, 'utf8')),
    readdir: options.readdir ?? ((path) => readdir(path)),
    stat: options.stat ?? ((path) => stat(path)),
  };
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const files = await findSnapshotFiles(source, io);

  const extracted: ExtractedObject[] = [];
  const rawLogs = new Map<string, PodLogs>();
  const recorded: string[] = [];
  for (const file of files) {
    if (file.size > maxFileBytes) {
      throw snapshotInvalid(file.path, '', `${file.size} bytes is over the ${maxFileBytes}-byte limit for one file; split the snapshot by namespace or kind`);
    }
    const text = await io.readFile(file.path).catch((error: unknown) => {
      throw snapshotInvalid(file.path, '', `cannot read it (${error instanceof Error ? error.message : String(error)})`);
    });
    if (file.role === 'logs') {
      rawLogs.set(`${file.namespace}/${file.pod}`, parseDumpLogs(text));
      continue;
    }
    for (const doc of parseSnapshotText(text, file.path, file.format)) {
      const { objects, recordedAt } = extractObjects(doc, file.path);
      extracted.push(...objects);
      if (recordedAt) recorded.push(recordedAt);
    }
  }
  if (extracted.length === 0) {
    throw snapshotInvalid(
      source,
      '',
      `holds no Kubernetes objects (${files.length} file${files.length === 1 ? '' : 's'} read, all empty); snapshot a cluster with kubectl get <kinds> -A -o json`,
    );
  }

  // A kind not built in is namespaced when any of its objects names a namespace.
  const namespacedTypes = new Set(extracted.filter((e) => e.object.metadata.namespace !== undefined).map((e) => `${e.apiVersion}|${e.kind}`));
  const byKey = new Map<string, { kind: ResourceKind; objects: Map<string, KubeObject> }>();
  let duplicates = 0;
  for (const e of extracted) {
    const kind = kindOfObject(e.apiVersion, e.kind, namespacedTypes.has(`${e.apiVersion}|${e.kind}`));
    let object: KubeObject = e.object;
    if (kind.namespaced && object.metadata.namespace === undefined) {
      object = { ...object, metadata: { ...object.metadata, namespace: defaultNamespace } };
    }
    const key = kindKey(kind);
    const bucket = byKey.get(key) ?? { kind, objects: new Map<string, KubeObject>() };
    byKey.set(key, bucket);
    const id = `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    if (bucket.objects.has(id)) duplicates++;
    bucket.objects.set(id, deepFreeze(object));
  }

  const { policy } = options;
  const visible = new Map<string, KubeObject[]>();
  const hidden = new Map<string, KubeObject[]>();
  const objectsByKind: Record<string, number> = {};
  let visibleCount = 0;
  let hiddenCount = 0;
  for (const [key, { kind, objects }] of byKey) {
    const shown: KubeObject[] = [];
    const kept: KubeObject[] = [];
    for (const object of objects.values()) {
      const ns = isNamespaceKind(kind) ? object.metadata.name : kind.namespaced ? object.metadata.namespace : undefined;
      if (policy.isAllowed(ns)) shown.push(deepFreeze(hideNamespaceReferences(object, policy)));
      else kept.push(object);
    }
    visible.set(key, shown.sort(compareObjects));
    hidden.set(key, kept);
    visibleCount += shown.length;
    hiddenCount += kept.length;
    if (shown.length > 0) objectsByKind[kindLabel(kind)] = shown.length;
  }
  const logs = new Map([...rawLogs].filter(([key]) => policy.isAllowed(key.slice(0, key.indexOf('/')))));
  const builtinKeys = new Set(BUILTIN_KINDS.map(kindKey));
  const extraKinds = [...byKey.values()].map((b) => b.kind).filter((k) => !builtinKeys.has(kindKey(k)));

  const cluster = createSnapshotCluster(
    { source, extraKinds, visible, hidden, logs },
    { policy, maxResources: options.maxResources, defaultNamespace },
  );
  const recordedAt = recorded.sort().at(-1);
  const clock = snapshotClock(recordedAt, extracted.map((e) => e.object));
  const snapshotInfo: SnapshotInfo = deepFreeze({
    source,
    files: files.map((f) => f.path),
    objects: visibleCount,
    objectsByKind,
    hiddenByPolicy: hiddenCount,
    duplicates,
    podsWithLogs: logs.size,
    ...(recordedAt === undefined ? {} : { recordedAt }),
    ...(clock === undefined ? {} : { clock }),
  });
  return Object.freeze({ ...cluster, source: 'snapshot' as const, snapshotInfo });
}
