import type { KubeObject } from '@k8s-mcp/k8s-client';
import { conditionOf, type CronJob, type Job, type Namespace, type Node, type PersistentVolume, type PersistentVolumeClaim, type Pod, type Service, type Workload } from './kube-types.js';

/** The pod's most telling state: a container waiting reason (CrashLoopBackOff, ...), Evicted, Terminating, or the phase. */
export function podStatus(pod: Pod): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  if (pod.status?.reason === 'Evicted') return 'Evicted';
  for (const cs of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const reason = cs.state?.waiting?.reason;
    if (reason && reason !== 'ContainerCreating' && reason !== 'PodInitializing') return reason;
  }
  const phase = pod.status?.phase ?? 'Unknown';
  if (phase === 'Running' && conditionOf(pod.status?.conditions, 'Ready')?.status !== 'True') return 'Running (not ready)';
  return phase;
}

function replicaStatus(desired: number, ready: number): string {
  if (desired === 0) return 'scaled to 0';
  return ready >= desired ? 'available' : ready === 0 ? 'unavailable' : 'degraded';
}

/** One word or two about an object's state, for counts by status; undefined for kinds without one. */
export function objectStatus(kind: string, object: KubeObject): string | undefined {
  switch (kind) {
    case 'Pod':
      return podStatus(object as Pod);
    case 'Deployment':
    case 'StatefulSet': {
      const w = object as Workload;
      return replicaStatus(w.spec?.replicas ?? 1, w.status?.readyReplicas ?? 0);
    }
    case 'ReplicaSet': {
      const w = object as Workload;
      return (w.spec?.replicas ?? 1) === 0 ? 'scaled to 0' : replicaStatus(w.spec?.replicas ?? 1, w.status?.readyReplicas ?? 0);
    }
    case 'DaemonSet': {
      const w = object as Workload;
      return replicaStatus(w.status?.desiredNumberScheduled ?? 0, w.status?.numberReady ?? 0);
    }
    case 'Job': {
      const j = object as Job;
      if (conditionOf(j.status?.conditions, 'Failed')?.status === 'True') return 'Failed';
      if (conditionOf(j.status?.conditions, 'Complete')?.status === 'True') return 'Complete';
      if (j.spec?.suspend) return 'Suspended';
      return 'Running';
    }
    case 'CronJob':
      return (object as CronJob).spec?.suspend ? 'suspended' : 'active';
    case 'Node': {
      const n = object as Node;
      const ready = conditionOf(n.status?.conditions, 'Ready')?.status === 'True' ? 'Ready' : 'NotReady';
      return n.spec?.unschedulable ? `${ready} (cordoned)` : ready;
    }
    case 'PersistentVolumeClaim':
      return (object as PersistentVolumeClaim).status?.phase ?? 'Unknown';
    case 'PersistentVolume':
      return (object as PersistentVolume).status?.phase ?? 'Unknown';
    case 'Namespace':
      return (object as Namespace).status?.phase ?? 'Active';
    case 'Service':
      return (object as Service).spec?.type ?? 'ClusterIP';
    default:
      return undefined;
  }
}

/** `12 (Running 10, CrashLoopBackOff 2)`: a count and its split by status, largest first. */
export function countLine(kind: string, objects: readonly KubeObject[]): string {
  const counts = new Map<string, number>();
  for (const o of objects) {
    const s = objectStatus(kind, o);
    if (s !== undefined) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const parts = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).map(([s, n]) => `${s} ${n}`);
  return `${objects.length}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/** Status counts as an object (for JSON), keys sorted. */
export function countsByStatus(kind: string, objects: readonly KubeObject[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of objects) {
    const s = objectStatus(kind, o);
    if (s !== undefined) counts[s] = (counts[s] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
