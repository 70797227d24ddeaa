import type { KnowledgeGraph } from '@k8s-mcp/graph';
import type { KubeObject } from '@k8s-mcp/k8s-client';
import type { ClusterIndex, PodGroup } from './cluster-index.js';
import type { ObjectRef, RawFinding, Severity } from './finding.js';
import { edgeLabel, isRequiredEdge, refFromGraphId } from './graph-dependencies.js';
import type { Pod } from './kube-types.js';
import { podReferences } from './pod-references.js';
import { referenceScope, specProblems, type ReferenceProblem, type ReferenceScope } from './reference-problems.js';
import { templateProblems } from './template-references.js';

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
  'PersistentVolumeClaim/bound-to',
  'ValidatingWebhookConfiguration/calls',
  'MutatingWebhookConfiguration/calls',
  'APIService/calls',
  // detect-gateway names these with the listener, rule or parent involved.
  'Gateway/gateway-class',
  'Gateway/uses-secret',
  'HTTPRoute/attaches-to',
  'HTTPRoute/routes-to',
]);

/** Edges whose missing target is normal (garbage collection, events about deleted objects). */
const IGNORED_EDGES = new Set(['owned-by', 'about', 'selects', 'has-endpoints', 'targets', 'protects', 'applies-to', 'allows-from', 'allows-to']);

/** Container waiting reasons that mean the image could not be pulled. */
const PULL_FAILURES = new Set(['ErrImagePull', 'ImagePullBackOff']);

/** Whether an edge comes from a workload's pod template (checked by {@link templateProblems}). */
function fromTemplate(via: string | undefined): boolean {
  return via !== undefined && via.split(', ').every((v) => v === 'template' || v.startsWith('template.'));
}

/**
 * The finding for one reference problem of `object` (a Pod, or a workload when `context` says
 * why its template matters). `severity` applies to missing objects and keys; a missing pull
 * secret is critical only when `pullFailing` (an image pull of the pod fails).
 */
export function problemFinding(object: ObjectRef, problem: ReferenceProblem, severity: Severity, context?: { readonly prefix: string; readonly suffix: string }, pullFailing = false): RawFinding {
  const { target, via } = problem;
  const prefix = context?.prefix ?? '';
  const suffix = context?.suffix ?? '';
  const where = target.namespace ? ` in ${target.namespace}` : '';
  if (problem.type === 'missing') {
    return {
      severity,
      reason: REASON[target.kind] ?? 'MissingReference',
      object,
      message: `${prefix}references ${target.kind} ${target.name} (${via}), which does not exist${suffix}`,
      evidence: [],
      nextStep: `Create ${target.kind} ${target.name}${where}, or fix the reference in the pod template`,
      key: target.name,
      causes: [{ ref: target, relation: 'references', missing: true }],
      status: `references missing ${target.kind} ${target.name}`,
    };
  }
  if (problem.type === 'pull') {
    return {
      severity: pullFailing ? 'critical' : 'warning',
      reason: 'MissingImagePullSecret',
      object,
      message: `${prefix}imagePullSecret ${target.name} does not exist: pulling an image from a private registry fails${suffix}`,
      evidence: [],
      nextStep: `Create the registry Secret ${target.name}${where} (\`kubectl create secret docker-registry ${target.name} ...\`) or fix imagePullSecrets`,
      key: target.name,
      causes: [{ ref: target, relation: 'pulls images with', missing: true }],
      status: `imagePullSecret ${target.name} missing`,
    };
  }
  const { key, keys } = problem;
  return {
    severity,
    reason: target.kind === 'ConfigMap' ? 'MissingConfigMapKey' : 'MissingSecretKey',
    object,
    message: `${prefix}reads key ${key} of ${target.kind} ${target.name} (${via}), which has no such key${suffix}`,
    evidence: [`keys present: ${keys.slice(0, 10).join(', ') || 'none'}`],
    nextStep: `Add key ${key} to ${target.kind} ${target.name} or fix the key name`,
    key: `${target.name}/${key}`,
    causes: [{ ref: target, relation: 'reads key of' }],
    status: `key ${key} missing from ${target.kind} ${target.name}`,
  };
}

