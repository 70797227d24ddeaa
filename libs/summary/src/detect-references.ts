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
      const pod = index.get<Pod>(source);
      if (skipPod(pod)) continue;
      if (target.kind === 'ServiceAccount' && !namespacesWithServiceAccounts.has(source.namespace)) continue;
      // The pod's own spec says exactly where (env DB_PASSWORD of container app); the edge only which field.
      const via = podReferences(pod as Pod).find((r) => r.kind === target.kind && r.name === target.name)?.via ?? edge.detail.via ?? edgeLabel(edge.type);
      findings.push(missingFinding(source, target, via, 'critical'));
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

/** A reference problem of one pod: a missing object, or a key missing from an existing one. */
type Problem =
  | { readonly missing: true; readonly target: ObjectRef; readonly via: string }
  | { readonly missing: false; readonly target: ObjectRef; readonly via: string; readonly key: string; readonly keys: readonly string[] };

function podProblems(index: ClusterIndex, pod: Pod, unreadable: ReadonlySet<string>, namespacesWithServiceAccounts: ReadonlySet<string | undefined>): Problem[] {
  const ns = pod.metadata.namespace as string;
  const problems: Problem[] = [];
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
      problems.push({ missing: true, target, via: ref.via });
      continue;
    }
    if (ref.key === undefined || (ref.kind !== 'ConfigMap' && ref.kind !== 'Secret')) continue;
    const keys = keysOf(object);
    if (!keys || keys.has(ref.key)) continue;
    seen.add(dedupe);
    problems.push({ missing: false, target, via: ref.via, key: ref.key, keys: [...keys].sort() });
  }
  return problems;
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
  // Pods of one ReplicaSet/StatefulSet/Job share their template: check it once per controller.
  const byController = new Map<string, Problem[]>();
  for (const pod of index.list<Pod>('Pod')) {
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    const podRef = index.refOf('Pod', pod);
    const controller = index.controllerOf(pod);
    const cacheKey = controller ? `${controller.kind}/${controller.namespace}/${controller.name}` : undefined;
    let problems = cacheKey ? byController.get(cacheKey) : undefined;
    if (!problems) {
      problems = podProblems(index, pod, unreadable, namespacesWithServiceAccounts);
      if (cacheKey) byController.set(cacheKey, problems);
    }
    for (const problem of problems) {
      if (problem.missing) {
        // With a graph, missing objects come from its broken edges (above).
        if (!graph) findings.push(missingFinding(podRef, problem.target, problem.via, 'critical'));
        continue;
      }
      const { target, key, via, keys } = problem;
      findings.push({
        severity: 'critical',
        reason: target.kind === 'ConfigMap' ? 'MissingConfigMapKey' : 'MissingSecretKey',
        object: podRef,
        message: `reads key ${key} of ${target.kind} ${target.name} (${via}), which has no such key`,
        evidence: [`keys present: ${keys.slice(0, 10).join(', ') || 'none'}`],
        nextStep: `Add key ${key} to ${target.kind} ${target.name} or fix the key name`,
        key: `${target.name}/${key}`,
        causes: [{ ref: target, relation: 'reads key of' }],
      });
    }
  }
  return findings;
}
