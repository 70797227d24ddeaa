import type { ClusterIndex } from './cluster-index.js';
import type { ObjectRef } from './finding.js';
import { conditionOf, type CronJob, type Job, type PodSpec, type Workload } from './kube-types.js';
import { specProblems, type ReferenceProblem, type ReferenceScope } from './reference-problems.js';

/** Kinds with a pod template, checked at the outermost controller. */
const TEMPLATE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'ReplicaSet', 'Job'] as const;

/** A reference problem of a workload's pod template, and why it matters while there are no pods. */
export interface TemplateProblem {
  readonly workload: ObjectRef;
  readonly problem: ReferenceProblem;
  /** What the broken reference will do, e.g. `it is scaled to 0; its pods will fail once it scales up`. */
  readonly consequence: string;
}

function templateSpec(kind: string, object: Workload | Job | CronJob): PodSpec | undefined {
  if (kind === 'CronJob') return (object as CronJob).spec?.jobTemplate?.spec?.template?.spec;
  return (object as Workload).spec?.template?.spec;
}

function finished(job: Job): boolean {
  const conditions = job.status?.conditions;
  return conditionOf(conditions, 'Complete')?.status === 'True' || conditionOf(conditions, 'Failed')?.status === 'True';
}

function consequence(kind: string, object: Workload | Job | CronJob): string {
  if (kind === 'CronJob') return 'the pods of its next Job will fail';
  if (kind !== 'DaemonSet' && kind !== 'Job' && (object as Workload).spec?.replicas === 0) return 'it is scaled to 0; its pods will fail once it scales up';
  return 'it has no running pods; new pods will fail';
}

/** A set of object refs, by kind, namespace and name (no id string built per ref). */
class RefSet {
  private readonly byKind = new Map<string, Map<string | undefined, Set<string>>>();

  add(ref: ObjectRef): void {
    let byNamespace = this.byKind.get(ref.kind);
    if (!byNamespace) this.byKind.set(ref.kind, (byNamespace = new Map()));
    let names = byNamespace.get(ref.namespace);
    if (!names) byNamespace.set(ref.namespace, (names = new Set()));
    names.add(ref.name);
  }

  has(ref: ObjectRef): boolean {
    return this.byKind.get(ref.kind)?.get(ref.namespace)?.has(ref.name) === true;
  }
}

/**
 * Reference problems (missing ConfigMap, Secret, PVC or image pull secret; missing keys) in the
 * pod templates of workloads that have no live pods to show them: scaled to 0, between CronJob
 * runs, or unable to create pods. Checked at the outermost controller only (a Deployment, not
 * its ReplicaSets; a CronJob, not its Jobs), skipping finished Jobs. ServiceAccounts are left
 * out: pods that cannot be created for a missing one show in the controller's FailedCreate events.
 */
export function templateProblems(index: ClusterIndex, scope: ReferenceScope): TemplateProblem[] {
  const withPods = new RefSet();
  // Pods of one controller share its outermost controller: walk up once per controller.
  for (const group of index.podGroups().groups) {
    if (group.pods.some((pod) => !pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed')) {
      withPods.add(index.groupTopOwner(group));
    }
  }
  const problems: TemplateProblem[] = [];
  for (const kind of TEMPLATE_KINDS) {
    for (const object of index.list<Workload | Job | CronJob>(kind)) {
      const controller = index.controllerOf(object);
      if (controller && index.get(controller)) continue; // its controller's template is the one that matters
      if (kind === 'Job' && finished(object as Job)) continue;
      const workload = index.refOf(kind, object);
      const spec = templateSpec(kind, object);
      if (!spec || withPods.has(workload)) continue;
      for (const problem of specProblems(index, workload.namespace as string, spec, scope, false)) {
        problems.push({ workload, problem, consequence: consequence(kind, object) });
      }
    }
  }
  return problems;
}
