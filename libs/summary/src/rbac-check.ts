// A pure RBAC evaluator over the Roles, ClusterRoles and bindings of a cluster state: what the
// API server's RBAC authorizer would answer, for confirming a `forbidden` error offline.
import type { KubeObject } from '@k8s-mcp/k8s-client';
import type { ObjectRef } from './finding.js';
import type { PolicyRule, Role, RoleBinding } from './kube-types.js';

/** Who asks: a ServiceAccount, or a user with groups. */
export type RbacSubject =
  | { readonly kind: 'ServiceAccount'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'User'; readonly name: string; readonly groups?: readonly string[] };

/** One resource request, as a SubjectAccessReview's `resourceAttributes`. */
export interface RbacRequest {
  /** `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`, ... */
  readonly verb: string;
  /** Plural resource, e.g. `pods`. */
  readonly resource: string;
  /** E.g. `log` for `pods/log`; may also be given in `resource` as `pods/log`. */
  readonly subresource?: string;
  /** API group; `''` (default) is the core group. */
  readonly apiGroup?: string;
  /** Absent: cluster-wide (a cluster-scoped resource, or all namespaces). */
  readonly namespace?: string;
  /** A single object's name (get, update, delete of one object). */
  readonly name?: string;
}

/** What the evaluator reads: anything listing objects by kind (a ClusterState or ClusterIndex). */
export interface RbacSource {
  list(kind: string): readonly KubeObject[];
}

/** A binding that applies to the subject and the role it grants. */
export interface RoleGrant {
  readonly binding: ObjectRef;
  readonly role: ObjectRef;
  /** The bound Role/ClusterRole is not in the state (so it grants nothing). */
  readonly roleMissing: boolean;
  readonly rules: readonly PolicyRule[];
  /** How the binding names the subject: `ServiceAccount`, `User x`, `Group x`. */
  readonly via: string;
}

/** The evaluator's answer. */
export interface RbacDecision {
  readonly allowed: boolean;
  /** The grant and rule that allow the request, when allowed. */
  readonly allowedBy?: { readonly grant: RoleGrant; readonly rule: PolicyRule };
  /** Every grant of the subject that applies where the request is made (namespace or cluster). */
  readonly grants: readonly RoleGrant[];
}

/** Groups a subject belongs to, as the API server's authenticators assign them. */
export function subjectGroups(subject: RbacSubject): string[] {
  if (subject.kind === 'ServiceAccount') return ['system:serviceaccounts', `system:serviceaccounts:${subject.namespace}`, 'system:authenticated'];
  const groups = [...(subject.groups ?? [])];
  groups.push(subject.name === 'system:anonymous' ? 'system:unauthenticated' : 'system:authenticated');
  return [...new Set(groups)];
}

/** The user name a subject authenticates as (`system:serviceaccount:ns:name` for ServiceAccounts). */
export function subjectUser(subject: RbacSubject): string {
  return subject.kind === 'ServiceAccount' ? `system:serviceaccount:${subject.namespace}:${subject.name}` : subject.name;
}

/** How `binding` names `subject`, or undefined when it does not. */
function bindingNames(binding: RoleBinding, subject: RbacSubject, groups: readonly string[]): string | undefined {
  const user = subjectUser(subject);
  for (const s of binding.subjects ?? []) {
    if (s.kind === 'ServiceAccount' && subject.kind === 'ServiceAccount') {
      // A RoleBinding's ServiceAccount subject defaults to the binding's namespace.
      const ns = s.namespace ?? binding.metadata.namespace;
      if (s.name === subject.name && ns === subject.namespace) return 'ServiceAccount';
    }
    if (s.kind === 'User' && s.name === user) return `User ${user}`;
    if (s.kind === 'Group' && s.name !== undefined && groups.includes(s.name)) return `Group ${s.name}`;
  }
  return undefined;
}

/**
 * The grants of `subject` that apply in `namespace`: every ClusterRoleBinding naming it, plus
 * the RoleBindings of `namespace` naming it (none when `namespace` is undefined: cluster-wide
 * requests only see ClusterRoleBindings). Sorted ClusterRoleBindings first, then by name.
 */
export function subjectGrants(source: RbacSource, subject: RbacSubject, namespace: string | undefined): RoleGrant[] {
  const groups = subjectGroups(subject);
  const roles = new Map<string, Role>();
  for (const r of source.list('Role')) roles.set(`Role/${r.metadata.namespace}/${r.metadata.name}`, r as Role);
  for (const r of source.list('ClusterRole')) roles.set(`ClusterRole/${r.metadata.name}`, r as Role);
  const grants: RoleGrant[] = [];
  const add = (kind: 'RoleBinding' | 'ClusterRoleBinding', binding: RoleBinding): void => {
    const via = bindingNames(binding, subject, groups);
    const roleKind = binding.roleRef?.kind;
    const roleName = binding.roleRef?.name;
    if (via === undefined || !roleName || (roleKind !== 'Role' && roleKind !== 'ClusterRole')) return;
    // A ClusterRoleBinding can only bind ClusterRoles.
    if (kind === 'ClusterRoleBinding' && roleKind !== 'ClusterRole') return;
    const bindingNs = binding.metadata.namespace;
    const role: ObjectRef = roleKind === 'Role' ? { kind: 'Role', namespace: bindingNs as string, name: roleName } : { kind: 'ClusterRole', name: roleName };
    const object = roles.get(roleKind === 'Role' ? `Role/${bindingNs}/${roleName}` : `ClusterRole/${roleName}`);
    grants.push({
      binding: kind === 'RoleBinding' ? { kind, namespace: bindingNs as string, name: binding.metadata.name } : { kind, name: binding.metadata.name },
      role,
      roleMissing: object === undefined,
      rules: object?.rules ?? [],
      via,
    });
  };
  for (const b of source.list('ClusterRoleBinding')) add('ClusterRoleBinding', b as RoleBinding);
  if (namespace !== undefined) for (const b of source.list('RoleBinding')) if (b.metadata.namespace === namespace) add('RoleBinding', b as RoleBinding);
  return grants;
}

