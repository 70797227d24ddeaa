import type { KubeObject } from '@k8s-mcp/k8s-client';

// Typed views of the fields the detectors read. Objects stay the API server's plain JSON
// (KubeObject); every field is optional because snapshots and lean cache objects may lack any.

/** A status condition (`status.conditions[]`) of any kind. */
export interface Condition {
  readonly type?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
  readonly lastUpdateTime?: string;
}

/** `matchLabels` / `matchExpressions`, as in every label selector. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

/** A container's state (`state` or `lastState`). */
export interface ContainerState {
  readonly waiting?: { readonly reason?: string; readonly message?: string };
  readonly running?: { readonly startedAt?: string };
  readonly terminated?: {
    readonly reason?: string;
    readonly message?: string;
    readonly exitCode?: number;
    readonly signal?: number;
    readonly startedAt?: string;
    readonly finishedAt?: string;
  };
}

/** One entry of `status.containerStatuses` or `status.initContainerStatuses`. */
export interface ContainerStatus {
  readonly name: string;
  readonly ready?: boolean;
  readonly started?: boolean;
  readonly restartCount?: number;
  readonly image?: string;
  readonly state?: ContainerState;
  readonly lastState?: ContainerState;
}

/** `env[].valueFrom` and `envFrom[]` references. */
export interface EnvVar {
  readonly name: string;
  /** A literal value; may reference earlier variables as `$(NAME)`. */
  readonly value?: string;
  readonly valueFrom?: {
    readonly configMapKeyRef?: { readonly name?: string; readonly key: string; readonly optional?: boolean };
    readonly secretKeyRef?: { readonly name?: string; readonly key: string; readonly optional?: boolean };
    readonly fieldRef?: { readonly fieldPath?: string };
    readonly resourceFieldRef?: { readonly resource?: string; readonly containerName?: string };
  };
}

/** The container fields the detectors read. */
export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly env?: readonly EnvVar[];
  readonly envFrom?: readonly {
    /** Prepended to every key imported as a variable name. */
    readonly prefix?: string;
    readonly configMapRef?: { readonly name?: string; readonly optional?: boolean };
    readonly secretRef?: { readonly name?: string; readonly optional?: boolean };
  }[];
  readonly resources?: { readonly requests?: Readonly<Record<string, string>>; readonly limits?: Readonly<Record<string, string>> };
  /** Entrypoint override (the image's ENTRYPOINT when absent); may reference `$(NAME)`. */
  readonly command?: readonly string[];
  /** Arguments (the image's CMD when absent); may reference `$(NAME)`. */
  readonly args?: readonly string[];
  readonly ports?: readonly ContainerPort[];
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly startupProbe?: Probe;
}

/** A declared container port (`containers[].ports[]`). */
export interface ContainerPort {
  readonly containerPort?: number;
  readonly name?: string;
  readonly protocol?: string;
}

/** A liveness, readiness or startup probe. Ports are numbers or container port names. */
export interface Probe {
  readonly httpGet?: { readonly path?: string; readonly port?: number | string; readonly scheme?: string; readonly host?: string };
  readonly tcpSocket?: { readonly port?: number | string; readonly host?: string };
  readonly grpc?: { readonly port?: number; readonly service?: string };
  readonly exec?: { readonly command?: readonly string[] };
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly failureThreshold?: number;
  readonly successThreshold?: number;
}

/** A projected volume source. */
export interface ProjectedSource {
  readonly configMap?: { readonly name?: string; readonly optional?: boolean; readonly items?: readonly KeyToPath[] };
  readonly secret?: { readonly name?: string; readonly optional?: boolean; readonly items?: readonly KeyToPath[] };
  readonly serviceAccountToken?: { readonly path?: string; readonly audience?: string };
  readonly downwardAPI?: { readonly items?: readonly { readonly path?: string }[] };
}

/** A ConfigMap or Secret volume item: which key to project, at which path. */
export interface KeyToPath {
  readonly key: string;
  readonly path?: string;
}

