import { K8sClientError } from './k8s-client-error.js';

/** Thrown by {@link NamespacePolicy.assertAllowed} when a call targets a namespace it may not touch. */
export class NamespaceForbiddenError extends K8sClientError {
  /** The namespace that was refused. */
  readonly namespace: string;
  /** The verb that was attempted (get, list, delete, ...). */
  readonly verb: string;

  /** Builds the error; the message names the namespace and how to proceed. */
  constructor(namespace: string, verb: string, message: string) {
    super('NAMESPACE_FORBIDDEN', message);
    this.namespace = namespace;
    this.verb = verb;
  }
}

/**
 * What a reference into a namespace the policy hides reads as, in place of the namespace and the
 * referenced object's name (see `hideNamespaceReferences`). Not a valid namespace name; the
 * policy never allows it, so whatever follows such a reference treats it as hidden.
 */
export const HIDDEN_REFERENCE = '<hidden>';

/** Input of {@link createNamespacePolicy}: the K8S_ALLOWED_NAMESPACES / K8S_FORBIDDEN_NAMESPACES lists. */
export interface NamespacePolicyOptions {
  /** Namespaces that may be touched; empty means all (except forbidden ones). */
  readonly allowed: readonly string[];
  /** Namespaces that may never be touched; wins over `allowed`. */
  readonly forbidden: readonly string[];
}

/** Decides which namespaces tools may touch. Pure: no cluster access. */
export interface NamespacePolicy {
  /** The allowed namespaces (empty: all). */
  readonly allowed: readonly string[];
  /** The forbidden namespaces. */
  readonly forbidden: readonly string[];
  /**
   * Whether `namespace` may be touched. `undefined` stands for a cluster-scoped object (or an
   * all-namespaces call), which the namespace policy always allows; {@link HIDDEN_REFERENCE}
   * never is.
   */
  isAllowed(namespace: string | undefined): boolean;
  /**
   * Throws {@link NamespaceForbiddenError} (code `NAMESPACE_FORBIDDEN`) unless `namespace` may be
   * touched by `verb`.
   */
  assertAllowed(namespace: string | undefined, verb: string): void;
}

/**
 * Creates a {@link NamespacePolicy}. Forbidden wins over allowed; an empty allowed list allows
 * every namespace that is not forbidden; cluster-scoped objects (namespace `undefined`) are allowed;
 * {@link HIDDEN_REFERENCE} (a redacted reference) never is.
 */
export function createNamespacePolicy(options: NamespacePolicyOptions): NamespacePolicy {
  const allowed = Object.freeze([...new Set(options.allowed)]);
  const forbidden = Object.freeze([...new Set(options.forbidden)]);
  const allowedSet = new Set(allowed);
  const forbiddenSet = new Set(forbidden);

  const isAllowed = (namespace: string | undefined): boolean => {
    if (namespace === undefined) return true;
    if (forbiddenSet.has(namespace) || namespace === HIDDEN_REFERENCE) return false;
    return allowedSet.size === 0 || allowedSet.has(namespace);
  };

  const assertAllowed = (namespace: string | undefined, verb: string): void => {
    if (namespace === undefined || isAllowed(namespace)) return;
    if (namespace === HIDDEN_REFERENCE) {
      throw new NamespaceForbiddenError(
        namespace,
        verb,
        `Cannot ${verb} in namespace "${namespace}": it stands for a namespace the namespace policy hides, which cannot be named or read.`,
      );
    }
    if (forbiddenSet.has(namespace)) {
      throw new NamespaceForbiddenError(
        namespace,
        verb,
        `Cannot ${verb} in namespace "${namespace}": it is forbidden by K8S_FORBIDDEN_NAMESPACES. ` +
          `Use another namespace, or ask an operator to remove "${namespace}" from K8S_FORBIDDEN_NAMESPACES.`,
      );
    }
    throw new NamespaceForbiddenError(
      namespace,
      verb,
      `Cannot ${verb} in namespace "${namespace}": it is not in K8S_ALLOWED_NAMESPACES (${allowed.join(', ')}). ` +
        `Use one of those namespaces, or ask an operator to add "${namespace}" to K8S_ALLOWED_NAMESPACES.`,
    );
  };

  return Object.freeze({ allowed, forbidden, isAllowed, assertAllowed });
}
