import type { KubeObject } from '@k8s-mcp/k8s-client';
import { type JsonObject, numberAt, objectAt, objectsAt, pathAt, stringAt, stringMapAt } from '../json-fields.js';
import { podStatus } from './pod-status.js';
import { roleStatus } from './role-status.js';

const conditionsOf = (o: KubeObject): readonly JsonObject[] => objectsAt(pathAt(o, 'status', 'conditions'));
const condition = (o: KubeObject, type: string) => conditionsOf(o).find((c) => c['type'] === type);
const n = (value: unknown): number => numberAt(value) ?? 0;

function replicas(o: KubeObject, readyField = 'readyReplicas'): string {
  const desired = numberAt(pathAt(o, 'spec', 'replicas')) ?? 1;
  const parts = [`${n(pathAt(o, 'status', readyField))}/${desired} ready`];
  const updated = numberAt(pathAt(o, 'status', 'updatedReplicas'));
  if (updated !== undefined && updated < desired) parts.push(`${updated} updated`);
  return parts.join(', ');
}

function deploymentStatus(o: KubeObject): string {
  const parts = [replicas(o)];
  const progressing = condition(o, 'Progressing');
  if (progressing?.['status'] === 'False') parts.push(stringAt(progressing['reason']) ?? 'not progressing');
  if (pathAt(o, 'spec', 'paused') === true) parts.push('paused');
  return parts.join(', ');
}

function nodeStatus(o: KubeObject): string {
  const ready = condition(o, 'Ready');
  const parts = [ready?.['status'] === 'True' ? 'Ready' : ready?.['status'] === 'Unknown' ? 'NotReady (Unknown)' : 'NotReady'];
  for (const c of conditionsOf(o)) {
    if (c['type'] !== 'Ready' && c['status'] === 'True') parts.push(String(c['type']));
  }
  if (pathAt(o, 'spec', 'unschedulable') === true) parts.push('cordoned');
  return parts.join(', ');
}

function jobStatus(o: KubeObject): string {
  for (const type of ['Complete', 'Failed', 'Suspended']) {
    const c = condition(o, type);
    if (c?.['status'] === 'True') return type === 'Failed' && stringAt(c['reason']) ? `Failed (${stringAt(c['reason'])})` : type;
  }
  const completions = numberAt(pathAt(o, 'spec', 'completions')) ?? 1;
  return `Running, ${n(pathAt(o, 'status', 'succeeded'))}/${completions} succeeded, ${n(pathAt(o, 'status', 'active'))} active`;
}

function cronJobStatus(o: KubeObject): string {
  const parts = [stringAt(pathAt(o, 'spec', 'schedule')) ?? 'no schedule'];
  if (pathAt(o, 'spec', 'suspend') === true) parts.push('suspended');
  const active = objectsAt(pathAt(o, 'status', 'active')).length;
  if (active > 0) parts.push(`${active} active`);
  return parts.join(', ');
}

function serviceStatus(o: KubeObject): string {
  const type = stringAt(pathAt(o, 'spec', 'type')) ?? 'ClusterIP';
  if (type === 'ExternalName') return `ExternalName ${stringAt(pathAt(o, 'spec', 'externalName')) ?? '?'}`;
  const parts = [type];
  if (type === 'LoadBalancer' && objectsAt(pathAt(o, 'status', 'loadBalancer', 'ingress')).length === 0) parts.push('pending');
  if (Object.keys(stringMapAt(pathAt(o, 'spec', 'selector')) ?? {}).length === 0) parts.push('no selector');
  return parts.join(', ');
}

