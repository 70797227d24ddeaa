// `RbacForbidden`: a pod's log or events show the API server refusing its ServiceAccount a
// request; the finding names the missing permission and what the bindings do grant.
import type { ClusterIndex } from './cluster-index.js';
import { eventLine } from './evidence.js';
import type { CauseRef, RawFinding } from './finding.js';
import { parseForbidden, type ForbiddenRequest } from './forbidden-message.js';
import type { Pod } from './kube-types.js';
import { isPodFailing } from './pod-failing.js';
import { describeGrants, rbacAllows, ruleCoversResource, type RbacRequest, type RbacSubject, type RoleGrant } from './rbac-check.js';
import { shorten } from './text.js';

/** Kinds the evaluator needs; when one was not read completely, grants are unknown. */
const RBAC_KINDS = ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'];

/** Most distinct denials reported per pod. */
const MAX_DENIALS_PER_POD = 3;

/** Longest quoted log or event line, in characters. */
const MAX_QUOTE_CHARS = 240;

interface Denial {
  readonly request: ForbiddenRequest;
  /** The evidence line quoting where it was seen (`log (previous): ...` or an event line). */
  readonly quote: string;
  readonly where: string;
}

/** The distinct denials in a pod's container logs (newest lines first) and events. */
function denialsOf(index: ClusterIndex, pod: Pod): Denial[] {
  const ns = pod.metadata.namespace as string;
  const denials: Denial[] = [];
  const seen = new Set<string>();
  const add = (request: ForbiddenRequest | undefined, quote: string, where: string): void => {
    if (!request || denials.length >= MAX_DENIALS_PER_POD) return;
    const key = `${request.serviceAccount.namespace}/${request.serviceAccount.name} ${request.verb} ${request.resource}.${request.apiGroup} ${request.namespace ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    denials.push({ request, quote, where });
  };
  for (const container of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    const log = index.containerLogs.get(`${ns}/${pod.metadata.name}/${container.name}`);
    if (!log) continue;
    for (let i = log.lines.length - 1; i >= 0; i--) {
      const line = log.lines[i] as string;
      add(parseForbidden(line), `log${log.previous ? ' (previous)' : ''}: ${shorten(line, MAX_QUOTE_CHARS)}`, `log of container ${container.name}`);
    }
  }
  for (const event of index.events(index.refOf('Pod', pod))) add(parseForbidden(event.message), eventLine(event, index.now), `event ${event.reason}`);
  return denials;
}

/**
 * The pods that can show a denial: those whose logs were read and those with an event that says
 * `forbidden` (every pod would cost a pass over 10k pods' containers and events per summary).
 */
function candidatePods(index: ClusterIndex): Pod[] {
  const names = new Set<string>();
  for (const key of index.containerLogs.keys()) names.add(key.slice(0, key.lastIndexOf('/')));
  for (const event of index.allEventInfos()) {
    if (event.involved.kind === 'Pod' && /forbidden/i.test(event.message)) names.add(`${event.involved.namespace}/${event.involved.name}`);
  }
  return [...names].sort().flatMap((id) => {
    const slash = id.indexOf('/');
    const pod = index.get<Pod>({ kind: 'Pod', namespace: id.slice(0, slash), name: id.slice(slash + 1) });
    return pod ? [pod] : [];
  });
}

/** `list pods in namespace shop`, `get nodes at cluster scope`, `get configmaps app-config in namespace shop`. */
function requestText(r: ForbiddenRequest): string {
  const what = `${r.resource}${r.apiGroup ? `.${r.apiGroup}` : ''}${r.name ? ` ${r.name}` : ''}`;
  return `${r.verb} ${what} ${r.namespace ? `in namespace ${r.namespace}` : 'at cluster scope'}`;
}

/** The Role to point at: one covering the resource, else the first directly bound one. */
function causeOf(grants: readonly RoleGrant[], request: RbacRequest): CauseRef[] {
  const direct = grants.filter((g) => !g.via.startsWith('Group system:'));
  const covering = direct.find((g) => g.rules.some((r) => ruleCoversResource(r, request)));
  const grant = covering ?? direct.find((g) => g.roleMissing) ?? direct[0];
  if (!grant) return [];
  return [{ ref: grant.role, relation: grant.roleMissing ? 'binds missing' : 'lacks the rule in', ...(grant.roleMissing ? { missing: true } : {}) }];
}

function nextStep(r: ForbiddenRequest, covering: RoleGrant | undefined): string {
  const sa = r.serviceAccount;
  const confirm = `Confirm with k8s-auth-can-i (verb ${r.verb}, resource ${r.resource}${r.apiGroup ? `, group ${r.apiGroup}` : ''}${r.namespace ? `, namespace ${r.namespace}` : ''}, service_account ${sa.namespace}/${sa.name})`;
  if (covering) return `${confirm}; then add "${r.verb}" to the ${r.resource} rule of ${covering.role.kind} ${covering.role.name}`;
  const name = `${sa.name}-${r.resource.replace(/[^a-z0-9]+/g, '-')}`.slice(0, 60).replace(/-+$/, '');
  const grant = r.namespace
    ? `kubectl -n ${r.namespace} create role ${name} --verb=${r.verb} --resource=${r.resource}${r.apiGroup ? `.${r.apiGroup}` : ''} && kubectl -n ${r.namespace} create rolebinding ${name} --role=${name} --serviceaccount=${sa.namespace}:${sa.name}`
    : `kubectl create clusterrole ${name} --verb=${r.verb} --resource=${r.resource}${r.apiGroup ? `.${r.apiGroup}` : ''} && kubectl create clusterrolebinding ${name} --clusterrole=${name} --serviceaccount=${sa.namespace}:${sa.name}`;
  return `${confirm}; then grant it: \`${grant}\``;
}

/**
 * `RbacForbidden`: a pod whose container log (`index.containerLogs`) or events hold the API
 * server's RBAC denial of a ServiceAccount (`User "system:serviceaccount:ns:sa" cannot list
 * resource "pods" ...`). The message names the ServiceAccount, verb, resource and namespace and
 * what its bindings do grant (`Role pod-reader grants get,watch on pods; list is missing`, see
 * `describeGrants`); the cause is the Role that lacks the rule (or the missing one a binding
 * names). Critical when the pod is failing, else a warning; `info` when the RBAC objects in the
 * state already allow the request (fixed since, or another authorizer refused it). When the
 * RBAC kinds were not read, the grants are said to be unknown. On the pod (grouped under its
 * workload), one per distinct denial, at most three per pod.
 */
export function detectRbac(index: ClusterIndex): RawFinding[] {
  const findings: RawFinding[] = [];
  const unread = RBAC_KINDS.filter((k) => index.incomplete.some((i) => i.kind === k));
  const known = unread.length === 0 && RBAC_KINDS.some((k) => index.list(k).length > 0);
  for (const pod of candidatePods(index)) {
    if (pod.metadata.deletionTimestamp) continue;
    const denials = denialsOf(index, pod);
    if (denials.length === 0) continue;
    const failing = isPodFailing(pod);
    for (const { request: r, quote, where } of denials) {
      const sa = r.serviceAccount;
      if (!index.isVisible(sa.namespace) || !index.isVisible(r.namespace)) continue;
      const subject: RbacSubject = { kind: 'ServiceAccount', namespace: sa.namespace, name: sa.name };
      const request: RbacRequest = { verb: r.verb, resource: r.resource, apiGroup: r.apiGroup, ...(r.namespace ? { namespace: r.namespace } : {}), ...(r.name ? { name: r.name } : {}) };
      const decision = known ? rbacAllows(index, subject, request) : undefined;
      const head = `ServiceAccount ${sa.namespace}/${sa.name} cannot ${requestText(r)} (forbidden, ${where})`;
      let message: string;
      if (!decision) message = `${head}; its Roles and bindings were not read${unread.length > 0 ? ` (${unread.join(', ')} incomplete)` : ''}`;
      else if (decision.allowed) message = `${head}, but ${decision.allowedBy?.grant.role.kind} ${decision.allowedBy?.grant.role.name} now grants it (fixed since, or refused by another authorizer)`;
      else message = `${head}: ${describeGrants(decision.grants, request)}`;
      const covering = decision?.grants.find((g) => !g.via.startsWith('Group system:') && g.rules.some((rule) => ruleCoversResource(rule, request)));
      const bindings = (decision?.grants ?? []).filter((g) => !g.via.startsWith('Group system:')).map((g) => `${g.binding.kind} ${g.binding.name} -> ${g.role.kind} ${g.role.name}${g.roleMissing ? ' (missing)' : ''}`);
      findings.push({
        severity: decision?.allowed ? 'info' : failing ? 'critical' : 'warning',
        reason: 'RbacForbidden',
        object: index.refOf('Pod', pod),
        message,
        evidence: [quote, ...(bindings.length > 0 ? [`bindings: ${bindings.slice(0, 4).join('; ')}${bindings.length > 4 ? ` (+${bindings.length - 4} more)` : ''}`] : [])],
        nextStep: nextStep(r, decision?.allowed ? undefined : covering),
        key: `${r.verb} ${r.resource}${r.apiGroup ? `.${r.apiGroup}` : ''} ${r.namespace ?? '*'}`,
        causes: decision && !decision.allowed ? causeOf(decision.grants, request) : [],
        status: `forbidden to ${r.verb} ${r.resource}`,
      });
    }
  }
  return findings;
}
