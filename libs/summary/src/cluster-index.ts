import type { KubeObject, NamespacePolicy } from '@k8s-mcp/k8s-client';
import { type ClusterState, EXTRA_SUMMARY_KINDS, type IncompleteKind } from './cluster-state.js';
import type { ContainerLog } from './crash-log.js';
import { refId, type ObjectRef } from './finding.js';
import type { KubeEvent, Pod } from './kube-types.js';
import { matchesMap } from './label-selector.js';
import { compareText, timeOf } from './text.js';

/** Kinds the detectors and summaries read, in overview order. */
export const SUMMARY_KINDS: readonly string[] = [
  'Namespace',
  'Node',
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'Service',
  'EndpointSlice',
  'Ingress',
  'IngressClass',
  'ConfigMap',
  'Secret',
  'ServiceAccount',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'StorageClass',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'NetworkPolicy',
  'ResourceQuota',
  'Event',
  ...EXTRA_SUMMARY_KINDS,
];

/** Kinds whose objects live in no namespace. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'IngressClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'ClusterRole',
  'ClusterRoleBinding',
  'GatewayClass',
]);

/** An event reduced to what findings show. */
export interface EventInfo {
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  readonly count: number;
  /** Last time seen, ms (undefined when the event carries no time). */
  readonly time: number | undefined;
  readonly involved: ObjectRef;
}

