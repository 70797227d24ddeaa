import { apiVersionOf, type KubeObject, type ObjectMeta, type ResourceKind } from '@k8s-mcp/k8s-client';

/** The annotation `kubectl apply` writes: a full copy of the last applied manifest (Secret values included). */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * A Secret as the cache keeps it: metadata, `type` and the sorted names of its keys
 * (`dataKeys`, from `data` and `stringData`). `data` and `stringData` are dropped, so no
 * Secret value ever enters memory past the parse of the API response.
 */
export interface LeanSecret extends KubeObject {
  readonly type?: string;
  /** Sorted, de-duplicated key names of `data` and `stringData`. */
  readonly dataKeys: readonly string[];
}

/** A lean object and the bytes it is estimated to occupy. */
export interface LeanResult {
  readonly object: KubeObject;
  /** Length of the lean object's JSON text: a cheap, stable estimate of what the cache holds. */
  readonly bytes: number;
}

function leanMetadata(metadata: ObjectMeta): ObjectMeta {
  const { managedFields: _managedFields, ...rest } = metadata;
  const annotations = metadata.annotations;
  if (!annotations || !(LAST_APPLIED_ANNOTATION in annotations)) return rest;
  const { [LAST_APPLIED_ANNOTATION]: _applied, ...kept } = annotations;
  // An object whose only annotation was last-applied keeps no empty annotations map.
  if (Object.keys(kept).length === 0) {
    const { annotations: _a, ...withoutAnnotations } = rest;
    return withoutAnnotations as ObjectMeta;
  }
  return { ...rest, annotations: kept };
}

function keysOf(value: unknown): string[] {
  return value !== null && typeof value === 'object' ? Object.keys(value) : [];
}

/**
 * Returns a copy of `object` trimmed for the cache: without `metadata.managedFields` and the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation (both large, and useless to an
 * agent). A Secret (`kind` argument or `object.kind` equal to `Secret`) keeps only `apiVersion`,
 * `kind`, metadata, `type` and `dataKeys` (see {@link LeanSecret}): values are dropped rather
 * than blanked so nothing can mistake an empty string for the real value. The input is not
 * modified; the copy is shallow except for the metadata it rewrites.
 */
export function leanObject(object: KubeObject, kind: string = object.kind ?? ''): KubeObject {
  const metadata = leanMetadata(object.metadata);
  if (kind === 'Secret') {
    const dataKeys = [...new Set([...keysOf(object['data']), ...keysOf(object['stringData'])])].sort();
    const secret: LeanSecret = {
      ...(object.apiVersion === undefined ? {} : { apiVersion: object.apiVersion }),
      kind: 'Secret',
      metadata,
      ...(typeof object['type'] === 'string' ? { type: object['type'] } : {}),
      dataKeys,
    };
    return secret;
  }
  return { ...object, metadata };
}

/**
 * {@link leanObject} plus its estimated size, for an object of `kind`. List items carry no
 * `apiVersion`/`kind`, so they are filled in from `kind`: every cached object names its type.
 * The size is measured once, here, so the cache never re-serialises.
 */
export function leanWithSize(object: KubeObject, kind: ResourceKind): LeanResult {
  const typed: KubeObject =
    object.kind && object.apiVersion ? object : { ...object, apiVersion: apiVersionOf(kind), kind: kind.kind };
  const lean = leanObject(typed, kind.kind);
  return { object: lean, bytes: JSON.stringify(lean).length };
}