/** `pods/log` -> resource `pods`, subresource `log`. */
function splitResource(request: RbacRequest): { resource: string; subresource: string } {
  const slash = request.resource.indexOf('/');
  if (slash < 0) return { resource: request.resource, subresource: request.subresource ?? '' };
  return { resource: request.resource.slice(0, slash), subresource: request.subresource ?? request.resource.slice(slash + 1) };
}

/** Whether a rule covers the request's API group and resource (any verb). */
export function ruleCoversResource(rule: PolicyRule, request: RbacRequest): boolean {
  const group = request.apiGroup ?? '';
  if (!(rule.apiGroups ?? []).some((g) => g === '*' || g === group)) return false;
  const { resource, subresource } = splitResource(request);
  const combined = subresource === '' ? resource : `${resource}/${subresource}`;
  // As the RBAC authorizer: `*`, the exact resource[/subresource], or `*/subresource`.
  return (rule.resources ?? []).some((r) => r === '*' || r === combined || (subresource !== '' && r === `*/${subresource}`));
}

/**
 * Whether one rule allows a resource request: verb (or `*`), API group (or `*`), resource as
 * {@link ruleCoversResource}, and `resourceNames` (when set, only requests for one of those
 * names; a list or create names no object and is not covered).
 */
export function ruleAllows(rule: PolicyRule, request: RbacRequest): boolean {
  if (!(rule.verbs ?? []).some((v) => v === '*' || v === request.verb)) return false;
  if (!ruleCoversResource(rule, request)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (request.name !== undefined && names.includes(request.name));
}

/**
 * Would RBAC allow `subject` to make `request`? Evaluates the Roles, ClusterRoles,
 * RoleBindings and ClusterRoleBindings of `source` as the RBAC authorizer does (see
 * {@link subjectGrants}, {@link ruleAllows}), for resource requests only (not non-resource URLs).
 * Limits: `aggregationRule`s are not evaluated (a ClusterRole's `rules` are read as stored,
 * which for a live cluster's objects already include what the aggregation controller added);
 * other authorizers (Node, webhooks, ABAC) and impersonation are not modelled; a binding whose
 * role is missing grants nothing. A state without RBAC objects allows nothing.
 */
export function rbacAllows(source: RbacSource, subject: RbacSubject, request: RbacRequest): RbacDecision {
  const grants = subjectGrants(source, subject, request.namespace);
  for (const grant of grants) {
    const rule = grant.rules.find((r) => ruleAllows(r, request));
    if (rule) return { allowed: true, allowedBy: { grant, rule }, grants };
  }
  return { allowed: false, grants };
}

/** `Role pod-reader`, `ClusterRole view` (a bound Role is always in the binding's namespace). */
function roleText(role: ObjectRef): string {
  return `${role.kind} ${role.name}`;
}

/** Broad groups every authenticated subject is in: their grants are not "its" bindings. */
const BROAD_GROUPS = new Set(['Group system:authenticated', 'Group system:serviceaccounts', 'Group system:unauthenticated']);

/**
 * One line on what `grants` give for `request`'s resource, for messages: the verbs of the rules
 * covering the resource and what is missing (`Role pod-reader grants get,watch on pods; list is
 * missing`), else the roles bound (`bound to Role config-reader, which has nothing on pods`),
 * else that nothing binds the subject. Grants through groups every subject has are left out
 * unless they cover the resource.
 */
export function describeGrants(grants: readonly RoleGrant[], request: RbacRequest): string {
  const resource = request.resource + (request.subresource && !request.resource.includes('/') ? `/${request.subresource}` : '');
  const what = `${resource}${request.apiGroup ? `.${request.apiGroup}` : ''}`;
  const covering: string[] = [];
  for (const grant of grants) {
    const verbs = [...new Set(grant.rules.filter((r) => ruleCoversResource(r, request)).flatMap((r) => (r.resourceNames?.length ? (r.verbs ?? []).map((v) => `${v} (only ${r.resourceNames?.join(',')})`) : (r.verbs ?? []))))];
    if (verbs.length > 0) covering.push(`${roleText(grant.role)} grants ${verbs.join(',')} on ${what}`);
  }
  if (covering.length > 0) return `${covering.slice(0, 2).join('; ')}${covering.length > 2 ? ` (+${covering.length - 2} more)` : ''}; ${request.verb} is missing`;
  const own = grants.filter((g) => !BROAD_GROUPS.has(g.via));
  if (own.length === 0) return `no RoleBinding or ClusterRoleBinding grants it anything${request.namespace ? ` in ${request.namespace}` : ''}`;
  const missing = own.filter((g) => g.roleMissing);
  if (missing.length > 0) return `${missing[0]?.binding.kind} ${missing[0]?.binding.name} binds ${roleText(missing[0]?.role as ObjectRef)}, which does not exist`;
  const names = [...new Set(own.map((g) => roleText(g.role)))];
  return `bound to ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` (+${names.length - 3} more)` : ''}, which grant${names.length === 1 ? 's' : ''} nothing on ${what}`;
}