/** A pod volume. */
export interface Volume {
  readonly name: string;
  readonly configMap?: { readonly name?: string; readonly optional?: boolean; readonly items?: readonly KeyToPath[] };
  readonly secret?: { readonly secretName?: string; readonly optional?: boolean; readonly items?: readonly KeyToPath[] };
  readonly persistentVolumeClaim?: { readonly claimName: string };
  readonly projected?: { readonly sources?: readonly ProjectedSource[] };
}

/** A toleration. */
export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

/** A node taint. */
export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

/** `spec` of a Pod (and of a pod template). */
export interface PodSpec {
  readonly containers?: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly volumes?: readonly Volume[];
  readonly imagePullSecrets?: readonly { readonly name?: string }[];
  readonly serviceAccountName?: string;
  /** Deprecated alias of `serviceAccountName`, still honoured when that is unset. */
  readonly serviceAccount?: string;
  readonly nodeName?: string;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly Toleration[];
  readonly schedulingGates?: readonly { readonly name: string }[];
  /** Inject `<SERVICE>_SERVICE_HOST`-style variables for the namespace's Services. Default true. */
  readonly enableServiceLinks?: boolean;
}

/** A Pod. */
export interface Pod extends KubeObject {
  readonly spec?: PodSpec;
  readonly status?: {
    readonly phase?: string;
    readonly reason?: string;
    readonly message?: string;
    readonly conditions?: readonly Condition[];
    readonly containerStatuses?: readonly ContainerStatus[];
    readonly initContainerStatuses?: readonly ContainerStatus[];
    readonly startTime?: string;
  };
}

/** A pod template (`spec.template` of workloads). */
export interface PodTemplate {
  readonly metadata?: { readonly labels?: Readonly<Record<string, string>> };
  readonly spec?: PodSpec;
}

/** Deployment, ReplicaSet, StatefulSet or DaemonSet. */
export interface Workload extends KubeObject {
  readonly spec?: {
    readonly replicas?: number;
    readonly paused?: boolean;
    readonly selector?: LabelSelector;
    readonly template?: PodTemplate;
    readonly serviceName?: string;
    readonly volumeClaimTemplates?: readonly { readonly metadata?: { readonly name?: string }; readonly spec?: { readonly storageClassName?: string } }[];
  };
  readonly status?: {
    readonly replicas?: number;
    readonly readyReplicas?: number;
    readonly availableReplicas?: number;
    readonly updatedReplicas?: number;
    readonly observedGeneration?: number;
    readonly conditions?: readonly Condition[];
    // DaemonSet
    readonly desiredNumberScheduled?: number;
    readonly numberReady?: number;
    readonly numberAvailable?: number;
    readonly numberMisscheduled?: number;
    readonly updatedNumberScheduled?: number;
    /** DaemonSet: nodes running a daemon pod (created), ready or not. */
    readonly currentNumberScheduled?: number;
  };
}

/** A Job. */
export interface Job extends KubeObject {
  readonly spec?: { readonly backoffLimit?: number; readonly suspend?: boolean; readonly completions?: number; readonly template?: PodTemplate };
  readonly status?: {
    readonly conditions?: readonly Condition[];
    readonly active?: number;
    readonly succeeded?: number;
    readonly failed?: number;
    readonly startTime?: string;
    readonly completionTime?: string;
  };
}

/** A CronJob. */
export interface CronJob extends KubeObject {
  readonly spec?: {
    readonly schedule?: string;
    readonly suspend?: boolean;
    readonly timeZone?: string;
    /** Seconds after a missed schedule within which the Job may still start. */
    readonly startingDeadlineSeconds?: number;
    readonly jobTemplate?: { readonly spec?: { readonly template?: PodTemplate } };
  };
  readonly status?: { readonly lastScheduleTime?: string; readonly lastSuccessfulTime?: string };
}

