import { MAX_MESSAGE_CHARS } from './evidence.js';
import { shorten } from './text.js';

/** What kind of cause a controller, admission or kubelet failure message names. */
export type FailureCauseType =
  | 'quota-exceeded'
  | 'quota-unspecified'
  | 'quota-unknown'
  | 'service-account'
  | 'webhook-denied'
  | 'webhook-unreachable'
  | 'pod-security'
  | 'limit-range'
  | 'missing-object'
  | 'invalid-spec'
  | 'unschedulable'
  | 'other';

/** The cause a failure message names, reduced to the words a one-line summary must keep. */
export interface FailureCause {
  readonly type: FailureCauseType;
  /**
   * One line with the cause words: `exceeded quota: compute (limits.cpu requested 2, used 3,
   * limited 4)`, `ServiceAccount build-bot not found`, `violates PodSecurity "restricted:latest":
   * allowPrivilegeEscalation != false, runAsNonRoot != true`. At most ~160 characters of the
   * message's own text.
   */
  readonly summary: string;
  /** A few words for root-cause chain steps, e.g. `quota compute exceeded (limits.cpu)`. */
  readonly status: string;
  /**
   * The object or policy named: the ResourceQuota, the ServiceAccount, the webhook, the
   * PodSecurity level (`restricted`), the missing object.
   */
  readonly name?: string;
  /** Namespace the message names (the ServiceAccount's), when it names one. */
  readonly namespace?: string;
  /** Kind of a missing object (`Secret`, `ConfigMap`, `PersistentVolumeClaim`). */
  readonly kind?: string;
  /**
   * The specifics: quota resources (`limits.cpu`), PodSecurity controls
   * (`allowPrivilegeEscalation != false`), LimitRange violations.
   */
  readonly items: readonly string[];
  /** Longer per-item text for evidence (PodSecurity control details, quota usage), when there is any. */
  readonly details: readonly string[];
}

// Wrappers controllers and the API server put around the admission error; stripped so the
// summary starts with the cause. kube-controller-manager: controller_utils.go ("Error
// creating: %v"), cronjob_controllerv2.go ("Error creating job: %v"), stateful_pod_control.go
// ("create Pod %s in StatefulSet %s failed error: %s").
const WRAPPERS: readonly RegExp[] = [
  /^Error creating(?: job)?: /i,
  /^(?:create|update|delete) (?:Pod|Claim) \S+ (?:for Pod \S+ )?in StatefulSet \S+ failed error: /i,
  /^Internal error occurred: /i,
  /^[a-zA-Z0-9.]+ "[^"]*" is forbidden: /,
];

/** The message without controller and API-server wrappers (`Error creating: pods "x" is forbidden: `). */
function stripFailureWrappers(message: string): string {
  let text = message.replace(/\s+/g, ' ').trim();
  for (let changed = true; changed; ) {
    changed = false;
    for (const wrapper of WRAPPERS) {
      const next = text.replace(wrapper, '');
      if (next !== text) {
        text = next;
        changed = true;
      }
    }
  }
  return text;
}

/** `limits.cpu=2,limits.memory=1Gi` -> map (quota's prettyPrint joins with "," and no spaces). */
function resourceList(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) map.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return map;
}

