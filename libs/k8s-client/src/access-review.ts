import type { KubeTransport } from './kube-transport.js';
import type { NamespacePolicy } from './namespace-policy.js';
import { checkName, checkNamespace, rejectInput } from './validate-input.js';

/** One "can X do Y?" question, as a SubjectAccessReview's spec (resource requests only). */
export interface AccessReviewRequest {
  /** `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`, `*`, ... */
  readonly verb: string;
  /** Plural resource, e.g. `pods`, `deployments`, `*`. */
  readonly resource: string;
  /** API group; `''` or absent for the core group. */
  readonly group?: string;
  /** E.g. `log`, `exec`, `scale`. */
  readonly subresource?: string;
  /** Absent: every namespace (cluster-wide). */
  readonly namespace?: string;
  /** One object's name; absent: any. */
  readonly name?: string;
  /** The user asked about: a name, or `system:serviceaccount:<namespace>:<name>` (see {@link serviceAccountIdentity}). */
  readonly user: string;
  /** The user's groups (the API server does not add any for a review). */
  readonly groups?: readonly string[];
  /** Request timeout. Default the transport's (30 s). */
  readonly timeoutMs?: number;
}

/** The authorizer's answer. */
export interface AccessReviewResult {
  readonly allowed: boolean;
  /** True when an authorizer explicitly denied (no further authorizer was asked). */
  readonly denied: boolean;
  /** Why, when an authorizer said (e.g. the RBAC binding that allows it). */
  readonly reason?: string;
  /** An authorizer failed to evaluate (e.g. a webhook was down); `allowed` may then be false for that reason. */
  readonly evaluationError?: string;
}

interface ReviewStatus {
  readonly status?: { readonly allowed?: boolean; readonly denied?: boolean; readonly reason?: string; readonly evaluationError?: string };
}

const VERB = /^([a-z]+|\*)$/;
const RESOURCE = /^([a-z0-9][a-z0-9.-]*|\*)$/;
const SUBRESOURCE = /^[a-z0-9]+$/;
const GROUP = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*|\*)?$/;
const SERVICE_ACCOUNT_USER = /^system:serviceaccount:([^:]+):([^:]+)$/;

/**
 * The user name and groups the API server gives a ServiceAccount's tokens:
 * `system:serviceaccount:<namespace>:<name>`, groups `system:serviceaccounts`,
 * `system:serviceaccounts:<namespace>` and `system:authenticated`.
 */
export function serviceAccountIdentity(namespace: string, name: string): { user: string; groups: string[] } {
  return { user: `system:serviceaccount:${namespace}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'] };
}

/**
 * Asks the API server whether `request.user` may make a resource request: a SubjectAccessReview
 * (authorization.k8s.io/v1, created and answered in one call, nothing stored; what
 * `kubectl auth can-i --as` does). The namespace policy applies to the namespace asked about and
 * to a ServiceAccount user's namespace: a hidden one is refused before any request.
 *
 * @throws K8sClientError `INVALID` (bad verb, resource, group, subresource, namespace, name or an
 *   empty user), `NAMESPACE_FORBIDDEN`, and the transport's codes: `FORBIDDEN` when this server's
 *   own identity may not create subjectaccessreviews, `UNREACHABLE`, `TIMEOUT`, ...
 */
export async function reviewAccess(transport: KubeTransport, policy: NamespacePolicy, request: AccessReviewRequest): Promise<AccessReviewResult> {
  const operation = 'check access';
  if (!VERB.test(request.verb)) rejectInput(operation, `verb "${request.verb}" is not valid: use a lower-case verb such as get, list, watch, create, delete, or *`);
  if (!RESOURCE.test(request.resource)) rejectInput(operation, `resource "${request.resource}" is not valid: use the plural resource name, e.g. pods or deployments (the subresource goes in subresource)`);
  if (request.group !== undefined && !GROUP.test(request.group)) rejectInput(operation, `API group "${request.group}" is not valid: e.g. apps, batch, or empty for the core group`);
  if (request.subresource !== undefined && !SUBRESOURCE.test(request.subresource)) rejectInput(operation, `subresource "${request.subresource}" is not valid: e.g. log, exec, scale, status`);
  if (request.namespace !== undefined) checkNamespace(operation, request.namespace);
  if (request.name !== undefined) checkName(operation, request.name, false);
  if (request.user.trim() === '') rejectInput(operation, 'the user is empty; name a user or a ServiceAccount');
  policy.assertAllowed(request.namespace, operation);
  const serviceAccount = SERVICE_ACCOUNT_USER.exec(request.user);
  if (serviceAccount?.[1] !== undefined) {
    checkNamespace(operation, serviceAccount[1]);
    policy.assertAllowed(serviceAccount[1], operation);
  }
  const resourceAttributes = {
    verb: request.verb,
    resource: request.resource,
    group: request.group ?? '',
    ...(request.subresource ? { subresource: request.subresource } : {}),
    ...(request.namespace ? { namespace: request.namespace } : {}),
    ...(request.name ? { name: request.name } : {}),
  };
  const review = await transport.json<ReviewStatus>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { resourceAttributes, user: request.user, ...(request.groups && request.groups.length > 0 ? { groups: [...request.groups] } : {}) },
    },
    ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
    context: { verb: 'create', resource: 'subjectaccessreviews' },
  });
  const status = review.status ?? {};
  return {
    allowed: status.allowed === true,
    denied: status.denied === true,
    ...(status.reason ? { reason: status.reason } : {}),
    ...(status.evaluationError ? { evaluationError: status.evaluationError } : {}),
  };
}