/** A Service port. */
export interface ServicePort {
  readonly name?: string;
  /** `TCP` (default), `UDP` or `SCTP`. */
  readonly protocol?: string;
  readonly port: number;
  readonly targetPort?: number | string;
}

/** An EndpointSlice (discovery.k8s.io/v1); label `kubernetes.io/service-name` names its Service. */
export interface EndpointSlice extends KubeObject {
  readonly endpoints?: readonly {
    /** `ready` unset means ready. */
    readonly conditions?: { readonly ready?: boolean | null; readonly serving?: boolean | null; readonly terminating?: boolean | null };
    readonly targetRef?: { readonly kind?: string; readonly namespace?: string; readonly name?: string };
  }[];
  /** Service ports the endpoints serve, by Service port name (`""` for an unnamed port); null or empty when none resolved. */
  readonly ports?: readonly { readonly name?: string | null; readonly port?: number | null; readonly protocol?: string | null }[] | null;
}

/** A Service. */
export interface Service extends KubeObject {
  readonly spec?: {
    readonly type?: string;
    readonly selector?: Readonly<Record<string, string>>;
    readonly ports?: readonly ServicePort[];
    readonly clusterIP?: string;
  };
}

/** An Ingress backend. */
export interface IngressBackend {
  readonly service?: { readonly name: string; readonly port?: { readonly number?: number; readonly name?: string } };
  readonly resource?: { readonly kind?: string; readonly name?: string };
}

/** An Ingress. */
export interface Ingress extends KubeObject {
  readonly spec?: {
    readonly ingressClassName?: string;
    readonly defaultBackend?: IngressBackend;
    readonly rules?: readonly { readonly host?: string; readonly http?: { readonly paths?: readonly { readonly path?: string; readonly backend: IngressBackend }[] } }[];
    readonly tls?: readonly { readonly hosts?: readonly string[]; readonly secretName?: string }[];
  };
}

/** A PersistentVolumeClaim. */
export interface PersistentVolumeClaim extends KubeObject {
  readonly spec?: {
    readonly storageClassName?: string;
    readonly volumeName?: string;
    readonly accessModes?: readonly string[];
    readonly volumeMode?: string;
    readonly resources?: { readonly requests?: Readonly<Record<string, string>> };
  };
  readonly status?: { readonly phase?: string };
}

/** A PersistentVolume. */
export interface PersistentVolume extends KubeObject {
  readonly spec?: {
    readonly storageClassName?: string;
    readonly persistentVolumeReclaimPolicy?: string;
    readonly claimRef?: { readonly namespace?: string; readonly name?: string; readonly uid?: string };
    readonly capacity?: Readonly<Record<string, string>>;
    readonly accessModes?: readonly string[];
    readonly volumeMode?: string;
  };
  readonly status?: { readonly phase?: string; readonly message?: string; readonly reason?: string };
}

/** A StorageClass. */
export interface StorageClass extends KubeObject {
  readonly provisioner?: string;
  readonly volumeBindingMode?: string;
}

/** A Node. */
export interface Node extends KubeObject {
  readonly spec?: { readonly unschedulable?: boolean; readonly taints?: readonly Taint[] };
  readonly status?: {
    readonly conditions?: readonly Condition[];
    readonly allocatable?: Readonly<Record<string, string>>;
    readonly capacity?: Readonly<Record<string, string>>;
    readonly nodeInfo?: { readonly kubeletVersion?: string };
  };
}

/** A HorizontalPodAutoscaler (autoscaling/v2). */
export interface HorizontalPodAutoscaler extends KubeObject {
  readonly spec?: {
    readonly scaleTargetRef?: { readonly kind?: string; readonly name?: string; readonly apiVersion?: string };
    readonly minReplicas?: number;
    readonly maxReplicas?: number;
    readonly metrics?: readonly { readonly type?: string; readonly resource?: { readonly name?: string } }[];
  };
  readonly status?: { readonly currentReplicas?: number; readonly desiredReplicas?: number; readonly conditions?: readonly Condition[] };
}