/** Splits `a (x, y), b (z)` at the commas outside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((p) => p !== '');
}

function quotaExceeded(text: string): FailureCause | undefined {
  const m = /exceeded quota: ([^,\s]+), requested: (\S*), used: (\S*), limited: (\S*)/i.exec(text);
  if (!m) return undefined;
  const name = m[1] as string;
  const requested = resourceList(m[2] as string);
  const used = resourceList(m[3] as string);
  const limited = resourceList(m[4] as string);
  const items = [...new Set([...requested.keys(), ...limited.keys()])];
  const details = items.map((r) => `${r} requested ${requested.get(r) ?? '?'}, used ${used.get(r) ?? '?'}, limited ${limited.get(r) ?? '?'}`);
  return {
    type: 'quota-exceeded',
    summary: shorten(`exceeded quota: ${name} (${details.join('; ')})`, MAX_MESSAGE_CHARS),
    status: `quota ${name} exceeded (${items.join(', ')})`,
    name,
    items,
    details,
  };
}

function quotaUnspecified(text: string): FailureCause | undefined {
  // resource_access/controller.go: "failed quota: %s: %v" with the pod evaluator's "must specify
  // limits.cpu,limits.memory" (newer: "must specify limits.cpu for: app; limits.memory for: app").
  const m = /failed quota: ([^:\s]+): must specify (.+)$/i.exec(text);
  if (!m) return undefined;
  const name = m[1] as string;
  const spec = (m[2] as string).trim();
  const items = spec.includes(' for: ') ? spec.split(/;\s*/).map((p) => p.split(' for: ')[0]?.trim() ?? p) : spec.split(',').map((p) => p.trim());
  const details = spec.includes(' for: ') ? spec.split(/;\s*/).map((p) => p.replace(' for: ', ' for containers ')) : [];
  return {
    type: 'quota-unspecified',
    summary: shorten(`failed quota ${name}: must specify ${items.join(', ')} on every container`, MAX_MESSAGE_CHARS),
    status: `quota ${name}: must specify ${items.join(', ')}`,
    name,
    items,
    details,
  };
}

function quotaUnknown(text: string): FailureCause | undefined {
  const m = /status unknown for quota: ([^,\s]+), resources: (\S+)/i.exec(text);
  if (!m) return undefined;
  const name = m[1] as string;
  const items = (m[2] as string).split(',');
  return {
    type: 'quota-unknown',
    summary: `quota ${name} has no usage status yet for ${items.join(', ')} (is the quota controller running?)`,
    status: `quota ${name} status unknown`,
    name,
    items,
    details: [],
  };
}

function serviceAccount(text: string): FailureCause | undefined {
  // plugin/pkg/admission/serviceaccount/admission.go
  const m = /error looking up service account ([^/\s]+)\/([^:\s]+): (.*)$/i.exec(text) ?? /service account ([^/\s]+)\/(\S+) was not found/i.exec(text);
  if (!m) return undefined;
  const namespace = m[1] as string;
  const name = m[2] as string;
  const rest = m[3];
  const notFound = rest === undefined || /not found/i.test(rest);
  return {
    type: 'service-account',
    summary: notFound ? `ServiceAccount ${name} not found: pods naming it are rejected` : shorten(`cannot look up ServiceAccount ${name}: ${rest}`, MAX_MESSAGE_CHARS),
    status: notFound ? `ServiceAccount ${name} missing` : `ServiceAccount ${name} lookup failed`,
    name,
    namespace,
    items: [],
    details: [],
  };
}

function webhook(text: string): FailureCause | undefined {
  // apiserver/pkg/admission/plugin/webhook/errors: "admission webhook %q denied the request: %s"
  // (or "... without explanation"); calling errors: "failed calling webhook %q: %v".
  const denied = /admission webhook "([^"]+)" denied the request(?:: (.*)| without explanation)?/i.exec(text);
  if (denied) {
    const name = denied[1] as string;
    const why = (denied[2] ?? 'without explanation').trim();
    return {
      type: 'webhook-denied',
      summary: shorten(`admission webhook ${name} denied the request: ${why}`, MAX_MESSAGE_CHARS),
      status: `denied by webhook ${name}`,
      name,
      items: [],
      details: [],
    };
  }
  const failed = /failed calling webhook "([^"]+)": (.*)$/i.exec(text);
  if (!failed) return undefined;
  const name = failed[1] as string;
  const why = (failed[2] as string).replace(/^failed to call webhook: /i, '');
  return {
    type: 'webhook-unreachable',
    summary: shorten(`admission webhook ${name} could not be called: ${why}`, MAX_MESSAGE_CHARS),
    status: `webhook ${name} unreachable`,
    name,
    items: [],
    details: [],
  };
}

