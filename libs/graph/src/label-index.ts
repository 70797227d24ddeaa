import { CLUSTER_SCOPE } from './resource-id.js';
import { type LabelSelector, selectorMatches } from './label-selector.js';

interface Scope {
  readonly all: Set<string>;
  /** `key\0value` -> ids carrying that label. */
  readonly byPair: Map<string, Set<string>>;
}

const EMPTY: ReadonlySet<string> = new Set();

/** `Kind/namespace` (or `Kind/_cluster`): the unit selectors search in. */
export function scopeKey(kind: string, namespace: string | undefined): string {
  return `${kind}/${namespace ?? CLUSTER_SCOPE}`;
}

/**
 * Labels of present objects, indexed per kind and namespace so a selector finds its matches
 * without scanning the cluster: it starts from the smallest `key=value` posting list among its
 * `In` requirements (all objects of the scope when it has none) and checks each candidate.
 */
export class LabelIndex {
  private readonly scopes = new Map<string, Scope>();
  private readonly labels = new Map<string, Readonly<Record<string, string>>>();
  private pairCount = 0;

  /** Labels stored in total (for the memory estimate). */
  get pairs(): number {
    return this.pairCount;
  }

  /** Labels of `id`, if indexed. */
  labelsOf(id: string): Readonly<Record<string, string>> | undefined {
    return this.labels.get(id);
  }

  /** Adds or replaces `id` in its scope. */
  set(id: string, kind: string, namespace: string | undefined, labels: Readonly<Record<string, string>>): void {
    this.delete(id, kind, namespace);
    const key = scopeKey(kind, namespace);
    let scope = this.scopes.get(key);
    if (!scope) {
      scope = { all: new Set(), byPair: new Map() };
      this.scopes.set(key, scope);
    }
    scope.all.add(id);
    for (const [k, v] of Object.entries(labels)) {
      const pair = `${k}\0${v}`;
      let ids = scope.byPair.get(pair);
      if (!ids) {
        ids = new Set();
        scope.byPair.set(pair, ids);
      }
      ids.add(id);
      this.pairCount += 1;
    }
    this.labels.set(id, labels);
  }

  /** Removes `id` (no-op if absent). */
  delete(id: string, kind: string, namespace: string | undefined): void {
    const labels = this.labels.get(id);
    if (labels === undefined) return;
    this.labels.delete(id);
    const key = scopeKey(kind, namespace);
    const scope = this.scopes.get(key);
    if (!scope) return;
    scope.all.delete(id);
    for (const [k, v] of Object.entries(labels)) {
      const pair = `${k}\0${v}`;
      const ids = scope.byPair.get(pair);
      ids?.delete(id);
      if (ids?.size === 0) scope.byPair.delete(pair);
      this.pairCount -= 1;
    }
    if (scope.all.size === 0) this.scopes.delete(key);
  }

  /** Ids of `kind` objects in `namespace` (undefined: cluster-scoped) whose labels match `selector`. */
  select(kind: string, namespace: string | undefined, selector: LabelSelector): string[] {
    if (selector.never) return [];
    const scope = this.scopes.get(scopeKey(kind, namespace));
    if (!scope) return [];
    let candidates: Iterable<string> = scope.all;
    let best = scope.all.size;
    for (const r of selector.requirements) {
      if (r.operator !== 'In') continue;
      const sets = r.values.map((v) => scope.byPair.get(`${r.key}\0${v}`) ?? EMPTY);
      const size = sets.reduce((n, s) => n + s.size, 0);
      if (size < best) {
        best = size;
        candidates = sets.length === 1 ? (sets[0] as ReadonlySet<string>) : sets.flatMap((s) => [...s]);
      }
    }
    const out: string[] = [];
    for (const id of candidates) {
      if (selectorMatches(selector, this.labels.get(id) ?? {})) out.push(id);
    }
    return out;
  }
}
