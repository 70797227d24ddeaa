import type { KubeObject } from '@k8s-mcp/k8s-client';

/**
 * Relationship types. Every edge points from the dependent object to what it depends on, i.e.
 * from the object whose spec or metadata names or selects the other one:
 *
 * - `owned-by`: owned object -> owner (metadata.ownerReferences; Pod -> ReplicaSet -> Deployment,
 *   Job -> CronJob, EndpointSlice -> Service). Kubernetes itself calls owned objects the owner's
 *   "dependents": deleting the owner garbage-collects them.
 * - `selects`: Service -> Pod (spec.selector; none for an empty/absent selector or ExternalName).
 * - `has-endpoints`: Service -> EndpointSlice (label `kubernetes.io/service-name`).
 * - `targets`: EndpointSlice -> Pod (endpoints[].targetRef; `detail.ready`).
 * - `ingress-class`: Ingress -> IngressClass. `routes-to`: Ingress -> Service (rules and default
 *   backend, `detail.port`).
 * - `uses-configmap` / `uses-secret`: Pod -> ConfigMap / Secret (`detail.via`, `detail.optional`),
 *   Ingress -> Secret (`via: tls`).
 * - `claims`: Pod -> PersistentVolumeClaim. `bound-to`: PVC -> PersistentVolume (spec.volumeName:
 *   bound, or pre-bound while Pending).
 *   `storage-class`: PVC / PV / StatefulSet -> StorageClass.
 * - `service-account`, `scheduled-on`, `priority-class`, `runtime-class`: Pod -> ServiceAccount,
 *   Node, PriorityClass, RuntimeClass.
 * - Pod templates: Deployment, ReplicaSet, StatefulSet, DaemonSet, Job and CronJob -> what their
 *   pod template names, as a Pod would (`uses-configmap`, `uses-secret`, `claims`,
 *   `service-account`, `priority-class`, `runtime-class`; `detail.via` prefixed `template.`, or
 *   `template`), so a workload without pods still depends on them.
 * - `scales`: HorizontalPodAutoscaler -> scale target (any kind).
 * - `protects`: PodDisruptionBudget -> Pod.
 * - `applies-to`: NetworkPolicy -> Pod (podSelector). `allows-from` / `allows-to`: NetworkPolicy ->
 *   ingress / egress peer Pods, or peer Namespaces when a peer has only a namespaceSelector.
 * - `governing-service`: StatefulSet -> Service (spec.serviceName).
 * - `binds-role`: RoleBinding / ClusterRoleBinding -> Role / ClusterRole. `binds-subject`: ->
 *   ServiceAccount subjects (users and groups are not objects).
 * - `calls`: Validating/MutatingWebhookConfiguration and APIService -> Service; inferred
 *   (`detail.inferred`, `optional`): Pod / workload template -> Service named by a literal env
 *   value, ConfigMap -> Service named by a data value (`db.shop:5432`, `http://api/v1`).
 * - `about`: Event -> involvedObject.
 * - Gateway API: `attaches-to`: HTTPRoute -> parent Gateway (spec.parentRefs, `detail.via` the
 *   sectionName); `gateway-class`: Gateway -> GatewayClass; `routes-to`: HTTPRoute -> backend
 *   Service (`detail.port`, `via: rule`); `uses-secret`: Gateway -> TLS Secret (`via: tls`).
 */
export const EDGE_TYPES = [
  'owned-by',
  'selects',
  'has-endpoints',
  'targets',
  'ingress-class',
  'routes-to',
  'uses-configmap',
  'uses-secret',
  'claims',
  'bound-to',
  'storage-class',
  'service-account',
  'scheduled-on',
  'priority-class',
  'runtime-class',
  'scales',
  'protects',
  'applies-to',
  'allows-from',
  'allows-to',
  'governing-service',
  'binds-role',
  'binds-subject',
  'calls',
  'about',
  'attaches-to',
  'gateway-class',
] as const;

/** One of {@link EDGE_TYPES}. */
export type EdgeType = (typeof EDGE_TYPES)[number];

/**
 * Edge types derived from label selectors: they exist only while both ends are present (no
 * placeholder, never broken). Every other type names its target, which becomes a missing
 * placeholder when it does not exist.
 */
export const SELECTOR_EDGE_TYPES: ReadonlySet<EdgeType> = new Set<EdgeType>([
  'selects',
  'has-endpoints',
  'protects',
  'applies-to',
  'allows-from',
  'allows-to',
]);

/**
 * Details of an edge. When one object names the same target several ways (a ConfigMap in a volume
 * and in env), the edge is one, with list fields joined by `", "` in sorted order and `optional`
 * true only if every reference is optional.
 */
export interface EdgeDetail {
  /**
   * Which field(s) hold the reference: `volume`, `projected`, `env`, `envFrom`,
   * `initContainer.env`, `initContainer.envFrom`, `ephemeralContainer.env`,
   * `ephemeralContainer.envFrom`, `imagePullSecret`, `ephemeralVolume`, `tls`, `rule`,
   * `template.<any of these>` and `template` (a workload's pod template),
   * `defaultBackend`, `volumeClaimTemplate`, `webhook`, `apiService`, ...
   */
  readonly via?: string;
  /** Whether the dependent works without the target (ConfigMap/Secret `optional`, image pull secrets). */
  readonly optional?: boolean;
  /** Target port(s): Service port number or name (Ingress, webhooks), or `TCP/5432` (NetworkPolicy). */
  readonly port?: string;
  /** `owned-by`: whether the owner is the managing controller. */
  readonly controller?: boolean;
  /** `targets`: whether the endpoint is ready. */
  readonly ready?: boolean;
  /**
   * True when the edge is a guess from configuration text (an env value or ConfigMap value that
   * names a Service), not a reference the API server knows about.
   */
  readonly inferred?: boolean;
}

