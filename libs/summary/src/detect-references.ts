import type { KubeObject } from '@k8s-mcp/k8s-client';
import type { ClusterIndex } from './cluster-index.js';
import type { ObjectRef, RawFinding } from './finding.js';
import type { Pod } from './kube-types.js';
import { podReferences, type PodReference } from './pod-references.js';

const REASON: Readonly<Record<PodReference['kind'], string>> = {
  ConfigMap: 'MissingConfigMap',
  Secret: 'MissingSecret',
  PersistentVolumeClaim: 'MissingPVC',
  ServiceAccount: 'MissingServiceAccount',
};

/** Key names of a ConfigMap or Secret (a lean Secret lists them in `dataKeys`), or undefined when unknown. */
function keysOf(object: KubeObject): Set<string> | undefined {
  const dataKeys = object['dataKeys'];
  if (Array.isArray(dataKeys)) return new Set(dataKeys as string[]);
  const maps = ['data', 'binaryData', 'stringData'].map((f) => object[f]).filter((v) => v !== null && typeof v === 'object');
  if (maps.length === 0) return undefined;
  return new Set(maps.flatMap((m) => Object.keys(m as object)));
}

/**
 * Dangling references from pods: a ConfigMap, Secret, PVC or ServiceAccount that does not
 * exist, or a key missing from an existing ConfigMap/Secret. Optional references are skipped,
 * and so are kinds the state could not read completely (an RBAC gap is not a missing object).
 */
export function detectReferences(index: ClusterIndex): RawFinding[] {
  const unreadable = new Set(index.incomplete.map((i) => i.kind));
  const findings: RawFinding[] = [];
  const namespacesWithServiceAccounts = new Set(index.list('ServiceAccount').map((sa) => sa.metadata.namespace));
  for (const pod of index.list<Pod>('Pod')) {
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    const ns = pod.metadata.namespace as string;
    const podRef = index.refOf('Pod', pod);
    const seen = new Set<string>();
    for (const ref of podReferences(pod)) {
      if (ref.optional || unreadable.has(ref.kind)) continue;
      // A namespace whose ServiceAccounts were not synced at all says nothing about one missing.
      if (ref.kind === 'ServiceAccount' && !namespacesWithServiceAccounts.has(ns)) continue;
      const target: ObjectRef = { kind: ref.kind, namespace: ns, name: ref.name };
      const object = index.get(target);
      const dedupe = `${ref.kind}/${ref.name}/${object ? (ref.key ?? '') : ''}`;
      if (seen.has(dedupe)) continue;
      if (!object) {
        seen.add(dedupe);
        findings.push({
          severity: ref.via === 'imagePullSecrets' ? 'warning' : 'critical',
          reason: REASON[ref.kind],
          object: podRef,
          message: `references ${ref.kind} ${ref.name} (${ref.via}), which does not exist`,
          evidence: [],
          nextStep: `Create ${ref.kind} ${ref.name} in ${ns}, or fix the reference in the pod template`,
          key: ref.name,
          causes: [{ ref: target, relation: 'references', missing: true }],
          status: `references missing ${ref.kind} ${ref.name}`,
        });
        continue;
      }
      if (ref.key === undefined || (ref.kind !== 'ConfigMap' && ref.kind !== 'Secret')) continue;
      const keys = keysOf(object);
      if (!keys || keys.has(ref.key)) continue;
      seen.add(dedupe);
      findings.push({
        severity: 'critical',
        reason: ref.kind === 'ConfigMap' ? 'MissingConfigMapKey' : 'MissingSecretKey',
        object: podRef,
        message: `reads key ${ref.key} of ${ref.kind} ${ref.name} (${ref.via}), which has no such key`,
        evidence: [`keys present: ${[...keys].sort().slice(0, 10).join(', ') || 'none'}`],
        nextStep: `Add key ${ref.key} to ${ref.kind} ${ref.name} or fix the key name`,
        key: `${ref.name}/${ref.key}`,
        causes: [{ ref: target, relation: 'reads key of' }],
      });
    }
  }
  return findings;
}