function compareObjects(a: KubeObject, b: KubeObject): number {
  return compareText(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || compareText(a.metadata.name, b.metadata.name);
}

function eventInfo(event: KubeEvent): EventInfo | undefined {
  const involved = event.involvedObject ?? event.regarding;
  if (!involved?.kind || !involved.name) return undefined;
  const time =
    timeOf(event.series?.lastObservedTime) ??
    timeOf(event.lastTimestamp) ??
    timeOf(event.eventTime) ??
    timeOf(event.firstTimestamp) ??
    timeOf(event.metadata.creationTimestamp);
  return {
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: event.message ?? event.note ?? '',
    count: event.series?.count ?? event.count ?? event.deprecatedCount ?? 1,
    time,
    involved: {
      kind: involved.kind,
      ...(involved.namespace ? { namespace: involved.namespace } : {}),
      name: involved.name,
    },
  };
}

/**
 * The visible cluster, indexed once for the detectors: objects in namespaces the policy hides
 * are dropped here (Namespace objects by their own name, Events by their namespace and their
 * object's), so nothing downstream can name them. Lists are sorted by namespace then name.
 */
export class ClusterIndex {
  /** The injected clock, ms since epoch. */
  readonly now: number;
  /** Caveats from the state (kinds not read completely). */
  readonly incomplete: readonly IncompleteKind[];
  /**
   * Container log tails read for this summary, keyed `${namespace}/${pod}/${container}`
   * (`containerLogKey`); entries of hidden namespaces are dropped. Empty when none were
   * read (snapshots, logs switched off). The lines are untrusted cluster text.
   */
  readonly containerLogs: ReadonlyMap<string, ContainerLog>;
  private readonly policy: NamespacePolicy | undefined;
  private readonly byKind = new Map<string, KubeObject[]>();
  private readonly byId = new Map<string, KubeObject>();
  private readonly eventsById = new Map<string, EventInfo[]>();
  private readonly allEvents: EventInfo[] = [];
  private readonly podsByNamespace = new Map<string, Pod[]>();
  private readonly podsByLabel = new Map<string, Map<string, Pod[]>>();
  private readonly topOwners = new WeakMap<KubeObject, ObjectRef>();

  /** Reads every kind in {@link SUMMARY_KINDS} from `state` once. */
  constructor(
    state: ClusterState,
    options: { readonly now: number; readonly policy?: NamespacePolicy | undefined; readonly containerLogs?: ReadonlyMap<string, ContainerLog> | undefined },
  ) {
    this.now = options.now;
    this.policy = options.policy;
    this.incomplete = state.incomplete ?? [];
    const logs = new Map<string, ContainerLog>();
    for (const [key, log] of options.containerLogs ?? []) if (this.isVisible(key.split('/')[0])) logs.set(key, log);
    this.containerLogs = logs;
    for (const kind of SUMMARY_KINDS) {
      const clusterScoped = CLUSTER_SCOPED_KINDS.has(kind);
      const visible = state.list(kind).filter((o) => {
        if (kind === 'Namespace') return this.isVisible(o.metadata.name);
        if (clusterScoped) return true;
        return o.metadata.namespace !== undefined && this.isVisible(o.metadata.namespace);
      });
      visible.sort(compareObjects);
      if (kind === 'Event') {
        for (const event of visible) {
          const info = eventInfo(event as KubeEvent);
          if (!info || (info.involved.namespace !== undefined && !this.isVisible(info.involved.namespace))) continue;
          this.allEvents.push(info);
          const id = refId(info.involved);
          const list = this.eventsById.get(id);
          if (list) list.push(info);
          else this.eventsById.set(id, [info]);
        }
        for (const list of this.eventsById.values()) list.sort(compareEvents);
        this.allEvents.sort(compareEvents);
        continue;
      }
      this.byKind.set(kind, visible);
      for (const object of visible) {
        const ref = clusterScoped ? { kind, name: object.metadata.name } : { kind, namespace: object.metadata.namespace as string, name: object.metadata.name };
        this.byId.set(refId(ref), object);
      }
    }
    for (const pod of this.list<Pod>('Pod')) {
      const ns = pod.metadata.namespace as string;
      const list = this.podsByNamespace.get(ns);
      if (list) list.push(pod);
      else this.podsByNamespace.set(ns, [pod]);
    }
  }

  /** Whether the policy lets `namespace` be shown (`undefined`: cluster scope, always). */
  isVisible(namespace: string | undefined): boolean {
    return namespace === undefined || !this.policy || this.policy.isAllowed(namespace);
  }

  /** Visible objects of a kind, sorted by namespace then name. */
  list<T extends KubeObject = KubeObject>(kind: string): readonly T[] {
    return (this.byKind.get(kind) ?? []) as unknown as readonly T[];
  }

  /** One visible object, or undefined. */
  get<T extends KubeObject = KubeObject>(ref: ObjectRef): T | undefined {
    return this.byId.get(refId(ref)) as T | undefined;
  }

  /** Visible pods of one namespace, sorted by name. */
  pods(namespace: string): readonly Pod[] {
    return this.podsByNamespace.get(namespace) ?? [];
  }

  /**
   * Visible pods of one namespace whose labels contain every pair of `selector` (a Service-style
   * map selector; `{}` selects all), sorted by name. Uses a per-namespace label index.
   */
  selectPods(namespace: string, selector: Readonly<Record<string, string>>): readonly Pod[] {
    const pairs = Object.entries(selector);
    if (pairs.length === 0) return this.pods(namespace);
    let byLabel = this.podsByLabel.get(namespace);
    if (!byLabel) {
      byLabel = new Map();
      for (const pod of this.pods(namespace)) {
        for (const [key, value] of Object.entries(pod.metadata.labels ?? {})) {
          const pair = `${key}=${value}`;
          const list = byLabel.get(pair);
          if (list) list.push(pod);
          else byLabel.set(pair, [pod]);
        }
      }
      this.podsByLabel.set(namespace, byLabel);
    }
    let smallest: readonly Pod[] | undefined;
    for (const [key, value] of pairs) {
      const list = byLabel.get(`${key}=${value}`) ?? [];
      if (!smallest || list.length < smallest.length) smallest = list;
    }
    return (smallest ?? []).filter((pod) => matchesMap(selector, pod.metadata.labels));
  }

  /** Events about one object, newest first. */
  events(ref: ObjectRef): readonly EventInfo[] {
    return this.eventsById.get(refId(ref)) ?? [];
  }

  /** Every visible event, newest first. */
  allEventInfos(): readonly EventInfo[] {
    return this.allEvents;
  }

  /** The ref of an object of `kind` (namespace left out for cluster-scoped kinds). */
  refOf(kind: string, object: KubeObject): ObjectRef {
    return CLUSTER_SCOPED_KINDS.has(kind) || object.metadata.namespace === undefined
      ? { kind, name: object.metadata.name }
      : { kind, namespace: object.metadata.namespace, name: object.metadata.name };
  }

  /** The controlling owner of a namespaced object (the `controller: true` owner reference). */
  controllerOf(object: KubeObject): ObjectRef | undefined {
    const owner = object.metadata.ownerReferences?.find((o) => o.controller) ?? undefined;
    const namespace = object.metadata.namespace;
    if (!owner || namespace === undefined) return undefined;
    return { kind: owner.kind, namespace, name: owner.name };
  }

  /**
   * The outermost controller of an object: Pod -> ReplicaSet -> Deployment, Pod -> Job ->
   * CronJob. Stops at an owner that is not in the state (four levels at most). The object
   * itself when it has none.
   */
  topOwner(kind: string, object: KubeObject): ObjectRef {
    return this.topOwnerAt(kind, object, 0);
  }

  // Memoized per object: every pod of a ReplicaSet asks the same way up, and several detectors ask.
  private topOwnerAt(kind: string, object: KubeObject, depth: number): ObjectRef {
    const known = this.topOwners.get(object);
    if (known) return known;
    const owner = depth < 4 ? this.controllerOf(object) : undefined;
    const ownerObject = owner ? this.get(owner) : undefined;
    const top = !owner ? this.refOf(kind, object) : ownerObject ? this.topOwnerAt(owner.kind, ownerObject, depth + 1) : owner;
    this.topOwners.set(object, top);
    return top;
  }
}

function compareEvents(a: EventInfo, b: EventInfo): number {
  return (b.time ?? 0) - (a.time ?? 0) || compareText(a.reason, b.reason) || compareText(a.message, b.message);
}
