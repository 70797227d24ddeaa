import { K8sClientError } from './k8s-client-error.js';
import { quotePreview } from './message-preview.js';
import type { KubeTransport } from './kube-transport.js';
import { BUILTIN_KINDS, matchKind, resourceNameOf, type ResourceKind } from './resource-kind.js';

/** Options of {@link createDiscovery}. */
export interface DiscoveryOptions {
  /** How long a discovery result is reused. Default 300 000 ms (5 minutes). */
  readonly ttlMs?: number;
  /** Clock. Default `Date.now`. */
  readonly now?: () => number;
  /** Timeout of each discovery request. Default the transport's (30 s). */
  readonly requestTimeoutMs?: number;
}

/** Cached API discovery of one cluster. */
export interface Discovery {
  /**
   * Every listable kind the cluster serves (core, built-in groups at their preferred version, and
   * custom resources), subresources left out. Cached for `ttlMs`.
   */
  listKinds(): Promise<readonly ResourceKind[]>;
  /**
   * Resolves a kind reference (kind, plural, singular, short name, `plural.group`): built-in kinds
   * first without any request, then discovery; on a miss discovery is refreshed once.
   *
   * @throws K8sClientError `UNKNOWN_KIND` suggesting close matches and the `k8s-list-resources`
   *   tool; or the transport's error when discovery itself fails.
   */
  resolveKind(ref: string): Promise<ResourceKind>;
  /** Forgets the cached result; the next call fetches again. */
  invalidate(): void;
}

interface ApiResource {
  readonly name: string;
  readonly singularName?: string;
  readonly namespaced: boolean;
  readonly kind: string;
  readonly verbs?: readonly string[];
  readonly shortNames?: readonly string[];
}

interface ApiResourceList {
  readonly groupVersion: string;
  readonly resources: readonly ApiResource[];
}

interface ApiGroupList {
  readonly groups: readonly {
    readonly name: string;
    readonly preferredVersion?: { readonly groupVersion: string; readonly version: string };
    readonly versions: readonly { readonly groupVersion: string; readonly version: string }[];
  }[];
}

/** Turns one APIResourceList into listable kinds, attaching subresources to their parents. */
function kindsOf(group: string, version: string, list: ApiResourceList): ResourceKind[] {
  const resources = Array.isArray(list.resources) ? list.resources : [];
  const subresources = new Map<string, string[]>();
  for (const r of resources) {
    const slash = r.name.indexOf('/');
    if (slash > 0) {
      const parent = r.name.slice(0, slash);
      subresources.set(parent, [...(subresources.get(parent) ?? []), r.name.slice(slash + 1)]);
    }
  }
  return resources
    .filter((r) => !r.name.includes('/') && (r.verbs ?? []).includes('list'))
    .map((r) =>
      Object.freeze({
        group,
        version,
        kind: r.kind,
        plural: r.name,
        namespaced: r.namespaced,
        shortNames: Object.freeze([...(r.shortNames ?? [])]),
        verbs: Object.freeze([...(r.verbs ?? [])]),
        ...(r.singularName ? { singular: r.singularName } : {}),
        subresources: Object.freeze(subresources.get(r.name) ?? []),
      }),
    );
}

// Groups a user may not read (403), aggregated APIs that are down (503) or hang, and groups that
// vanished between the two requests (404) are left out instead of failing all of discovery.
const SKIPPABLE = new Set(['FORBIDDEN', 'NOT_FOUND', 'SERVER_ERROR', 'TIMEOUT']);

/**
 * Creates a {@link Discovery} over `/api/v1` and `/apis` plus each group's preferred version.
 * Concurrent callers share one fetch. A group that answers 403, 404 or 5xx, or times out, is
 * skipped; a failure of `/api/v1` or `/apis` is thrown (a K8sClientError from the transport).
 */