function podSecurity(text: string): FailureCause | undefined {
  // pod-security-admission: `violates PodSecurity "restricted:latest": control (detail), ...`
  const m = /violates PodSecurity "([^":]+)(?::([^"]+))?": (.*)$/i.exec(text);
  if (!m) return undefined;
  const level = m[1] as string;
  const version = m[2] ?? 'latest';
  const details = splitTopLevel(m[3] as string);
  const items = details.map((d) => d.replace(/\s*\(.*$/, '').trim());
  return {
    type: 'pod-security',
    summary: shorten(`violates PodSecurity "${level}:${version}": ${items.join(', ')}`, MAX_MESSAGE_CHARS),
    status: `PodSecurity ${level} violated (${shorten(items.join(', '), 60)})`,
    name: level,
    items,
    details,
  };
}

const LIMIT_RANGE = [
  /(?:maximum|minimum) \S+ usage per (?:Container|Pod|PersistentVolumeClaim) is \S+?(?:, but (?:limit|request) is [^,\]]+|\.\s+No (?:limit|request) is specified\.?)/gi,
  /\S+ max limit to request ratio per (?:Container|Pod) is \S+, but (?:provided ratio is [^,\]]+|no request is specified or request is 0\.?)/gi,
];

function limitRange(text: string): FailureCause | undefined {
  const items = LIMIT_RANGE.flatMap((re) => [...text.matchAll(re)].map((m) => m[0].replace(/\.$/, '').replace(/\s+/g, ' ')));
  if (items.length === 0) return undefined;
  return {
    type: 'limit-range',
    summary: shorten(`LimitRange: ${items.join('; ')}`, MAX_MESSAGE_CHARS),
    status: `LimitRange: ${shorten(items[0] as string, 60)}`,
    items,
    details: [],
  };
}

const OBJECT_KINDS: Readonly<Record<string, string>> = { secret: 'Secret', configmap: 'ConfigMap', persistentvolumeclaim: 'PersistentVolumeClaim' };

function missingObject(text: string): FailureCause | undefined {
  const m = /\b(secret|configmap|persistentvolumeclaim)s? "([^"]+)" not found/i.exec(text);
  if (!m) return undefined;
  const kind = OBJECT_KINDS[(m[1] as string).toLowerCase()] as string;
  const name = m[2] as string;
  return { type: 'missing-object', summary: shorten(`${kind} ${name} not found: ${text}`, MAX_MESSAGE_CHARS), status: `${kind} ${name} missing`, name, kind, items: [], details: [] };
}

function invalidSpec(original: string): FailureCause | undefined {
  const m = /[a-zA-Z0-9.]+ "[^"]*" is invalid: (.*)$/.exec(original);
  if (!m) return undefined;
  const why = m[1] as string;
  return { type: 'invalid-spec', summary: shorten(`invalid pod spec: ${why}`, MAX_MESSAGE_CHARS), status: `invalid spec (${shorten(why, 50)})`, items: [], details: [] };
}

function unschedulable(text: string): FailureCause | undefined {
  const m = /^(\d+\/\d+ nodes are available: .*?)(?:\s*preemption: .*)?$/i.exec(text);
  if (!m) return undefined;
  const why = (m[1] as string).replace(/\.$/, '');
  return { type: 'unschedulable', summary: shorten(why, MAX_MESSAGE_CHARS), status: `unschedulable (${shorten(why.replace(/^\d+\/\d+ nodes are available: /, ''), 60)})`, items: [], details: [] };
}

/**
 * Reads a controller, admission or scheduler failure message (a FailedCreate event, a
 * ReplicaFailure condition, a FailedScheduling/FailedMount event) for its cause: ResourceQuota
 * exceeded (quota name and the exceeded resources with requested/used/limited) or demanding
 * unset limits (`must specify limits.cpu`), a missing ServiceAccount, an admission webhook's
 * denial or failure to answer, a PodSecurity violation (level and controls), LimitRange
 * violations, a missing Secret/ConfigMap/PVC, an invalid spec, the scheduler's reasons. Any
 * other message falls back to its first ~160 characters (wrappers such as `Error creating:
 * pods "x" is forbidden:` removed). Never throws.
 */
export function classifyFailure(message: string): FailureCause {
  const text = stripFailureWrappers(message);
  for (const parse of [quotaExceeded, quotaUnspecified, quotaUnknown, serviceAccount, webhook, podSecurity, limitRange, missingObject, unschedulable]) {
    const cause = parse(text);
    if (cause) return cause;
  }
  const invalid = invalidSpec(text);
  if (invalid) return invalid;
  const fallback = text === '' ? 'no message' : text;
  return { type: 'other', summary: shorten(fallback, MAX_MESSAGE_CHARS), status: shorten(fallback, 60), items: [], details: [] };
}
