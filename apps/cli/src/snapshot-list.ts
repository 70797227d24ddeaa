import { apiVersionOf, type KubeObject, type ResourceKind } from '@k8s-mcp/k8s-client';

/** Annotation of the written List saying when it was recorded (read back by the snapshot loader). */
export const RECORDED_AT = 'k8s-mcp.io/recorded-at';
/** Annotation naming the tool that recorded the List. */
export const RECORDED_BY = 'k8s-mcp.io/recorded-by';
/** Annotation listing kinds that could not be recorded completely, and why. */
export const INCOMPLETE = 'k8s-mcp.io/incomplete';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
// The loader's own placeholder format: values already redacted are kept as they are.
const PLACEHOLDER = /^<redacted(: \d+ bytes)?>$/;

function placeholder(value: unknown, base64: boolean): string {
  if (typeof value === 'string' && PLACEHOLDER.test(value)) return value;
  const bytes = typeof value !== 'string' ? 0 : base64 ? Buffer.from(value, 'base64').length : Buffer.byteLength(value);
  return `<redacted: ${bytes} bytes>`;
}

function placeholders(map: unknown, base64: boolean): Record<string, string> | undefined {
  if (map === null || typeof map !== 'object') return undefined;
  return Object.fromEntries(Object.entries(map as Record<string, unknown>).map(([key, value]) => [key, placeholder(value, base64)]));
}

function cleanMetadata(metadata: KubeObject['metadata']): KubeObject['metadata'] {
  const { managedFields: _managed, ...rest } = metadata;
  const annotations = metadata.annotations;
  if (!annotations || !(LAST_APPLIED in annotations)) return rest;
  const { [LAST_APPLIED]: _applied, ...kept } = annotations;
  return Object.keys(kept).length === 0 ? (({ annotations: _a, ...noAnnotations }) => noAnnotations)(rest) : { ...rest, annotations: kept };
}

/**
 * One object as the snapshot stores it: `apiVersion` and `kind` filled in (list items lack
 * them), without `managedFields` and the last-applied annotation. A Secret keeps its keys but
 * never a value: `data`/`stringData` values become `<redacted: N bytes>` (already redacted
 * ones stay), and the sync cache's key list (`dataKeys`) becomes `data` keys valued `<redacted>`,
 * so a reloaded snapshot still answers "does the Secret have key X?".
 */
export function snapshotItem(kind: ResourceKind, object: KubeObject): KubeObject {
  const typed = { ...object, apiVersion: apiVersionOf(kind), kind: kind.kind, metadata: cleanMetadata(object.metadata) } as KubeObject & Record<string, unknown>;
  if (!(kind.group === '' && kind.kind === 'Secret')) return typed;
  const { data, stringData, dataKeys, ...rest } = typed;
  const redacted: Record<string, string> = { ...placeholders(data, true) };
  if (Array.isArray(dataKeys)) for (const key of dataKeys) if (typeof key === 'string' && !(key in redacted)) redacted[key] = '<redacted>';
  const redactedStringData = placeholders(stringData, false);
  return {
    ...rest,
    ...(data !== undefined || Object.keys(redacted).length > 0 ? { data: redacted } : {}),
    ...(redactedStringData ? { stringData: redactedStringData } : {}),
  } as KubeObject;
}

/** A kind that could not be recorded completely. */
export interface IncompleteRecord {
  readonly kind: string;
  readonly reason: string;
}

/**
 * The kubectl-style `List` a snapshot file holds (what `kubectl get ... -o json` writes), which
 * K8S_MCP_SNAPSHOT / --snapshot loads back. Its annotations say when and by what it was recorded,
 * and which kinds are incomplete.
 */
export function snapshotList(items: readonly KubeObject[], recordedAt: Date, incomplete: readonly IncompleteRecord[]): Record<string, unknown> {
  const annotations: Record<string, string> = { [RECORDED_AT]: recordedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'), [RECORDED_BY]: 'k8s-mcp snapshot' };
  if (incomplete.length > 0) annotations[INCOMPLETE] = incomplete.map((i) => `${i.kind} (${i.reason})`).join(', ');
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '', annotations }, items };
}
