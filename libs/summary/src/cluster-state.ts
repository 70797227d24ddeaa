import { BUILTIN_KINDS, type ClusterReader, type KubeObject } from '@k8s-mcp/k8s-client';

/**
 * The cluster objects a summary reads: every object of a kind, by kind name (`Pod`,
 * `Deployment`, `ValidatingWebhookConfiguration`, ...). A kind the state does not hold returns
 * an empty list. List items need not carry `kind`. A sync cache view, a snapshot or
 * {@link stateFromReader}'s result all fit.
 */
export interface ClusterState {
  list(kind: string): readonly KubeObject[];
  /** Kinds that could not be read completely (RBAC, truncation), shown in summaries as a caveat. */
  readonly incomplete?: readonly IncompleteKind[];
}

/** A kind {@link stateFromReader} could not read completely, and why. */
export interface IncompleteKind {
  readonly kind: string;
  readonly reason: string;
}

/**
 * Kinds read beyond `BUILTIN_KINDS` when the reader serves them (admission webhooks and
 * aggregated APIs, whose missing Services break the API server for everyone; RBAC objects,
 * which explain a workload's `forbidden` errors).
 */
export const EXTRA_SUMMARY_KINDS: readonly string[] = [
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'Role',
  'RoleBinding',
  'ClusterRole',
  'ClusterRoleBinding',
  'GatewayClass',
  'Gateway',
  'HTTPRoute',
];

/**
 * How {@link stateFromReader} names kinds another API group also has: Istio serves a `Gateway`
 * too, so the Gateway API kinds are listed as `Kind.group`.
 */
const QUALIFIED_KIND_REFS: Readonly<Record<string, string>> = {
  GatewayClass: 'GatewayClass.gateway.networking.k8s.io',
  Gateway: 'Gateway.gateway.networking.k8s.io',
  HTTPRoute: 'HTTPRoute.gateway.networking.k8s.io',
};

/** A {@link ClusterState} over fixed lists of objects, keyed by kind name. */
export function stateFromObjects(
  objects: Readonly<Record<string, readonly KubeObject[]>>,
  incomplete: readonly IncompleteKind[] = [],
): ClusterState {
  const copy = new Map(Object.entries(objects));
  return { list: (kind) => copy.get(kind) ?? [], incomplete };
}

/** Options of {@link stateFromReader}. */
export interface ReaderStateOptions {
  /** Most list pages read per kind (each page is at most the reader's K8S_MAX_RESOURCES). Default 1000. */
  readonly maxPagesPerKind?: number;
  /** Kinds to list, by kind name. Default: every built-in kind and {@link EXTRA_SUMMARY_KINDS}. */
  readonly kinds?: readonly string[];
}

/**
 * Lists every built-in kind (and {@link EXTRA_SUMMARY_KINDS} the reader serves) through a
 * {@link ClusterReader}, live or snapshot, into a {@link ClusterState}, following `continue`
 * tokens page by page. The reader applies the namespace policy. A kind that cannot be listed
 * (RBAC, not served, unreachable) is left empty and reported in the state's `incomplete` rather
 * than failing the whole summary; so is a kind still truncated after `maxPagesPerKind` pages.
 */
export async function stateFromReader(reader: ClusterReader, options: ReaderStateOptions = {}): Promise<ClusterState> {
  const maxPages = options.maxPagesPerKind ?? 1000;
  const objects: Record<string, readonly KubeObject[]> = {};
  const incomplete: IncompleteKind[] = [];
  const kinds = options.kinds ?? [...BUILTIN_KINDS.map((k) => k.kind), ...EXTRA_SUMMARY_KINDS];
  // Sequential on purpose: a summary is not latency-critical and a small cluster API (or a
  // rate-limited one) should not see two dozen parallel full lists.
  for (const kind of kinds) {
    try {
      const items: KubeObject[] = [];
      let cont: string | undefined;
      let pages = 0;
      let result;
      do {
        result = await reader.list(QUALIFIED_KIND_REFS[kind] ?? kind, cont === undefined ? {} : { continue: cont });
        items.push(...result.items);
        cont = result.continue;
        pages += 1;
      } while (result.truncated && cont !== undefined && pages < maxPages);
      objects[kind] = items;
      if (result.truncated) {
        incomplete.push({ kind, reason: `truncated${result.remaining === undefined ? '' : ` (${result.remaining} more)`}` });
      }
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      // Kinds outside BUILTIN_KINDS are optional: a cluster or snapshot without them is normal.
      if (EXTRA_SUMMARY_KINDS.includes(kind) && (code === 'UNKNOWN_KIND' || code === 'NOT_FOUND')) continue;
      incomplete.push({ kind, reason: typeof code === 'string' ? code : error instanceof Error ? error.message : String(error) });
    }
  }
  incomplete.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  return stateFromObjects(objects, incomplete);
}
