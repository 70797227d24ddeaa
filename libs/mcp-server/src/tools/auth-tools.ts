import { findBuiltinKind, quotePreview, serviceAccountIdentity, type AccessReviewRequest } from '@k8s-mcp/k8s-client';
import { describeGrants, rbacAllows, type RbacRequest, type RbacSubject } from '@k8s-mcp/summary';
import { untrustedBlock } from '../output-budget.js';
import { defineTool } from '../tool-definition.js';
import { ToolArgumentError } from '../tool-params.js';
import type { ToolContext } from './tool-context.js';

/** Output schema of `k8s-auth-can-i`. */
const CAN_I_OUTPUT_SCHEMA = {
  type: 'object',
  properties: {
    allowed: { type: 'boolean' },
    denied: { type: 'boolean', description: 'An authorizer explicitly denied (live reviews only).' },
    reason: { type: 'string', description: 'Why, when the authorizer said.' },
    evaluationError: { type: 'string', description: 'An authorizer could not evaluate the request.' },
    source: { type: 'string', description: 'SubjectAccessReview (live) or offline RBAC evaluation (snapshot).' },
    subject: { type: 'string' },
    request: { type: 'string' },
  },
  required: ['allowed', 'denied', 'source', 'subject', 'request'],
} as const;

/** Plural resources of cluster-scoped kinds beyond the built-in ones: asked about cluster-wide. */
const CLUSTER_RESOURCES = new Set([
  'clusterroles',
  'clusterrolebindings',
  'customresourcedefinitions',
  'priorityclasses',
  'runtimeclasses',
  'validatingwebhookconfigurations',
  'mutatingwebhookconfigurations',
  'apiservices',
  'certificatesigningrequests',
  'csidrivers',
  'csinodes',
  'volumeattachments',
  'tokenreviews',
  'subjectaccessreviews',
  'selfsubjectaccessreviews',
]);

const RBAC_KINDS = ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'];

