import type { KubeObject } from '@k8s-mcp/k8s-client';
import { field, formatAge, list } from './format.js';

/** Columns of the compact table for one kind. */
export interface KindColumns {
  readonly headers: readonly string[];
  row(obj: KubeObject, now: number): string[];
}

/** kubectl's STATUS of a pod: a waiting or terminated reason beats the phase. */
export function podStatus(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  const reason = field(pod, 'status', 'reason');
  if (typeof reason === 'string' && reason) return reason;
  for (const key of ['initContainerStatuses', 'containerStatuses']) {
    for (const cs of list(pod, 'status', key)) {
      const waiting = field(cs, 'state', 'waiting', 'reason');
      if (typeof waiting === 'string' && waiting && waiting !== 'PodInitializing') return key === 'initContainerStatuses' ? `Init:${waiting}` : waiting;
      const terminated = field(cs, 'state', 'terminated', 'reason');
      if (key === 'containerStatuses' && typeof terminated === 'string' && field(pod, 'status', 'phase') !== 'Succeeded') return terminated;
    }
  }
  const phase = field(pod, 'status', 'phase');
  return typeof phase === 'string' ? phase : 'Unknown';
}

function podReady(pod: KubeObject): string {
  const statuses = list(pod, 'status', 'containerStatuses');
  const total = list(pod, 'spec', 'containers').length;
  return `${statuses.filter((s) => field(s, 'ready') === true).length}/${total}`;
}

function podRestarts(pod: KubeObject): string {
  return String(list(pod, 'status', 'containerStatuses').reduce<number>((n, s) => n + (Number(field(s, 'restartCount')) || 0), 0));
}

function nodeStatus(node: KubeObject): string {
  const conditions = list(node, 'status', 'conditions');
  const ready = conditions.find((c) => field(c, 'type') === 'Ready');
  const parts = [field(ready, 'status') === 'True' ? 'Ready' : 'NotReady'];
  for (const c of conditions) {
    const type = field(c, 'type');
    if (type !== 'Ready' && field(c, 'status') === 'True') parts.push(String(type));
  }
  if (field(node, 'spec', 'unschedulable') === true) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function ports(svc: KubeObject): string {
  return list(svc, 'spec', 'ports')
    .map((p) => `${String(field(p, 'port'))}${field(p, 'nodePort') ? `:${String(field(p, 'nodePort'))}` : ''}/${String(field(p, 'protocol') ?? 'TCP')}`)
    .join(',');
}

function selector(obj: unknown): string {
  const sel = field(obj, 'spec', 'selector');
  if (!sel || typeof sel !== 'object') return '<none>';
  const labels = (field(sel, 'matchLabels') ?? sel) as Record<string, unknown>;
  const text = Object.entries(labels)
    .filter(([, v]) => typeof v === 'string')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
  return text || '<none>';
}

const num = (v: unknown) => String(Number(v) || 0);

const COLUMNS: Readonly<Record<string, KindColumns>> = {
  Pod: {
    headers: ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'NODE'],
    row: (o, now) => [o.metadata.namespace ?? '', o.metadata.name, podReady(o), podStatus(o), podRestarts(o), formatAge(o.metadata.creationTimestamp, now), String(field(o, 'spec', 'nodeName') ?? '<none>')],
  },
  Service: {
    headers: ['NAMESPACE', 'NAME', 'TYPE', 'CLUSTER-IP', 'PORTS', 'SELECTOR', 'AGE'],
    row: (o, now) => [o.metadata.namespace ?? '', o.metadata.name, String(field(o, 'spec', 'type') ?? 'ClusterIP'), String(field(o, 'spec', 'clusterIP') ?? ''), ports(o), selector(o), formatAge(o.metadata.creationTimestamp, now)],
  },
  Deployment: {
    headers: ['NAMESPACE', 'NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    row: (o, now) => [o.metadata.namespace ?? '', o.metadata.name, `${num(field(o, 'status', 'readyReplicas'))}/${num(field(o, 'spec', 'replicas') ?? 1)}`, num(field(o, 'status', 'updatedReplicas')), num(field(o, 'status', 'availableReplicas')), formatAge(o.metadata.creationTimestamp, now)],
  },
  StatefulSet: {
    headers: ['NAMESPACE', 'NAME', 'READY', 'AGE'],
    row: (o, now) => [o.metadata.namespace ?? '', o.metadata.name, `${num(field(o, 'status', 'readyReplicas'))}/${num(field(o, 'spec', 'replicas') ?? 1)}`, formatAge(o.metadata.creationTimestamp, now)],
  },
  DaemonSet: {
    headers: ['NAMESPACE', 'NAME', 'DESIRED', 'READY', 'AGE'],
    row: (o, now) => [o.metadata.namespace ?? '', o.metadata.name, num(field(o, 'status', 'desiredNumberScheduled')), num(field(o, 'status', 'numberReady')), formatAge(o.metadata.creationTimestamp, now)],
  },
  Node: {
    headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    row: (o, now) => [
      o.metadata.name,
      nodeStatus(o),
      Object.keys(o.metadata.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice(24)).join(',') || '<none>',
      formatAge(o.metadata.creationTimestamp, now),
      String(field(o, 'status', 'nodeInfo', 'kubeletVersion') ?? ''),
    ],
  },
  Namespace: {
    headers: ['NAME', 'STATUS', 'AGE'],
    row: (o, now) => [o.metadata.name, String(field(o, 'status', 'phase') ?? ''), formatAge(o.metadata.creationTimestamp, now)],
  },
  Event: {
    headers: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'COUNT', 'MESSAGE'],
    row: (o, now) => [
      formatAge(field(o, 'lastTimestamp') ?? field(o, 'eventTime') ?? o.metadata.creationTimestamp, now),
      String(field(o, 'type') ?? ''),
      String(field(o, 'reason') ?? ''),
      `${String(field(o, 'involvedObject', 'kind') ?? '')}/${String(field(o, 'involvedObject', 'name') ?? '')}`,
      num(field(o, 'count') ?? 1),
      String(field(o, 'message') ?? '').slice(0, 200),
    ],
  },
};

const GENERIC: KindColumns = {
  headers: ['NAMESPACE', 'NAME', 'AGE'],
  row: (o, now) => [o.metadata.namespace ?? '', o.metadata.name, formatAge(o.metadata.creationTimestamp, now)],
};

/** The compact table columns for `kind`; unknown kinds get namespace, name and age. */
export function columnsFor(kind: string): KindColumns {
  return COLUMNS[kind] ?? GENERIC;
}
