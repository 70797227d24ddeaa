import type { KubeTransport } from './kube-transport.js';
import { resourcePath, type ResourceKind } from './resource-kind.js';

/** Time one probe may take; a slow answer counts as "not listable" (the caller goes on without the kind). */
const PROBE_TIMEOUT_MS = 5_000;

/**
 * The kinds of `kinds` this identity can list cluster-wide right now: one `?limit=1` list per
 * kind, all at once. A kind the API server does not serve (404), RBAC denies (403) or that fails
 * otherwise is left out; this never throws. Order is kept.
 */
export async function listableKinds(transport: KubeTransport, kinds: readonly ResourceKind[]): Promise<ResourceKind[]> {
  const ok = await Promise.all(
    kinds.map((kind) =>
      transport
        .json({ path: `${resourcePath(kind)}?limit=1`, timeoutMs: PROBE_TIMEOUT_MS, context: { verb: 'list', resource: kind.plural } })
        .then(
          () => true,
          () => false,
        ),
    ),
  );
  return kinds.filter((_, i) => ok[i]);
}