/** A PodDisruptionBudget. */
export interface PodDisruptionBudget extends KubeObject {
  readonly spec?: { readonly selector?: LabelSelector; readonly minAvailable?: number | string; readonly maxUnavailable?: number | string };
  readonly status?: {
    readonly disruptionsAllowed?: number;
    readonly currentHealthy?: number;
    readonly desiredHealthy?: number;
    readonly expectedPods?: number;
  };
}

/** A NetworkPolicy. */
export interface NetworkPolicy extends KubeObject {
  readonly spec?: {
    readonly podSelector?: LabelSelector;
    readonly policyTypes?: readonly string[];
    readonly ingress?: readonly unknown[];
    readonly egress?: readonly unknown[];
  };
}

/** A core/v1 Event (events.k8s.io/v1 field names are read too). */
export interface KubeEvent extends KubeObject {
  readonly type?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly note?: string;
  readonly count?: number;
  readonly deprecatedCount?: number;
  readonly firstTimestamp?: string;
  readonly lastTimestamp?: string;
  readonly eventTime?: string;
  readonly series?: { readonly count?: number; readonly lastObservedTime?: string };
  readonly involvedObject?: { readonly kind?: string; readonly namespace?: string; readonly name?: string; readonly uid?: string };
  readonly regarding?: { readonly kind?: string; readonly namespace?: string; readonly name?: string; readonly uid?: string };
}

/** A ResourceQuota. */
export interface ResourceQuota extends KubeObject {
  readonly status?: { readonly hard?: Readonly<Record<string, string>>; readonly used?: Readonly<Record<string, string>> };
}

/** A Namespace. */
export interface Namespace extends KubeObject {
  readonly status?: { readonly phase?: string; readonly conditions?: readonly Condition[] };
}

/** A Validating/MutatingWebhookConfiguration. */
export interface WebhookConfiguration extends KubeObject {
  readonly webhooks?: readonly {
    readonly name: string;
    readonly failurePolicy?: string;
    readonly clientConfig?: { readonly service?: { readonly namespace?: string; readonly name?: string }; readonly url?: string };
  }[];
}

/** An APIService. */
export interface ApiService extends KubeObject {
  readonly spec?: { readonly service?: { readonly namespace?: string; readonly name?: string } | null };
  readonly status?: { readonly conditions?: readonly Condition[] };
}

/** A NetworkPolicy peer: pods by label (in the policy's namespace, or in selected namespaces), or an IP block. */
export interface NetworkPolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr?: string; readonly except?: readonly string[] };
}

/** A NetworkPolicy port: a number or a container port name, `endPort` for a range. */
export interface NetworkPolicyPort {
  readonly protocol?: string;
  readonly port?: number | string;
  readonly endPort?: number;
}

/** One `spec.ingress[]` (peers in `from`) or `spec.egress[]` (peers in `to`) rule. */
export interface NetworkPolicyRule {
  readonly from?: readonly NetworkPolicyPeer[];
  readonly to?: readonly NetworkPolicyPeer[];
  readonly ports?: readonly NetworkPolicyPort[];
}

/** One rule of a Role or ClusterRole. */
export interface PolicyRule {
  readonly verbs?: readonly string[];
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

/** A Role or ClusterRole. */
export interface Role extends KubeObject {
  readonly rules?: readonly PolicyRule[];
  readonly aggregationRule?: unknown;
}

/** A RoleBinding or ClusterRoleBinding. */
export interface RoleBinding extends KubeObject {
  readonly roleRef?: { readonly apiGroup?: string; readonly kind?: string; readonly name?: string };
  readonly subjects?: readonly { readonly kind?: string; readonly name?: string; readonly namespace?: string; readonly apiGroup?: string }[];
}

/** Views any object as the typed shape `T` (the detectors only read optional fields). */
export function as<T extends KubeObject>(object: KubeObject): T {
  return object as T;
}

/** The condition of `type`, if any. */
export function conditionOf(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}
