import type { Discovery } from './discovery.js';
import { K8sClientError, type RequestContext } from './k8s-client-error.js';
import type { KubeObject } from './kube-object.js';
import type { KubeTransport } from './kube-transport.js';
import type { NamespacePolicy } from './namespace-policy.js';
import { hideNamespaceReferences } from './namespace-references.js';
import { apiVersionOf, resourceNameOf, type ResourceKind } from './resource-kind.js';
import { isSecretKind, redactSecret } from './secret-redaction.js';
import { checkName, checkNamespace } from './validate-input.js';

/** What the live reader and writer share. */
export interface LiveContext {
  readonly transport: KubeTransport;
  readonly discovery: Discovery;
  readonly policy: NamespacePolicy;
  readonly timeoutMs: number | undefined;
  readonly defaultNamespace: string | undefined;
}

/** A validated, policy-checked request target. */
export interface Target {
  readonly kind: ResourceKind;
  /** `undefined` for cluster-scoped kinds. */
  readonly namespace: string | undefined;
  /** For error messages. */
  readonly request: RequestContext;
}

/** Whether `kind` is the core Namespace kind, whose objects' names are subject to the policy. */
export function isNamespaceKind(kind: ResourceKind): boolean {
  return kind.group === '' && kind.plural === 'namespaces';
}

// RBAC object names are path segments (`system:controller:x`), not DNS subdomains.
const PATH_SEGMENT_NAMED_GROUPS = new Set(['rbac.authorization.k8s.io']);

/** What {@link resolveTarget} checks. */
export interface TargetSpec {
  readonly verb: string;
  readonly name?: string;
  readonly namespace?: string;
  /** Require a DNS-1123 subdomain name (before writes). */
  readonly strictName?: boolean;
  /** Leave the namespace of a namespaced kind unset when none is given (lists across namespaces). */
  readonly allNamespaces?: boolean;
}

/**
 * Validates the name and namespace, applies the namespace policy, then resolves the kind. A
 * namespace given explicitly is checked before the kind is resolved, so a hidden namespace is
 * refused without any request. Namespaced kinds fall back to the default namespace (unless
 * `allNamespaces`); for the Namespace kind the object's name is what the policy checks.
 */
export async function resolveTarget(ctx: LiveContext, kindRef: ResourceKind | string, spec: TargetSpec): Promise<Target> {
  const { verb, name, namespace } = spec;
  const operation = `${verb} ${typeof kindRef === 'string' ? kindRef : resourceNameOf(kindRef)}`;
  if (name !== undefined) checkName(operation, name, false);
  if (namespace !== undefined) {
    checkNamespace(operation, namespace);
    ctx.policy.assertAllowed(namespace, verb);
  }
  const kind = typeof kindRef === 'string' ? await ctx.discovery.resolveKind(kindRef) : kindRef;
  if (name !== undefined && spec.strictName && !PATH_SEGMENT_NAMED_GROUPS.has(kind.group)) checkName(operation, name, true);
  let ns: string | undefined;
  if (kind.namespaced) {
    ns = namespace ?? (spec.allNamespaces ? undefined : ctx.defaultNamespace);
    if (ns === undefined && !spec.allNamespaces) {
      throw new K8sClientError('INVALID', `${operation}: ${kind.kind} is namespaced; name a namespace`);
    }
    if (namespace === undefined && ns !== undefined) {
      checkNamespace(operation, ns);
      ctx.policy.assertAllowed(ns, verb);
    }
  } else if (isNamespaceKind(kind) && name !== undefined) {
    ctx.policy.assertAllowed(name, verb);
  }
  return {
    kind,
    namespace: ns,
    request: { verb, resource: resourceNameOf(kind), ...(ns ? { namespace: ns } : {}), ...(name ? { name } : {}) },
  };
}

/**
 * Fills in `apiVersion` and `kind` (lists leave them out of items), redacts Secrets and hides
 * references into namespaces the policy hides ({@link hideNamespaceReferences}): every object
 * leaving the live cluster goes through here.
 */
export function present(kind: ResourceKind, object: KubeObject, policy: NamespacePolicy): KubeObject {
  const typed = { ...object, apiVersion: object.apiVersion ?? apiVersionOf(kind), kind: object.kind ?? kind.kind };
  return hideNamespaceReferences(isSecretKind(kind) ? redactSecret(typed) : typed, policy);
}
