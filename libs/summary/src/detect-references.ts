import type { KnowledgeGraph } from '@k8s-mcp/graph';
import type { KubeObject } from '@k8s-mcp/k8s-client';
import type { ClusterIndex } from './cluster-index.js';
import type { ObjectRef, RawFinding } from './finding.js';
import { edgeLabel, isRequiredEdge, refFromGraphId } from './graph-dependencies.js';
import type { Pod } from './kube-types.js';
import { podReferences } from './pod-references.js';

const REASON: Readonly<Record<string, string>> = {
  ConfigMap: 'MissingConfigMap',
  Secret: 'MissingSecret',
  PersistentVolumeClaim: 'MissingPVC',
  ServiceAccount: 'MissingServiceAccount',
  PriorityClass: 'MissingPriorityClass',
  RuntimeClass: 'MissingRuntimeClass',
  Node: 'MissingNode',
};

/** Broken edges other detectors already report with a better message (source kind / edge type). */
const COVERED = new Set([
  'Ingress/routes-to',
  'Ingress/uses-secret',
  'Ingress/ingress-class',
  'StatefulSet/governing-service',
  'StatefulSet/storage-class',
  'HorizontalPodAutoscaler/scales',
  'PersistentVolumeClaim/storage-class',
  'ValidatingWebhookConfiguration/calls',
  'MutatingWebhookConfiguration/calls',
  'APIService/calls',
]);

/** Edges whose missing target is normal (garbage collection, events about deleted objects). */
const IGNORED_EDGES = new Set(['owned-by', 'about', 'selects', 'has-endpoints', 'targets', 'protects', 'applies-to', 'allows-from', 'allows-to']);

function missingFinding(podRef: ObjectRef, target: ObjectRef, via: string, severity: 'critical'): RawFinding {
  return {
    severity,
    reason: REASON[target.kind] ?? 'MissingReference',
    object: podRef,
    message: `references ${target.kind} ${target.name} (${via}), which does not exist`,
    evidence: [],
    nextStep: `Create ${target.kind} ${target.name}${target.namespace ? ` in ${target.namespace}` : ''}, or fix the reference in the pod template`,
    key: target.name,
    causes: [{ ref: target, relation: 'references', missing: true }],
    status: `references missing ${target.kind} ${target.name}`,
  };
}

function skipPod(pod: KubeObject | undefined): boolean {
  const phase = (pod?.['status'] as { phase?: string } | undefined)?.phase;
  return !pod || pod.metadata.deletionTimestamp !== undefined || phase === 'Succeeded' || phase === 'Failed';
}

/**
 * Dangling references from the knowledge graph's broken edges: required pod references
 * (ConfigMap, Secret, PVC, ServiceAccount, PriorityClass, RuntimeClass, Node), and any other
 * broken reference no specific detector reports (e.g. a PVC bound to a missing volume).
 */
function graphReferences(index: ClusterIndex, graph: KnowledgeGraph, unreadable: ReadonlySet<string>, namespacesWithServiceAccounts: ReadonlySet<string | undefined>): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const edge of graph.brokenReferences()) {
    if (!isRequiredEdge(edge) || IGNORED_EDGES.has(edge.type)) continue;
    const source = refFromGraphId(edge.source);
    const target = refFromGraphId(edge.target);
    if (unreadable.has(target.kind) || !index.isVisible(source.namespace) || !index.isVisible(target.namespace)) continue;
    if (COVERED.has(`${source.kind}/${edge.type}`)) continue;
    if (source.kind === 'Pod') {
      if (skipPod(index.get(source))) continue;
      if (target.kind === 'ServiceAccount' && !namespacesWithServiceAccounts.has(source.namespace)) continue;
      findings.push(missingFinding(source, target, edge.detail.via ?? edgeLabel(edge.type), 'critical'));
      continue;
    }
    if (!index.get(source)) continue;
    findings.push({
      severity: 'warning',
      reason: 'MissingReference',
      object: source,
      message: `${edgeLabel(edge.type)} ${target.kind} ${target.name}, which does not exist`,
      evidence: [],
      nextStep: `Create ${target.kind} ${target.name} or fix the reference`,
      key: `${target.kind}/${target.name}`,
      causes: [{ ref: target, relation: edgeLabel(edge.type), missing: true }],
    });
  }
  return findings;
}

/** Key names of a ConfigMap or Secret (a lean Secret lists them in `dataKeys`), or undefined when unknown. */
function keysOf(object: KubeObject): Set<string> | undefined {
  const dataKeys = object['dataKeys'];
  if (Array.isArray(dataKeys)) return new Set(dataKeys as string[]);
  const maps = ['data', 'binaryData', 'stringData'].map((f) => object[f]).filter((v) => v !== null && typeof v === 'object');
  if (maps.length === 0) return undefined;
  return new Set(maps.flatMap((m) => Object.keys(m as object)));
}

/**
 * Dangling references: from the knowledge graph's broken edges when a graph is given, else a
 * direct check of what pods name (ConfigMap, Secret, PVC, ServiceAccount); and, either way, a
 * key missing from an existing ConfigMap/Secret. Optional references are skipped, and so are
 * kinds the state could not read completely (an RBAC gap is not a missing object).
 */
export function detectReferences(index: ClusterIndex, graph?: KnowledgeGraph): RawFinding[] {
  const unreadable = new Set(index.incomplete.map((i) => i.kind));
  const namespacesWithServiceAccounts = new Set(index.list('ServiceAccount').map((sa) => sa.metadata.namespace));
  const findings: RawFinding[] = graph ? graphReferences(index, graph, unreadable, namespacesWithServiceAccounts) : [];
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
        // With a graph, missing objects come from its broken edges (above).
        seen.add(dedupe);
        if (!graph) findings.push(missingFinding(podRef, target, ref.via, 'critical'));
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
