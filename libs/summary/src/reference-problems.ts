import type { KubeObject } from '@k8s-mcp/k8s-client';
import type { ClusterIndex } from './cluster-index.js';
import type { ObjectRef } from './finding.js';
import type { PodSpec } from './kube-types.js';
import { specReferences } from './pod-references.js';

/** A reference problem of one pod spec. */
export type ReferenceProblem =
  /** A required ConfigMap, Secret, PVC or ServiceAccount that does not exist. */
  | { readonly type: 'missing'; readonly target: ObjectRef; readonly via: string }
  /** A key read from an existing ConfigMap/Secret that has no such key (`keys`: the key names it has). */
  | { readonly type: 'key'; readonly target: ObjectRef; readonly via: string; readonly key: string; readonly keys: readonly string[] }
  /** An image pull secret that does not exist. */
  | { readonly type: 'pull'; readonly target: ObjectRef; readonly via: string };

/** What the reference checks need to know about the state beyond the index. */
export interface ReferenceScope {
  /** Kinds the state could not read completely: a missing object of such a kind may just be unreadable. */
  readonly unreadable: ReadonlySet<string>;
  /** Namespaces with at least one ServiceAccount synced (elsewhere a missing one proves nothing). */
  readonly namespacesWithServiceAccounts: ReadonlySet<string | undefined>;
}

/** The {@link ReferenceScope} of an index. */
export function referenceScope(index: ClusterIndex): ReferenceScope {
  return {
    unreadable: new Set(index.incomplete.map((i) => i.kind)),
    namespacesWithServiceAccounts: new Set(index.list('ServiceAccount').map((sa) => sa.metadata.namespace)),
  };
}

/**
 * Key names of a ConfigMap (`data`, `binaryData`) or Secret (a lean Secret's `dataKeys`, else
 * the names in `data` / `stringData`; values are never read), or undefined when unknown.
 */
export function keysOf(object: KubeObject): Set<string> | undefined {
  const dataKeys = object['dataKeys'];
  if (Array.isArray(dataKeys)) return new Set(dataKeys as string[]);
  const maps = ['data', 'binaryData', 'stringData'].map((f) => object[f]).filter((v) => v !== null && typeof v === 'object');
  if (maps.length === 0) return undefined;
  return new Set(maps.flatMap((m) => Object.keys(m as object)));
}

/**
 * The reference problems of a pod spec in `namespace`: required objects that do not exist,
 * keys missing from existing ConfigMaps/Secrets (env `*KeyRef.key`, volume and projected
 * `items[].key`), and image pull secrets that do not exist. Optional references are skipped,
 * and so are kinds in `scope.unreadable`; `serviceAccounts: false` leaves the ServiceAccount out.
 * One problem per object (and key).
 */
export function specProblems(index: ClusterIndex, namespace: string, spec: PodSpec, scope: ReferenceScope, serviceAccounts = true): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const seen = new Set<string>();
  for (const ref of specReferences(spec)) {
    if (scope.unreadable.has(ref.kind)) continue;
    const target: ObjectRef = { kind: ref.kind, namespace, name: ref.name };
    if (ref.imagePull) {
      const dedupe = `pull/${ref.name}`;
      if (!seen.has(dedupe) && !index.get(target)) problems.push({ type: 'pull', target, via: ref.via });
      seen.add(dedupe);
      continue;
    }
    if (ref.optional) continue;
    if (ref.kind === 'ServiceAccount' && (!serviceAccounts || !scope.namespacesWithServiceAccounts.has(namespace))) continue;
    const object = index.get(target);
    if (!object) {
      const dedupe = `${ref.kind}/${ref.name}/`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      problems.push({ type: 'missing', target, via: ref.via });
      continue;
    }
    // An existing object without a key to check is fine (the common case: no dedupe string).
    if (ref.key === undefined || (ref.kind !== 'ConfigMap' && ref.kind !== 'Secret')) continue;
    const dedupe = `${ref.kind}/${ref.name}/${ref.key}`;
    if (seen.has(dedupe)) continue;
    const keys = keysOf(object);
    if (!keys || keys.has(ref.key)) continue;
    seen.add(dedupe);
    problems.push({ type: 'key', target, via: ref.via, key: ref.key, keys: [...keys].sort() });
  }
  return problems;
}
