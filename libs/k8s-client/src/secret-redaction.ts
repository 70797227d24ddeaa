import type { KubeObject } from './kube-object.js';
import type { ResourceKind } from './resource-kind.js';

// kubectl apply stores the whole manifest, Secret values included, in this annotation.
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Whether objects of `kind` are core Secrets, whose values must never leave the library. */
export function isSecretKind(kind: Pick<ResourceKind, 'group' | 'plural'>): boolean {
  return kind.group === '' && kind.plural === 'secrets';
}

function byteLength(value: unknown, base64: boolean): number {
  if (typeof value !== 'string') return 0;
  return base64 ? Buffer.from(value, 'base64').length : Buffer.byteLength(value);
}

/**
 * A copy of a Secret with every value of `data` and `stringData` replaced by
 * `<redacted: N bytes>` (keys stay, so "is key X there?" can be answered) and the
 * last-applied-configuration annotation, which holds the values too, replaced by `<redacted>`.
 */
export function redactSecret(secret: KubeObject): KubeObject {
  const redactMap = (map: unknown, base64: boolean): Record<string, string> | undefined => {
    if (map === null || typeof map !== 'object') return undefined;
    return Object.fromEntries(
      Object.entries(map as Record<string, unknown>).map(([key, value]) => [key, `<redacted: ${byteLength(value, base64)} bytes>`]),
    );
  };
  const { data, stringData, ...rest } = secret as KubeObject & { data?: unknown; stringData?: unknown };
  const annotations = secret.metadata?.annotations;
  const metadata =
    annotations && LAST_APPLIED in annotations
      ? { ...secret.metadata, annotations: { ...annotations, [LAST_APPLIED]: '<redacted>' } }
      : secret.metadata;
  const out: Record<string, unknown> = { ...rest, metadata };
  const redactedData = redactMap(data, true);
  const redactedStringData = redactMap(stringData, false);
  if (redactedData) out['data'] = redactedData;
  if (redactedStringData) out['stringData'] = redactedStringData;
  return out as KubeObject;
}
