/** How to reach one kind of resource through the API. */
export interface ResourceKind {
  /** API group; `''` for the core group. */
  readonly group: string;
  readonly version: string;
  /** Kind, e.g. `Deployment`. */
  readonly kind: string;
  /** Plural resource name, e.g. `deployments`. */
  readonly plural: string;
  readonly namespaced: boolean;
  /** Short names, e.g. `deploy`. */
  readonly shortNames?: readonly string[];
  /** Verbs the API server supports for it, when known from discovery. */
  readonly verbs?: readonly string[];
  /** Singular resource name from discovery, e.g. `deployment`, when it differs from the lower-cased kind. */
  readonly singular?: string;
  /** Subresources the API server serves for it (`status`, `scale`, `log`, ...), when known from discovery. */
  readonly subresources?: readonly string[];
}

/** `apps/v1`, or `v1` for the core group. */
export function apiVersionOf(kind: ResourceKind): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}

/** `deployments.apps`, or `pods` for the core group: the name RBAC and kubectl use. */
export function resourceNameOf(kind: ResourceKind): string {
  return kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
}

/**
 * The API path of a collection or object: `/apis/apps/v1/namespaces/shop/deployments/web`.
 * Leave `namespace` out for cluster-scoped kinds and for all-namespaces lists, `name` out for
 * collections; `subresource` (e.g. `scale`, `log`) needs a name.
 */
export function resourcePath(kind: ResourceKind, namespace?: string, name?: string, subresource?: string): string {
  const base = kind.group ? `/apis/${kind.group}/${kind.version}` : `/api/${kind.version}`;
  const ns = kind.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const obj = name ? `/${encodeURIComponent(name)}` : '';
  const sub = name && subresource ? `/${subresource}` : '';
  return `${base}${ns}/${kind.plural}${obj}${sub}`;
}

function k(group: string, version: string, kind: string, plural: string, namespaced: boolean, shortNames: string[] = []): ResourceKind {
  return Object.freeze({ group, version, kind, plural, namespaced, shortNames: Object.freeze(shortNames) });
}

/**
 * The built-in kinds k8s-mcp syncs and relates, in a stable order. Discovery adds the rest
 * (custom resources included) at run time.
 */
export const BUILTIN_KINDS: readonly ResourceKind[] = Object.freeze([
  k('', 'v1', 'Namespace', 'namespaces', false, ['ns']),
  k('', 'v1', 'Node', 'nodes', false, ['no']),
  k('', 'v1', 'Pod', 'pods', true, ['po']),
  k('', 'v1', 'Service', 'services', true, ['svc']),
  k('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true),
  k('apps', 'v1', 'Deployment', 'deployments', true, ['deploy']),
  k('apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs']),
  k('apps', 'v1', 'StatefulSet', 'statefulsets', true, ['sts']),
  k('apps', 'v1', 'DaemonSet', 'daemonsets', true, ['ds']),
  k('batch', 'v1', 'Job', 'jobs', true),
  k('batch', 'v1', 'CronJob', 'cronjobs', true, ['cj']),
  k('', 'v1', 'ConfigMap', 'configmaps', true, ['cm']),
  k('', 'v1', 'Secret', 'secrets', true),
  k('', 'v1', 'ServiceAccount', 'serviceaccounts', true, ['sa']),
  k('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, ['pvc']),
  k('', 'v1', 'PersistentVolume', 'persistentvolumes', false, ['pv']),
  k('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, ['sc']),
  k('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['ing']),
  k('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
  k('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, ['hpa']),
  k('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, ['pdb']),
  k('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, ['netpol']),
  k('', 'v1', 'Event', 'events', true, ['ev']),
  k('', 'v1', 'ResourceQuota', 'resourcequotas', true, ['quota']),
]);

/**
 * Kinds diagnosis reads beyond {@link BUILTIN_KINDS}: RBAC (what a ServiceAccount may do),
 * admission webhooks and APIServices (whose missing Services break the API for everyone) and the
 * Gateway API (a CRD, often not served). Few objects that rarely change; an identity may not be
 * allowed to list them, so they are synced only where {@link listableKinds} says they can be.
 */
export const DIAGNOSIS_KINDS: readonly ResourceKind[] = Object.freeze([
  k('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  k('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  k('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  k('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  k('admissionregistration.k8s.io', 'v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false),
  k('admissionregistration.k8s.io', 'v1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false),
  k('apiregistration.k8s.io', 'v1', 'APIService', 'apiservices', false),
  k('gateway.networking.k8s.io', 'v1', 'GatewayClass', 'gatewayclasses', false),
  k('gateway.networking.k8s.io', 'v1', 'Gateway', 'gateways', true),
  k('gateway.networking.k8s.io', 'v1', 'HTTPRoute', 'httproutes', true),
]);

/**
 * Finds a built-in kind by kind (`Deployment`), plural (`deployments`), singular
 * (`deployment`), `plural.group` (`deployments.apps`), `Kind.group` or short name (`deploy`);
 * case-insensitive.
 * Returns `undefined` when none matches (discovery may still know it).
 */
export function findBuiltinKind(ref: string): ResourceKind | undefined {
  return matchKind(BUILTIN_KINDS, ref);
}

/** {@link findBuiltinKind} over any list of kinds (e.g. discovery's). */
export function matchKind(kinds: readonly ResourceKind[], ref: string): ResourceKind | undefined {
  const r = ref.trim().toLowerCase();
  const dot = r.indexOf('.');
  const [name, group] = dot > 0 ? [r.slice(0, dot), r.slice(dot + 1)] : [r, undefined];
  return kinds.find(
    (kind) =>
      (group === undefined || kind.group === group) &&
      (kind.kind.toLowerCase() === name ||
        kind.plural === name ||
        kind.kind.toLowerCase() + 's' === name ||
        kind.singular === name ||
        (kind.shortNames ?? []).includes(name)),
  );
}