/** A graph node: one synced object, or a missing placeholder for a referenced object. */
export interface GraphNode {
  /** `Kind/namespace/name`, `Kind/_cluster/name` for cluster-scoped objects. */
  readonly id: string;
  readonly kind: string;
  /** Absent for cluster-scoped objects. */
  readonly namespace?: string;
  readonly name: string;
  /** Absent on placeholders. */
  readonly uid?: string;
  /** One line, e.g. `Running 1/1 ready, 3 restarts`, `2/3 ready`, `NotReady, cordoned`, `missing`. */
  readonly status: string;
  /** True for a placeholder: something references this object but it was not seen. */
  readonly missing: boolean;
}

/** A directed edge, from dependent (`source`) to dependency (`target`). */
export interface GraphEdge {
  readonly type: EdgeType;
  readonly source: string;
  readonly target: string;
  /** True when the target is a missing placeholder: a broken reference. */
  readonly broken: boolean;
  readonly detail: EdgeDetail;
}

/** Options common to every query. */
export interface QueryOptions {
  /**
   * Hops to walk. Defaults to the graph's `maxDepth` (GRAPH_MAX_DEPTH; `neighbors`: 1); values over
   * `hardMaxDepth` are clamped and the result says so in `notes`.
   */
  readonly maxDepth?: number;
  /** Follow only these edge types (default: all; `impact` leaves out `about`). */
  readonly edgeTypes?: readonly EdgeType[];
  /** Walk only through nodes of these kinds (case-insensitive); the start node is always included. */
  readonly kinds?: readonly string[];
  /** Most related nodes to return (default 200); the rest are counted in `omitted`. */
  readonly maxNodes?: number;
}

/** One step of a tree or path: the edge between two adjacent nodes and which way it points. */
export interface RelationStep {
  readonly type: EdgeType;
  /** `out`: the edge goes from the earlier node to the later one; `in`: from the later to the earlier. */
  readonly direction: 'out' | 'in';
  readonly broken: boolean;
  readonly detail: EdgeDetail;
}

/** A node of a {@link RelationTree}. */
export interface RelationTreeNode {
  readonly node: GraphNode;
  /** How this node relates to its parent; absent on the root. */
  readonly edge?: RelationStep;
  /** True when the node is already shown elsewhere in the tree; its children are listed there. */
  readonly repeated?: boolean;
  readonly children: readonly RelationTreeNode[];
}

/** Which query built a {@link RelationTree}. */
export type TreeQuery = 'dependencies' | 'dependents' | 'impact' | 'neighbors';

/** Result of dependencies / dependents / impact / neighbors: a breadth-first tree, size-bounded. */
export interface RelationTree {
  readonly query: TreeQuery;
  readonly root: RelationTreeNode;
  /** Depth actually used (after defaults and clamping). */
  readonly maxDepth: number;
  /** Related nodes shown (the root and repeated entries excluded). */
  readonly nodeCount: number;
  /** Related nodes within `maxDepth` left out because of `maxNodes`. */
  readonly omitted: number;
  /** True when nodes at `maxDepth` have further relations that were not walked. */
  readonly deeper: boolean;
  /** Human-readable notes, e.g. that `maxDepth` was clamped. */
  readonly notes: readonly string[];
}

/** One hop of a path: `from` and `to` nodes and the edge between them. */
export interface PathStep extends RelationStep {
  readonly from: GraphNode;
  readonly to: GraphNode;
}

/** `stats().status`: `memory-limit` when objects were refused because of GRAPH_MEMORY_LIMIT. */
export type GraphStatus = 'ok' | 'memory-limit';

/** Size and health of the graph. */
export interface GraphStats {
  readonly nodes: number;
  readonly edges: number;
  /** Placeholders (missing objects that something references). */
  readonly missing: number;
  readonly nodesByKind: Readonly<Record<string, number>>;
  readonly edgesByType: Readonly<Partial<Record<EdgeType, number>>>;
  readonly status: GraphStatus;
  /** Explains a `memory-limit` status and what to do. */
  readonly message?: string;
  /** Estimated bytes used (see `createKnowledgeGraph`). */
  readonly approxBytes: number;
  /** The configured limit, if any. */
  readonly memoryLimitBytes?: number;
  /** Objects currently left out (or incomplete) because of the memory limit. */
  readonly refused: number;
}

/** A change event, as the sync layer emits them. */
export interface GraphChange {
  readonly type: 'added' | 'modified' | 'deleted';
  /**
   * The object's kind (list items from the API lack `kind`): a name such as `Pod`, or any object
   * with a `kind` name, such as the sync layer's ResourceKind, so its events can be passed as-is.
   */
  readonly kind: string | { readonly kind: string };
  readonly object: KubeObject;
}
