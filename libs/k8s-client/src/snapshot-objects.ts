import type { KubeObject } from './kube-object.js';
import { BUILTIN_KINDS, type ResourceKind } from './resource-kind.js';
import { snapshotInvalid, type SnapshotDocument } from './snapshot-parse.js';

// Secret values become `<redacted: N bytes>`, the live cluster's format; a value already in that
// form (a snapshot written from redacted data) is kept, so loading is idempotent.
const PLACEHOLDER = /^<redacted(: \d+ bytes)?>$/;

function redactValue(value: unknown, base64: boolean): string {
  if (typeof value === 'string' && PLACEHOLDER.test(value)) return value;
  const bytes = typeof value !== 'string' ? 0 : base64 ? Buffer.from(value, 'base64').length : Buffer.byteLength(value);
  return `<redacted: ${bytes} bytes>`;
}

/** Annotation of a List (as the demo recording writes it) giving when the snapshot was taken. */
export const RECORDED_AT_ANNOTATION = 'k8s-mcp.io/recorded-at';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** An object read from a snapshot document, sanitised, with its type as written or inferred. */
export interface ExtractedObject {
  readonly apiVersion: string | undefined;
  readonly kind: string;
  readonly object: Record<string, unknown> & KubeObject;
}

/** What one document yields: its objects and, for a List, the recording time it names. */
export interface ExtractedDocument {
  readonly objects: readonly ExtractedObject[];
  readonly recordedAt?: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isList(value: Json): boolean {
  const kind = value['kind'];
  const meta = value['metadata'];
  if (isObject(meta) && typeof meta['name'] === 'string') return false;
  const items = value['items'];
  // kubectl cluster-info dump writes an empty typed list as `"items": null`.
  if (typeof kind === 'string' && kind.endsWith('List')) return Array.isArray(items) || items === null || items === undefined;
  return kind === undefined && Array.isArray(items);
}

/**
 * Strips what must not be kept or is only noise: `metadata.managedFields`, the
 * last-applied-configuration annotation (it can hold a Secret's values), and every Secret
 * value (keys stay, values become `<redacted: N bytes>`). Fills in `apiVersion` and `kind` when the
 * object only inherited them from its typed List.
 */
function sanitize(object: Json, apiVersion: string | undefined, kind: string): Json & KubeObject {
  const metadata = { ...(object['metadata'] as Json) };
  delete metadata['managedFields'];
  if (isObject(metadata['annotations'])) {
    const annotations = { ...metadata['annotations'] };
    delete annotations[LAST_APPLIED];
    if (Object.keys(annotations).length === 0) delete metadata['annotations'];
    else metadata['annotations'] = annotations;
  }
  const out: Json = { ...(apiVersion === undefined ? {} : { apiVersion }), kind, ...object, metadata };
  // Any kind named Secret, whatever its group: a value must never be kept by mistake.
  if (kind === 'Secret') {
    for (const field of ['data', 'stringData']) {
      const values = out[field];
      if (isObject(values)) {
        out[field] = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, redactValue(value, field === 'data')]));
      } else if (values !== undefined) {
        delete out[field];
      }
    }
  }
  return out as Json & KubeObject;
}

function extractOne(value: unknown, where: string, file: string, inherited: { apiVersion?: string; kind?: string }): ExtractedObject {
  if (!isObject(value)) {
    throw snapshotInvalid(file, where, `expected a Kubernetes object, found ${describe(value)}`);
  }
  const kind = typeof value['kind'] === 'string' ? value['kind'] : inherited.kind;
  const apiVersion = typeof value['apiVersion'] === 'string' ? value['apiVersion'] : inherited.apiVersion;
  const metadata = value['metadata'];
  if (!isObject(metadata) || typeof metadata['name'] !== 'string' || metadata['name'] === '') {
    throw snapshotInvalid(file, where, `expected an object with metadata.name${kind ? ` (kind ${kind})` : ''}; it has none`);
  }
  if (!kind) {
    throw snapshotInvalid(
      file,
      where,
      `object "${metadata['name']}" has no kind and is not inside a typed List (e.g. PodList); expected apiVersion and kind`,
    );
  }
  if (metadata['namespace'] !== undefined && typeof metadata['namespace'] !== 'string') {
    throw snapshotInvalid(file, where, `${kind} "${metadata['name']}": metadata.namespace must be a string`);
  }
  return { apiVersion, kind, object: sanitize(value, apiVersion, kind) };
}

function extractList(list: Json, where: string, file: string, depth: number): ExtractedObject[] {
  const listKind = typeof list['kind'] === 'string' ? list['kind'] : undefined;
  // A PodList's items are Pods of the list's apiVersion; a plain List says nothing about them.
  const inherited =
    listKind && listKind !== 'List'
      ? { kind: listKind.slice(0, -'List'.length), apiVersion: typeof list['apiVersion'] === 'string' ? list['apiVersion'] : undefined }
      : {};
  const out: ExtractedObject[] = [];
  ((list['items'] ?? []) as unknown[]).forEach((item, i) => {
    const itemWhere = `${where}, item ${i + 1}`;
    if (isObject(item) && isList(item) && depth < 4) out.push(...extractList(item, itemWhere, file, depth + 1));
    else out.push(extractOne(item, itemWhere, file, inherited));
  });
  return out;
}

/**
 * Turns one parsed document into sanitised objects: a `List` or typed `*List` (items may lack
 * `kind`/`apiVersion` inside a typed list, as in `kubectl cluster-info dump`), or one object.
 *
 * @throws K8sClientError `SNAPSHOT_INVALID` naming the file, document and item, and what was
 *   expected there.
 */
export function extractObjects(doc: SnapshotDocument, file: string): ExtractedDocument {
  const where = `document ${doc.index}`;
  if (!isObject(doc.value)) {
    throw snapshotInvalid(file, where, `expected a List or a Kubernetes object, found ${describe(doc.value)}`);
  }
  if (!isList(doc.value)) return { objects: [extractOne(doc.value, where, file, {})] };
  const meta = doc.value['metadata'];
  const annotations = isObject(meta) && isObject(meta['annotations']) ? meta['annotations'] : {};
  const recordedAt = annotations[RECORDED_AT_ANNOTATION];
  return {
    objects: extractList(doc.value, where, file, 0),
    ...(typeof recordedAt === 'string' ? { recordedAt } : {}),
  };
}

/** `apps/v1` → group `apps`, version `v1`; `v1` → core group. */
function splitApiVersion(apiVersion: string | undefined): { group: string; version: string } | undefined {
  if (!apiVersion) return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

// The API server's guess for kinds discovery does not name (UnsafeGuessKindToResource), plus the
// one core kind it gets wrong.
function guessPlural(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower === 'endpoints') return lower;
  if (lower.endsWith('s')) return `${lower}es`;
  if (lower.endsWith('y')) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/**
 * The {@link ResourceKind} of a snapshot object: the built-in kind with the same group and
 * kind (any version), or one derived from `apiVersion` and `kind` (plural guessed as the API
 * server does, `namespaced` as given). Without `apiVersion`, a built-in kind of that name.
 */
export function kindOfObject(apiVersion: string | undefined, kind: string, namespaced: boolean): ResourceKind {
  const gv = splitApiVersion(apiVersion);
  const builtin = BUILTIN_KINDS.find((k) => k.kind === kind && (gv === undefined || k.group === gv.group));
  if (builtin) return builtin;
  return Object.freeze({
    group: gv?.group ?? '',
    version: gv?.version ?? 'v1',
    kind,
    plural: guessPlural(kind),
    namespaced,
    shortNames: Object.freeze([]),
  });
}
