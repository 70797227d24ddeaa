import { CLUSTER_SCOPE, resourceId } from '@k8s-mcp/graph';
import { findBuiltinKind } from '@k8s-mcp/k8s-client';
import { UsageError } from './usage-error.js';

/** An object named on the command line, before the default namespace is applied. */
export interface ObjectArg {
  /** Canonical kind name for built-in kinds (`deploy` becomes `Deployment`), else as written. */
  readonly kind: string;
  /** Absent for cluster-scoped kinds, and for namespaced ones when no namespace was written. */
  readonly namespace?: string;
  readonly name: string;
  /** Whether the kind is cluster-scoped (built-in knowledge, or `Kind/_cluster/name` as written). */
  readonly clusterScoped: boolean;
}

const FORMS = 'Kind/namespace/name, Kind/name with -n <namespace>, or Kind name';

function checkPart(part: string, what: string, text: string, command: string): void {
  if (part.trim() === '' || /\s/.test(part)) {
    throw new UsageError(`${command}: ${what} missing or blank in ${JSON.stringify(text)}; name the object as ${FORMS}`);
  }
}

/**
 * Reads an object reference from one or two arguments: `Kind/namespace/name`,
 * `Kind/_cluster/name`, `Kind/name` (namespace from -n, else the default one), or `Kind name`.
 * Kinds are matched like kubectl does (`deploy`, `deployments`, `Deployment`, `deployments.apps`).
 *
 * @throws UsageError for a malformed reference or a namespace given to a cluster-scoped kind
 */
export function parseObjectArg(tokens: readonly string[], command: string): ObjectArg {
  let kindText: string;
  let namespace: string | undefined;
  let name: string;
  const text = tokens.join(' ');
  if (tokens.length === 1) {
    const parts = (tokens[0] as string).split('/');
    if (parts.length === 2) [kindText, name] = parts as [string, string];
    else if (parts.length === 3) [kindText, namespace, name] = parts as [string, string, string];
    else throw new UsageError(`${command}: cannot read ${JSON.stringify(text)} as an object; name it as ${FORMS}`);
  } else if (tokens.length === 2 && !(tokens[0] as string).includes('/') && !(tokens[1] as string).includes('/')) {
    [kindText, name] = tokens as [string, string];
  } else {
    throw new UsageError(`${command}: expected one object, got ${JSON.stringify(text)}; name it as ${FORMS}`);
  }
  checkPart(kindText, 'kind', text, command);
  checkPart(name, 'name', text, command);
  if (namespace !== undefined) checkPart(namespace, 'namespace', text, command);
  const builtin = findBuiltinKind(kindText);
  const kind = builtin?.kind ?? kindText;
  const clusterScoped = builtin ? !builtin.namespaced : namespace === CLUSTER_SCOPE;
  if (clusterScoped) {
    if (namespace !== undefined && namespace !== CLUSTER_SCOPE) {
      throw new UsageError(`${command}: ${kind} is cluster-scoped and has no namespace; write ${kind}/${name}`);
    }
    return { kind, name, clusterScoped };
  }
  if (namespace === CLUSTER_SCOPE) throw new UsageError(`${command}: ${kind} is namespaced; write ${kind}/<namespace>/${name}`);
  return { kind, ...(namespace === undefined ? {} : { namespace }), name, clusterScoped };
}

/** The object's namespace: its own, else `defaultNamespace`; undefined when cluster-scoped. */
export function namespaceOf(arg: ObjectArg, defaultNamespace: string): string | undefined {
  return arg.clusterScoped ? undefined : (arg.namespace ?? defaultNamespace);
}

/** The knowledge-graph id of the object (`Deployment/shop/web`, `Node/_cluster/worker-1`). */
export function graphIdOf(arg: ObjectArg, defaultNamespace: string): string {
  const namespace = namespaceOf(arg, defaultNamespace);
  return resourceId({ kind: arg.kind, name: arg.name, ...(namespace === undefined ? {} : { namespace }) });
}