function skipPod(pod: KubeObject | undefined): boolean {
  const phase = (pod?.['status'] as { phase?: string } | undefined)?.phase;
  return !pod || pod.metadata.deletionTimestamp !== undefined || phase === 'Succeeded' || phase === 'Failed';
}

/**
 * Dangling references from the knowledge graph's broken edges: required pod references
 * (ConfigMap, Secret, PVC, ServiceAccount, PriorityClass, RuntimeClass, Node), and any other
 * broken reference no specific detector reports. Pod template edges are left to
 * {@link templateProblems}.
 */
function graphReferences(index: ClusterIndex, graph: KnowledgeGraph, scope: ReferenceScope): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const edge of graph.brokenReferences()) {
    if (!isRequiredEdge(edge) || IGNORED_EDGES.has(edge.type) || fromTemplate(edge.detail.via)) continue;
    const source = refFromGraphId(edge.source);
    const target = refFromGraphId(edge.target);
    if (scope.unreadable.has(target.kind) || !index.isVisible(source.namespace) || !index.isVisible(target.namespace)) continue;
    if (COVERED.has(`${source.kind}/${edge.type}`)) continue;
    if (source.kind === 'Pod') {
      const pod = index.get<Pod>(source);
      if (skipPod(pod)) continue;
      if (target.kind === 'ServiceAccount' && !scope.namespacesWithServiceAccounts.has(source.namespace)) continue;
      // The pod's own spec says exactly where (env DB_PASSWORD of container app); the edge only which field.
      const via = podReferences(pod as Pod).find((r) => r.kind === target.kind && r.name === target.name)?.via ?? edge.detail.via ?? edgeLabel(edge.type);
      findings.push(problemFinding(source, { type: 'missing', target, via }, 'critical'));
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

function pullFailing(pod: Pod): boolean {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return statuses.some((s) => PULL_FAILURES.has(s.state?.waiting?.reason ?? ''));
}

/**
 * Dangling references: from the knowledge graph's broken edges when a graph is given, else a
 * direct check of what pods name (ConfigMap, Secret, PVC, ServiceAccount); and, either way, a
 * key missing from an existing ConfigMap/Secret (env key refs, volume and projected items), a
 * missing image pull secret (critical when the pod's image pull fails, else a warning), and the
 * pod templates of workloads without pods ({@link templateProblems}, as warnings). Optional references are
 * skipped, and so are kinds the state could not read completely (an RBAC gap is not a missing
 * object).
 */
export function detectReferences(index: ClusterIndex, graph?: KnowledgeGraph): RawFinding[] {
  const scope = referenceScope(index);
  const findings: RawFinding[] = graph ? graphReferences(index, graph, scope) : [];
  // Pods of one ReplicaSet/StatefulSet/Job share their template: check it once per controller.
  const { groups, groupOf } = index.podGroups();
  const byGroup: (ReferenceProblem[] | undefined)[] = [];
  const pods = index.list<Pod>('Pod');
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i] as Pod;
    if (skipPod(pod)) continue;
    const g = groupOf[i] as number;
    let problems = byGroup[g];
    if (!problems) {
      problems = specProblems(index, pod.metadata.namespace as string, pod.spec ?? {}, scope);
      if ((groups[g] as PodGroup).controller) byGroup[g] = problems;
    }
    if (problems.length === 0) continue;
    const podRef = index.refOf('Pod', pod);
    for (const problem of problems) {
      // With a graph, missing objects come from its broken edges (above).
      if (problem.type === 'missing' && graph) continue;
      findings.push(problemFinding(podRef, problem, 'critical', undefined, problem.type === 'pull' && pullFailing(pod)));
    }
  }
  for (const { workload, problem, consequence } of templateProblems(index, scope)) {
    findings.push(problemFinding(workload, problem, 'warning', { prefix: 'pod template ', suffix: `; ${consequence}` }));
  }
  return findings;
}