export function createDiscovery(transport: KubeTransport, options: DiscoveryOptions = {}): Discovery {
  const ttlMs = options.ttlMs ?? 300_000;
  const now = options.now ?? Date.now;
  const timeoutMs = options.requestTimeoutMs;
  let cache: { at: number; kinds: readonly ResourceKind[] } | undefined;
  let inflight: Promise<readonly ResourceKind[]> | undefined;

  async function fetchGroup(group: string, groupVersion: string, version: string): Promise<ResourceKind[]> {
    try {
      const list = await transport.json<ApiResourceList>({
        path: `/apis/${groupVersion}`,
        timeoutMs,
        context: { verb: 'discover', resource: `API group ${groupVersion}` },
      });
      return kindsOf(group, version, list);
    } catch (error) {
      if (error instanceof K8sClientError && SKIPPABLE.has(error.code)) return [];
      throw error;
    }
  }

  async function fetchAll(): Promise<readonly ResourceKind[]> {
    const [core, groups] = await Promise.all([
      transport.json<ApiResourceList>({ path: '/api/v1', timeoutMs, context: { verb: 'discover', resource: 'core API v1' } }),
      transport.json<ApiGroupList>({ path: '/apis', timeoutMs, context: { verb: 'discover', resource: 'API groups' } }),
    ]);
    const perGroup = await Promise.all(
      (groups.groups ?? []).map((g) => {
        const preferred = g.preferredVersion ?? g.versions[0];
        return preferred ? fetchGroup(g.name, preferred.groupVersion, preferred.version) : Promise.resolve([]);
      }),
    );
    return Object.freeze([...kindsOf('', 'v1', core), ...perGroup.flat()]);
  }

  function load(force: boolean): Promise<readonly ResourceKind[]> {
    if (!force && cache && now() - cache.at < ttlMs) return Promise.resolve(cache.kinds);
    if (!inflight) {
      inflight = fetchAll()
        .then((kinds) => {
          cache = { at: now(), kinds };
          return kinds;
        })
        .finally(() => {
          inflight = undefined;
        });
    }
    return inflight;
  }

  return {
    listKinds: () => load(false),
    async resolveKind(ref: string): Promise<ResourceKind> {
      if (ref.trim() === '') {
        throw new K8sClientError('UNKNOWN_KIND', 'the kind is empty; name a kind such as pods, deployments or a custom resource plural');
      }
      const builtin = matchKind(BUILTIN_KINDS, ref);
      if (builtin) return builtin;
      const cached = matchKind(await load(false), ref);
      if (cached) return cached;
      // A CRD installed since the last discovery: look again once before giving up.
      const kinds = await load(true);
      const fresh = matchKind(kinds, ref);
      if (fresh) return fresh;
      throw unknownKind(ref, kinds);
    },
    invalidate() {
      cache = undefined;
    },
  };
}

/** Optimal-string-alignment distance: edits, with a swap of neighbours (a common typo) costing 1. */
function editDistance(a: string, b: string): number {
  const w = b.length + 1;
  const d = new Uint16Array((a.length + 1) * w);
  const at = (i: number, j: number) => d[i * w + j] ?? 0;
  for (let i = 0; i <= a.length; i++) d[i * w] = i;
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * w + j] = best;
    }
  }
  return at(a.length, b.length);
}

/** Up to 3 kinds whose names are a prefix of, or within a small edit distance of, `ref`. */
function suggestKinds(ref: string, kinds: readonly ResourceKind[]): ResourceKind[] {
  const wanted = ref.trim().toLowerCase().split('.')[0] ?? '';
  // No kind name is this long; comparing a huge argument with every name would only burn CPU.
  if (wanted.length > 63) return [];
  const scored: { kind: ResourceKind; score: number }[] = [];
  for (const kind of [...BUILTIN_KINDS, ...kinds]) {
    const names = [kind.kind.toLowerCase(), kind.plural, kind.singular ?? '', ...(kind.shortNames ?? [])].filter(Boolean);
    let best = Infinity;
    for (const name of names) {
      if (wanted.length >= 2 && (name.startsWith(wanted) || wanted.startsWith(name))) best = Math.min(best, 0.5);
      const d = editDistance(wanted, name);
      if (d <= Math.max(1, Math.floor(name.length / 4))) best = Math.min(best, d);
    }
    if (best < Infinity && !scored.some((s) => resourceNameOf(s.kind) === resourceNameOf(kind))) scored.push({ kind, score: best });
  }
  return scored.sort((a, b) => a.score - b.score).slice(0, 3).map((s) => s.kind);
}

function unknownKind(ref: string, kinds: readonly ResourceKind[]): K8sClientError {
  const close = suggestKinds(ref, kinds);
  const hint = close.length > 0 ? `did you mean ${close.map((k) => `${resourceNameOf(k)} (${k.kind})`).join(', ')}? ` : '';
  return new K8sClientError(
    'UNKNOWN_KIND',
    `the cluster serves no kind ${quotePreview(ref)}; ${hint}Use the k8s-list-resources tool to see every kind (built-in and custom resources) this cluster serves.`,
  );
}
