import { K8sClientError } from './k8s-client-error.js';
import { quotePreview } from './message-preview.js';
import type { KubeObject } from './kube-object.js';

/** One `field=value` / `field!=value` requirement of a field selector. */
interface FieldRequirement {
  readonly field: string;
  readonly negated: boolean;
  readonly value: string;
}

/** A field selector compiled for one kind: `matches` tests an object. */
export interface FieldSelector {
  matches(object: KubeObject): boolean;
}

const COMMON = ['metadata.name', 'metadata.namespace'];

// The fields the API server indexes per kind (its field label conversion funcs), limited to the
// ones kubectl users commonly select on. An unknown field is an error there too.
const FIELDS_BY_KIND: Readonly<Record<string, readonly string[]>> = {
  Pod: ['status.phase', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.podIP', 'status.nominatedNodeName'],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Node: ['spec.unschedulable'],
  Namespace: ['status.phase'],
  Secret: ['type'],
  Job: ['status.successful'],
  ReplicaSet: ['status.replicas'],
  Service: ['spec.clusterIP', 'spec.type'],
  PersistentVolumeClaim: [],
  ServiceAccount: [],
};

function valueAt(object: KubeObject, field: string): string {
  // Events' `source` selects on the reporting component.
  if (field === 'source') return stringOf((object['source'] as { component?: unknown } | undefined)?.component);
  let current: unknown = object;
  for (const part of field.split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[part];
  }
  return stringOf(current);
}

function stringOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

/**
 * Compiles a field selector (`status.phase=Running,spec.nodeName!=node-1`; `=`, `==` and `!=`)
 * for objects of `kind`, accepting the fields the API server supports for that kind:
 * `metadata.name` and `metadata.namespace` everywhere; for Pods `status.phase`, `spec.nodeName`
 * and a few more; for Events `involvedObject.*`, `reason`, `type` and `source`. A missing field
 * compares as the empty string, as on the API server.
 *
 * @throws K8sClientError `INVALID` for a malformed requirement or a field the kind does not
 *   support, naming the fields it does.
 */
export function compileFieldSelector(selector: string, kind: string): FieldSelector {
  const supported = [...COMMON, ...(FIELDS_BY_KIND[kind] ?? [])];
  const requirements: FieldRequirement[] = [];
  for (const raw of selector.split(',')) {
    const part = raw.trim();
    if (part === '') {
      if (selector.trim() === '') continue;
      throw new K8sClientError('INVALID', `field selector ${quotePreview(selector)}: empty requirement; separate requirements with single commas, e.g. status.phase=Running,spec.nodeName=node-1`);
    }
    const match = /^([A-Za-z0-9_.]+)\s*(==|!=|=)\s*(.*)$/.exec(part);
    if (!match) {
      throw new K8sClientError('INVALID', `field selector ${quotePreview(selector)}: ${quotePreview(part)} is not field=value, field==value or field!=value`);
    }
    const [, field = '', op, value = ''] = match;
    if (!supported.includes(field)) {
      throw new K8sClientError(
        'INVALID',
        `field selector ${quotePreview(selector)}: field ${quotePreview(field)} is not supported for ${kind}; supported: ${supported.join(', ')}`,
      );
    }
    requirements.push({ field, negated: op === '!=', value: value.trim() });
  }
  return {
    matches: (object) => requirements.every((r) => (valueAt(object, r.field) === r.value) !== r.negated),
  };
}