function hpaStatus(o: KubeObject): string {
  const parts = [
    `${n(pathAt(o, 'status', 'currentReplicas'))}/${n(pathAt(o, 'status', 'desiredReplicas'))} replicas ` +
      `(min ${numberAt(pathAt(o, 'spec', 'minReplicas')) ?? 1}, max ${n(pathAt(o, 'spec', 'maxReplicas'))})`,
  ];
  for (const type of ['AbleToScale', 'ScalingActive']) {
    const c = condition(o, type);
    if (c?.['status'] === 'False') parts.push(`${type}=False (${stringAt(c['reason']) ?? '?'})`);
  }
  return parts.join(', ');
}

function endpointSliceStatus(o: KubeObject): string {
  const endpoints = objectsAt(o['endpoints']);
  const ready = endpoints.filter((e) => pathAt(e, 'conditions', 'ready') !== false).length;
  return `${ready}/${endpoints.length} endpoints ready`;
}

function eventStatus(o: KubeObject): string {
  const count = numberAt(o['count']) ?? numberAt(pathAt(o, 'series', 'count')) ?? 1;
  return `${stringAt(o['type']) ?? 'Normal'} ${stringAt(o['reason']) ?? ''}`.trim() + (count > 1 ? ` x${count}` : '');
}

function ingressStatus(o: KubeObject): string {
  const addresses = objectsAt(pathAt(o, 'status', 'loadBalancer', 'ingress')).map((i) => stringAt(i['ip']) ?? stringAt(i['hostname']));
  const known = addresses.filter((a): a is string => a !== undefined);
  return known.length > 0 ? `address ${known.join(', ')}` : 'no address';
}

const STATUS_BY_KIND: ReadonlyMap<string, (o: KubeObject) => string> = new Map<string, (o: KubeObject) => string>([
  ['Pod', podStatus],
  ['Deployment', deploymentStatus],
  ['ReplicaSet', (o) => replicas(o)],
  ['StatefulSet', (o) => replicas(o)],
  ['DaemonSet', (o) => `${n(pathAt(o, 'status', 'numberReady'))}/${n(pathAt(o, 'status', 'desiredNumberScheduled'))} ready`],
  ['Job', jobStatus],
  ['CronJob', cronJobStatus],
  ['Node', nodeStatus],
  ['Service', serviceStatus],
  ['EndpointSlice', endpointSliceStatus],
  ['Ingress', ingressStatus],
  ['HorizontalPodAutoscaler', hpaStatus],
  [
    'PodDisruptionBudget',
    (o) =>
      `${n(pathAt(o, 'status', 'disruptionsAllowed'))} disruptions allowed, ` +
      `${n(pathAt(o, 'status', 'currentHealthy'))}/${n(pathAt(o, 'status', 'desiredHealthy'))} healthy`,
  ],
  ['PersistentVolumeClaim', (o) => stringAt(pathAt(o, 'status', 'phase')) ?? 'Pending'],
  ['PersistentVolume', (o) => stringAt(pathAt(o, 'status', 'phase')) ?? 'Pending'],
  ['Namespace', (o) => stringAt(pathAt(o, 'status', 'phase')) ?? 'Active'],
  ['Event', eventStatus],
  ['Secret', (o) => stringAt(o['type']) ?? 'Opaque'],
  ['Role', roleStatus],
  ['ClusterRole', roleStatus],
  ['ConfigMap', (o) => `${Object.keys(objectAt(o['data']) ?? {}).length + Object.keys(objectAt(o['binaryData']) ?? {}).length} keys`],
]);

/**
 * The one-line status of an object for graph nodes and summaries: per kind (`Running 1/1 ready`,
 * `2/3 ready`, `NotReady, cordoned`, `Pending`, `ClusterIP, no selector`, `Warning BackOff x5`,
 * Roles what their rules grant, Secrets only their type); `present` for kinds without one. Objects being deleted say
 * `Terminating`. Never includes Secret data.
 */
export function objectStatus(kind: string, object: KubeObject): string {
  const status = STATUS_BY_KIND.get(kind)?.(object) ?? 'present';
  if (object.metadata.deletionTimestamp && kind !== 'Pod') return `Terminating, ${status}`;
  return status;
}