/** `pods/log` -> pods + log; `deployments.apps` -> deployments + group apps. */
function splitResource(resource: string, group: string | undefined, subresource: string | undefined): { resource: string; group: string; subresource?: string } {
  let r = resource.trim().toLowerCase();
  let sub = subresource?.trim() || undefined;
  const slash = r.indexOf('/');
  if (slash >= 0) {
    sub ??= r.slice(slash + 1);
    r = r.slice(0, slash);
  }
  let g = group?.trim();
  const dot = r.indexOf('.');
  if (dot > 0 && g === undefined) {
    g = r.slice(dot + 1);
    r = r.slice(0, dot);
  }
  return { resource: r, group: g ?? '', ...(sub ? { subresource: sub } : {}) };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_SUBJECT_CHARS = 253;

/** The subject: a ServiceAccount (`ns/name`, or a name in the namespace asked about) or a user with groups. */
function subjectOf(args: { service_account?: string | undefined; user?: string | undefined; groups?: readonly string[] | undefined }, namespace: string): RbacSubject {
  if (args.service_account && args.user) throw new ToolArgumentError('user', 'Give either service_account or user (with groups), not both.');
  if (args.service_account) {
    const parts = args.service_account.trim().replace(/^system:serviceaccount:/, '').split(/[/:]/);
    const [ns, name] = parts.length === 2 ? parts : [namespace, parts[0]];
    // Both parts are DNS labels/subdomains: anything else cannot name a ServiceAccount, and a
    // bounded value keeps every later message (the kubectl hint) short.
    if (!ns || !name || parts.length > 2 || !DNS_LABEL.test(ns) || name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
      throw new ToolArgumentError('service_account', `Invalid argument "service_account": got ${quotePreview(args.service_account)}; expected "namespace/name" (DNS names) or a name in the namespace asked about.`);
    }
    return { kind: 'ServiceAccount', namespace: ns, name };
  }
  if (args.user) {
    const user = args.user.trim();
    if (user.length > MAX_SUBJECT_CHARS || /\p{Cc}/u.test(user)) throw new ToolArgumentError('user', `Invalid argument "user": got ${quotePreview(args.user)}; expected a user name of at most ${MAX_SUBJECT_CHARS} characters on one line.`);
    return { kind: 'User', name: user, groups: args.groups ?? [] };
  }
  throw new ToolArgumentError('service_account', 'Missing argument: name the subject with service_account ("namespace/name") or user (with groups).');
}

function subjectText(subject: RbacSubject): string {
  if (subject.kind === 'ServiceAccount') return `ServiceAccount ${subject.namespace}/${subject.name}`;
  return `User ${subject.name}${subject.groups && subject.groups.length > 0 ? ` (groups ${subject.groups.join(', ')})` : ''}`;
}

function requestText(r: { verb: string; resource: string; group: string; subresource?: string; name?: string }, namespace: string | undefined): string {
  const what = `${r.resource}${r.subresource ? `/${r.subresource}` : ''}${r.group ? `.${r.group}` : ''}${r.name ? ` ${r.name}` : ''}`;
  return `${r.verb} ${what} ${namespace ? `in namespace ${namespace}` : 'cluster-wide'}`;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * `k8s-auth-can-i`: can a ServiceAccount (or user) make a request? A SubjectAccessReview on live
 * clusters, an evaluation of the snapshot's RBAC objects offline; read-only either way.
 */
export const authCanI = defineTool<
  ToolContext,
  {
    verb: { type: 'string'; description: string; required: true };
    resource: { type: 'string'; description: string; required: true };
    group: { type: 'string'; description: string };
    subresource: { type: 'string'; description: string };
    name: { type: 'string'; description: string };
    namespace: { type: 'string'; description: string };
    all_namespaces: { type: 'boolean'; description: string; default: false };
    service_account: { type: 'string'; description: string };
    user: { type: 'string'; description: string };
    groups: { type: 'array'; description: string };
  }
>({
  name: 'k8s-auth-can-i',
  title: 'Check a permission (auth can-i)',
  description:
    'Can a ServiceAccount (or user) do something? E.g. verb=list resource=pods namespace=shop service_account=shop/web. Asks the API server with a SubjectAccessReview (like `kubectl auth can-i --as`); offline snapshots evaluate their Roles and bindings instead. Use it to confirm a "forbidden" error. Read-only.',
  access: 'read',
  idempotent: true,
  openWorld: true,
  params: {
    verb: { type: 'string', description: 'get, list, watch, create, update, patch, delete, deletecollection, or *.', required: true },
    resource: { type: 'string', description: 'Plural resource, e.g. pods, deployments, secrets; `pods/log` and `deployments.apps` forms work too.', required: true },
    group: { type: 'string', description: 'API group (apps, batch, ...); empty for the core group (default).' },
    subresource: { type: 'string', description: 'Subresource, e.g. log, exec, scale, status.' },
    name: { type: 'string', description: 'One object name; default any.' },
    namespace: { type: 'string', description: 'Namespace asked about (default K8S_NAMESPACE; cluster-scoped resources such as nodes are asked cluster-wide).' },
    all_namespaces: { type: 'boolean', description: 'Ask for every namespace (cluster-wide) instead of one.', default: false },
    service_account: { type: 'string', description: 'The ServiceAccount asked about: "namespace/name", or a name in the namespace asked about.' },
    user: { type: 'string', description: 'A user asked about instead of a ServiceAccount.' },
    groups: { type: 'array', description: 'Groups of that user.' },
  },
  outputSchema: CAN_I_OUTPUT_SCHEMA,
  run: async (args, ctx) => {
    const target = splitResource(args.resource, args.group, args.subresource);
    const clusterScoped = findBuiltinKind(target.resource)?.namespaced === false || CLUSTER_RESOURCES.has(target.resource);
    const namespace = args.all_namespaces || (clusterScoped && !args.namespace) ? undefined : (args.namespace ?? ctx.defaultNamespace);
    const subject = subjectOf(args, namespace ?? ctx.defaultNamespace);
    const policy = ctx.summary?.policy;
    policy?.assertAllowed(namespace, 'check access');
    if (subject.kind === 'ServiceAccount') policy?.assertAllowed(subject.namespace, 'check access');
    const request = { verb: args.verb.trim(), ...target, ...(args.name ? { name: args.name } : {}) };
    const what = requestText(request, namespace);
    const who = subjectText(subject);

    if (ctx.accessReview) {
      const identity = subject.kind === 'ServiceAccount' ? serviceAccountIdentity(subject.namespace, subject.name) : { user: subject.name, groups: [...(subject.groups ?? [])] };
      const review: AccessReviewRequest = { ...request, ...identity, ...(namespace ? { namespace } : {}) };
      try {
        const result = await ctx.accessReview(review);
        const lines = [`${result.allowed ? 'yes' : 'no'}: ${who} ${result.allowed ? 'can' : 'cannot'} ${what} (source: SubjectAccessReview on the live API${result.denied ? ', explicitly denied' : ''}).`];
        if (result.reason) lines.push(`Reason:\n${untrustedBlock('authorizer-reason', 'SubjectAccessReview', result.reason)}`);
        if (result.evaluationError) lines.push(`Evaluation error (the answer may be incomplete):\n${untrustedBlock('authorizer-error', 'SubjectAccessReview', result.evaluationError)}`);
        return {
          text: lines.join('\n'),
          structured: { ...result, source: 'SubjectAccessReview', subject: who, request: what },
        };
      } catch (error) {
        // This server's identity may not create reviews: the RBAC objects it reads can still answer.
        if (codeOf(error) !== 'FORBIDDEN' || !ctx.summary) throw error;
      }
    }

    if (!ctx.summary) {
      throw Object.assign(new Error('this server can neither run a SubjectAccessReview nor read RBAC objects; check with `kubectl auth can-i --as=...`.'), { code: 'NOT_AVAILABLE' });
    }
    await ctx.whenReady?.();
    const state = await ctx.summary.state();
    if (RBAC_KINDS.every((k) => state.list(k).length === 0)) {
      const why = ctx.accessReview ? "this server's identity may not create subjectaccessreviews and its cluster state holds no Roles or bindings" : `the ${ctx.summary.source} holds no Roles or bindings`;
      throw Object.assign(new Error(`${why}, so the permission cannot be checked here; use \`kubectl auth can-i ${request.verb} ${target.resource} --as=${subject.kind === 'ServiceAccount' ? `system:serviceaccount:${subject.namespace}:${subject.name}` : subject.name}${namespace ? ` -n ${namespace}` : ''}\`.`), { code: 'NOT_AVAILABLE' });
    }
    const rbacRequest: RbacRequest = { verb: request.verb, resource: target.resource, apiGroup: target.group, ...(target.subresource ? { subresource: target.subresource } : {}), ...(namespace ? { namespace } : {}), ...(args.name ? { name: args.name } : {}) };
    const decision = rbacAllows(state, subject, rbacRequest);
    const by = decision.allowedBy;
    const reason = by
      ? `allowed by ${by.grant.binding.kind} ${by.grant.binding.namespace ? `${by.grant.binding.namespace}/` : ''}${by.grant.binding.name} of ${by.grant.role.kind} ${by.grant.role.name} (${by.grant.via})`
      : describeGrants(decision.grants, rbacRequest);
    const caveat = 'offline RBAC evaluation over the Roles and bindings read (not a SubjectAccessReview: aggregation rules and other authorizers are not evaluated)';
    return {
      text: `${decision.allowed ? 'yes' : 'no'}: ${who} ${decision.allowed ? 'can' : 'cannot'} ${what} (source: ${caveat}).\nReason: ${reason}`,
      structured: { allowed: decision.allowed, denied: false, reason, source: 'offline RBAC evaluation', subject: who, request: what },
    };
  },
});
