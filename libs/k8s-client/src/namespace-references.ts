import type { KubeObject } from './kube-object.js';
import { HIDDEN_REFERENCE, type NamespacePolicy } from './namespace-policy.js';

// kubectl apply keeps a copy of the whole manifest here, references included.
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
// Label of every Namespace object: selectors pick namespaces by name through it.
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SA_USER = /^system:serviceaccount:([^:]+):(.+)$/;
const SA_GROUP = /^system:serviceaccounts:([^:]+)$/;
// `<service>.<namespace>.svc`, inside URLs and host names.
const SERVICE_DNS = /\b([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.svc\b/g;
// `<namespace>/<name>`, as annotations (cert-manager's inject-ca-from) and event messages write it.
const NAMESPACED_NAME = /(^|[^-./\w])([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\/([a-z0-9](?:[-.a-z0-9]*[a-z0-9])?)(?![-./\w])/g;
const EVENT_TEXT_FIELDS = ['message', 'note'] as const;

interface Walk {
  readonly hidden: (value: unknown) => value is string;
  /** Namespaces and names redacted so far: an Event's message is scrubbed of them. */
  readonly seen: Set<string>;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Sets an own property, even one named `__proto__` (JSON from the cluster can have such keys). */
function assign(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `namespace` -> `name`, `secretNamespace` -> `secretName`, `release-namespace` -> `release-name`. */
function nameKeyOf(namespaceKey: string): string {
  const stem = namespaceKey.slice(0, -'namespace'.length);
  return `${stem}${namespaceKey.charAt(stem.length) === 'N' ? 'Name' : 'name'}`;
}

function scrubString(text: string, walk: Walk): string {
  let out = text;
  if (out.startsWith('system:serviceaccount')) {
    const user = SA_USER.exec(out);
    if (user && walk.hidden(user[1])) {
      walk.seen.add(user[1]).add(user[2] as string);
      return `system:serviceaccount:${HIDDEN_REFERENCE}:${HIDDEN_REFERENCE}`;
    }
    const group = SA_GROUP.exec(out);
    if (group && walk.hidden(group[1])) {
      walk.seen.add(group[1]);
      return `system:serviceaccounts:${HIDDEN_REFERENCE}`;
    }
  }
  if (out.includes('.svc')) {
    out = out.replace(SERVICE_DNS, (match, service: string, namespace: string) => {
      if (!walk.hidden(namespace)) return match;
      walk.seen.add(namespace).add(service);
      return `${HIDDEN_REFERENCE}.${HIDDEN_REFERENCE}.svc`;
    });
  }
  return out;
}

/** Replaces `<hidden namespace>/<name>` in free text (annotation values, event messages). */
function scrubNamespacedNames(text: string, walk: Walk): string {
  if (!text.includes('/')) return text;
  return text.replace(NAMESPACED_NAME, (match, before: string, namespace: string, name: string) => {
    if (!walk.hidden(namespace)) return match;
    walk.seen.add(namespace).add(name);
    return `${before}${HIDDEN_REFERENCE}/${HIDDEN_REFERENCE}`;
  });
}

function walkArray(values: readonly unknown[], key: string, walk: Walk): readonly unknown[] {
  // `namespaces: [...]` (pod affinity terms and the like) lists namespaces by name.
  const namesNamespaces = key.toLowerCase().endsWith('namespaces');
  let out: unknown[] | undefined;
  values.forEach((value, i) => {
    let next: unknown;
    if (namesNamespaces && walk.hidden(value)) {
      walk.seen.add(value);
      next = HIDDEN_REFERENCE;
    } else {
      next = walkValue(value, '', walk);
    }
    if (next !== value) (out ??= [...values])[i] = next;
  });
  return out ?? values;
}

function walkRecord(record: Json, walk: Walk, annotations = false): Json {
  let out: Json | undefined;
  const set = (key: string, value: unknown) => {
    if (value !== record[key]) assign((out ??= { ...record }), key, value);
  };
  for (const [key, value] of Object.entries(record)) {
    if (annotations && key === LAST_APPLIED && typeof value === 'string') set(key, redactLastApplied(value, walk));
    else if (annotations && typeof value === 'string') set(key, scrubNamespacedNames(scrubString(value, walk), walk));
    else set(key, walkValue(value, key, walk));
  }
  for (const [key, value] of Object.entries(record)) {
    const lower = key.toLowerCase();
    if (lower.endsWith('namespace') && walk.hidden(value)) {
      // A reference into a hidden namespace: neither the namespace nor the object is named.
      walk.seen.add(value);
      set(key, HIDDEN_REFERENCE);
      const nameKey = nameKeyOf(key);
      const name = record[nameKey];
      if (typeof name === 'string') {
        walk.seen.add(name);
        set(nameKey, HIDDEN_REFERENCE);
      }
    } else if (key === NAMESPACE_NAME_LABEL && walk.hidden(value)) {
      // matchLabels picking a namespace by name.
      walk.seen.add(value);
      set(key, HIDDEN_REFERENCE);
    }
  }
  // A matchExpressions entry picking namespaces by name.
  const values = (out ?? record)['values'];
  if (record['key'] === NAMESPACE_NAME_LABEL && Array.isArray(values) && values.some(walk.hidden)) {
    set('values', values.map((v: unknown) => (walk.hidden(v) ? (walk.seen.add(v), HIDDEN_REFERENCE) : v)));
  }
  return out ?? record;
}

function walkValue(value: unknown, key: string, walk: Walk): unknown {
  if (typeof value === 'string') return scrubString(value, walk);
  if (Array.isArray(value)) return walkArray(value, key, walk);
  if (isRecord(value)) return walkRecord(value, walk);
  return value;
}

function redactLastApplied(text: string, walk: Walk): string {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    // kubectl always writes JSON; anything else cannot be checked, so it is not shown.
    return '<redacted>';
  }
  if (!isRecord(manifest) || !isRecord(manifest['metadata'])) return text;
  const redacted = walkObject(manifest as KubeObject, walk);
  return redacted === manifest ? text : JSON.stringify(redacted);
}

function walkObject(object: KubeObject, walk: Walk): KubeObject {
  let out: Json | undefined;
  for (const [key, value] of Object.entries(object)) {
    // The object's own name and namespace are visible (hidden objects never get here); only
    // what its metadata says about others is walked.
    const next = key === 'metadata' ? walkMetadata(object.metadata, walk) : walkValue(value, key, walk);
    if (next !== value) assign((out ??= { ...object }), key, next);
  }
  if (object.kind === 'Event') {
    for (const field of EVENT_TEXT_FIELDS) {
      const text = (out ?? object)[field];
      if (typeof text !== 'string') continue;
      const scrubbed = scrubWords(scrubNamespacedNames(text, walk), walk.seen);
      if (scrubbed !== object[field]) assign((out ??= { ...object }), field, scrubbed);
    }
  }
  return (out as KubeObject | undefined) ?? object;
}

function walkMetadata(metadata: KubeObject['metadata'], walk: Walk): KubeObject['metadata'] {
  if (!isRecord(metadata)) return metadata;
  let out: Json | undefined;
  for (const key of ['annotations', 'labels'] as const) {
    const map = metadata[key];
    if (!isRecord(map)) continue;
    const next = walkRecord(map, walk, key === 'annotations');
    if (next !== map) assign((out ??= { ...metadata }), key, next);
  }
  return (out as KubeObject['metadata'] | undefined) ?? metadata;
}

/** Replaces whole-word occurrences of names already redacted elsewhere in the object. */
function scrubWords(text: string, words: ReadonlySet<string>): string {
  let out = text;
  // Longest first, so `data-postgres-0` goes before `data`.
  for (const word of [...words].sort((a, b) => b.length - a.length)) {
    if (word === HIDDEN_REFERENCE || !out.includes(word)) continue;
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![-.\\w])${escaped}(?![-\\w])`, 'g'), HIDDEN_REFERENCE);
  }
  return out;
}

/**
 * The object as callers may see it under `policy`: every reference into a namespace the policy
 * hides reads {@link HIDDEN_REFERENCE} (`<hidden>`) instead of that namespace and the object's
 * name, and the object itself stays listed. This is the one rule every read path applies (live
 * reads, offline snapshots, the sync cache), so a visible object never names a hidden namespace:
 *
 * - any field whose key ends in `namespace` (`namespace`, `secretNamespace`,
 *   `...-secret-namespace` parameters, `meta.helm.sh/release-namespace`) and its sibling name
 *   field (`name`, `secretName`, ...): PersistentVolume `claimRef` and secret refs,
 *   VolumeAttachment inline specs, webhook, APIService and CRD conversion services,
 *   (Cluster)RoleBinding subjects, IngressClass/GatewayClass parameters, Gateway API routes,
 *   Node config sources, Events' `involvedObject`/`regarding`/`related`;
 * - `namespaces: [...]` lists and selectors on `kubernetes.io/metadata.name`;
 * - ServiceAccount user and group names (`system:serviceaccount:<ns>:<name>`,
 *   `system:serviceaccounts:<ns>`), `<service>.<ns>.svc` host names anywhere, `<ns>/<name>`
 *   annotation values, and in an Event's message every name redacted from the Event;
 * - the last-applied-configuration annotation, redacted the same way.
 *
 * Free text other than those forms (ConfigMap values, logs) is not interpreted. The object's own
 * metadata name and namespace are never changed (objects in hidden namespaces are not returned at
 * all). Returns `object` itself when nothing is hidden, a redacted copy otherwise; the input is
 * never modified.
 */
export function hideNamespaceReferences(object: KubeObject, policy: NamespacePolicy): KubeObject {
  if (policy.allowed.length === 0 && policy.forbidden.length === 0) return object;
  const walk: Walk = {
    hidden: (value): value is string => typeof value === 'string' && DNS_LABEL.test(value) && !policy.isAllowed(value),
    seen: new Set(),
  };
  return walkObject(object, walk);
}
