import type { KubeObject, NamespacePolicy } from '@k8s-mcp/k8s-client';
import { type ClusterState, EXTRA_SUMMARY_KINDS, type IncompleteKind } from './cluster-state.js';
import type { ContainerLog } from './crash-log.js';
import type { ObjectRef } from './finding.js';
import type { KubeEvent, Pod } from './kube-types.js';
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

/** The namespace key of cluster-scoped objects (as in `refId`). */
const CLUSTER = '_cluster';
const NO_EVENTS: readonly EventInfo[] = [];

/** Objects of one namespace (or of the cluster scope) with their names, position by position. */
interface NamedGroup {
  readonly objects: KubeObject[];
  readonly names: string[];
}

/**
 * A group sorted by name, stable (equal names keep their order). Names are read once, not per
 * comparison (objects of many shapes make each read slow), and an already sorted group (lists
 * usually come sorted from the API server) is returned as it is.
 */
function sortByName(group: NamedGroup): NamedGroup {
  const { objects, names } = group;
  let inOrder = true;
  for (let i = 1; i < names.length && inOrder; i++) inOrder = compareText(names[i - 1] as string, names[i] as string) <= 0;
  if (inOrder) return group;
  // Plain loops, not map(): groups of every kind pass here, and an inlined map() specialised on
  // one kind's arrays is thrown away (deoptimised) at the next kind, summary after summary.
  const order: number[] = [];
  for (let i = 0; i < names.length; i++) order.push(i);
  order.sort((a, b) => {
    const x = names[a] as string;
    const y = names[b] as string;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  // Copies (of the right size and kind) overwritten in sorted order.
  const sorted: NamedGroup = { objects: objects.slice(), names: names.slice() };
  for (let k = 0; k < order.length; k++) {
    sorted.objects[k] = objects[order[k] as number] as KubeObject;
    sorted.names[k] = names[order[k] as number] as string;
  }
  return sorted;
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

/** Visible pods that share a controller (or a pod without one, alone), in pod list order. */
export interface PodGroup {
  /** The controlling owner (see `ClusterIndex.controllerOf`); undefined for a pod without one. */
  readonly controller: ObjectRef | undefined;
  readonly pods: readonly Pod[];
}

/** {@link ClusterIndex.podGroups}: the groups, and each pod's group by its position in `list('Pod')`. */
export interface PodGroups {
  /** In order of their first pod. */
  readonly groups: readonly PodGroup[];
  readonly groupOf: readonly number[];
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
  // kind -> namespace (or '_cluster') -> objects with their names, and (built on the first
  // lookup there, as most namespaces of most kinds are never asked) name -> object: lookups need
  // no `Kind/ns/name` string built per call.
  private readonly named = new Map<string, Map<string, NamedGroup[]>>();
  private readonly byName = new Map<string, Map<string, Map<string, KubeObject>>>();
  private readonly eventsByName = new Map<string, Map<string, Map<string, EventInfo[]>>>();
  private readonly allEvents: EventInfo[] = [];
  private readonly podsByNamespace = new Map<string, Pod[]>();
  // namespace -> label key -> label value -> pods
  private readonly podsByLabel = new Map<string, Map<string, Map<string, Pod[]>>>();
  // A Map, not a WeakMap: the index lives for one summary, and weak tables cost the GC more.
  private readonly topOwners = new Map<KubeObject, ObjectRef>();
  private podGroupsCache: PodGroups | undefined;

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
      const groups = this.visibleByNamespace(kind, state.list(kind), clusterScoped);
      if (kind === 'Event') {
        for (const group of groups.values()) {
          for (const event of group.objects) {
            const info = eventInfo(event as KubeEvent);
            if (!info || (info.involved.namespace !== undefined && !this.isVisible(info.involved.namespace))) continue;
            this.allEvents.push(info);
            const list = this.eventsOf(info.involved, true) as EventInfo[];
            list.push(info);
          }
        }
        for (const byNamespace of this.eventsByName.values()) for (const byName of byNamespace.values()) for (const list of byName.values()) list.sort(compareEvents);
        this.allEvents.sort(compareEvents);
        continue;
      }
      const visible: KubeObject[] = [];
      const named = new Map<string, NamedGroup[]>();
      this.named.set(kind, named);
      this.byName.set(kind, new Map());
      for (const [namespace, group] of groups) {
        const key = clusterScoped ? CLUSTER : namespace;
        const list = named.get(key);
        if (list) list.push(group);
        else named.set(key, [group]);
        for (const object of group.objects) visible.push(object);
        if (kind === 'Pod') this.podsByNamespace.set(namespace, group.objects as Pod[]);
      }
      this.byKind.set(kind, visible);
    }
  }

  /**
   * The visible objects of a kind grouped by namespace (`''` for cluster-scoped ones), the
   * groups in namespace order and each sorted by name: the same order as one sort by namespace
   * then name, for less work (a namespace's objects compare by name only).
   */
  private visibleByNamespace(kind: string, objects: readonly KubeObject[], clusterScoped: boolean): Map<string, NamedGroup> {
    const unsorted = new Map<string, NamedGroup>();
    // Lists come in runs of one namespace: the previous object's group is tried first.
    let lastNamespace: string | undefined;
    let last: NamedGroup | undefined;
    for (const o of objects) {
      const metadata = o.metadata;
      let namespace: string;
      if (kind === 'Namespace') {
        if (!this.isVisible(metadata.name)) continue;
        namespace = metadata.namespace ?? '';
      } else if (clusterScoped) {
        namespace = metadata.namespace ?? '';
      } else {
        if (metadata.namespace === undefined || !this.isVisible(metadata.namespace)) continue;
        namespace = metadata.namespace;
      }
      let group = namespace === lastNamespace ? last : unsorted.get(namespace);
      if (!group) unsorted.set(namespace, (group = { objects: [], names: [] }));
      lastNamespace = namespace;
      last = group;
      group.objects.push(o);
      group.names.push(metadata.name);
    }
    const sorted = new Map<string, NamedGroup>();
    for (const namespace of [...unsorted.keys()].sort(compareText)) sorted.set(namespace, sortByName(unsorted.get(namespace) as NamedGroup));
    return sorted;
  }

  /** The events list of one object (created when `create`). */
  private eventsOf(ref: ObjectRef, create: boolean): readonly EventInfo[] | undefined {
    let byNamespace = this.eventsByName.get(ref.kind);
    if (!byNamespace) {
      if (!create) return undefined;
      this.eventsByName.set(ref.kind, (byNamespace = new Map()));
    }
    const namespace = ref.namespace ?? CLUSTER;
    let byName = byNamespace.get(namespace);
    if (!byName) {
      if (!create) return undefined;
      byNamespace.set(namespace, (byName = new Map()));
    }
    let list = byName.get(ref.name);
    if (!list && create) byName.set(ref.name, (list = []));
    return list;
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
    const byNamespace = this.byName.get(ref.kind);
    if (!byNamespace) return undefined;
    const namespace = ref.namespace ?? CLUSTER;
    let byName = byNamespace.get(namespace);
    if (!byName) {
      byName = new Map();
      // In list order, so a duplicate name resolves to the last object, as it always has.
      for (const { objects, names } of this.named.get(ref.kind)?.get(namespace) ?? []) {
        for (let i = 0; i < objects.length; i++) byName.set(names[i] as string, objects[i] as KubeObject);
      }
      byNamespace.set(namespace, byName);
    }
    return byName.get(ref.name) as T | undefined;
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
        const labels = pod.metadata.labels;
        if (!labels) continue;
        for (const key of Object.keys(labels)) {
          let byValue = byLabel.get(key);
          if (!byValue) byLabel.set(key, (byValue = new Map()));
          const value = labels[key] as string;
          const list = byValue.get(value);
          if (list) list.push(pod);
          else byValue.set(value, [pod]);
        }
      }
      this.podsByLabel.set(namespace, byLabel);
    }
    let smallest: readonly Pod[] | undefined;
    for (const [key, value] of pairs) {
      const list = byLabel.get(key)?.get(value) ?? [];
      if (!smallest || list.length < smallest.length) smallest = list;
    }
    // matchesMap with the selector's pairs read once, not per pod.
    return (smallest ?? []).filter((pod) => {
      const labels = pod.metadata.labels;
      for (let i = 0; i < pairs.length; i++) {
        const pair = pairs[i] as [string, string];
        if (labels?.[pair[0]] !== pair[1]) return false;
      }
      return true;
    });
  }

  /** Events about one object, newest first. */
  events(ref: ObjectRef): readonly EventInfo[] {
    return this.eventsOf(ref, false) ?? NO_EVENTS;
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
   * Visible pods grouped by their controller, computed once: detectors that judge a pod
   * template once per controller, or count pods per controller, share one pass.
   */
  podGroups(): PodGroups {
    if (this.podGroupsCache) return this.podGroupsCache;
    const groups: { controller: ObjectRef | undefined; pods: Pod[] }[] = [];
    const groupOf: number[] = [];
    // Namespace by namespace, in list('Pod') order (how podsByNamespace was filled), so groupOf
    // lines up with it; controller kind -> name -> group within each.
    for (const namespacePods of this.podsByNamespace.values()) {
      const byKind = new Map<string, Map<string, number>>();
      // Pods sorted by name mostly follow each other by controller: the previous pod's group is
      // tried first.
      let last: { kind: string; name: string; group: number } | undefined;
      for (const pod of namespacePods) {
        // controllerOf, without a ref object per pod (one per group is enough).
        let owner: { readonly kind: string; readonly name: string } | undefined;
        for (const o of pod.metadata.ownerReferences ?? []) {
          if (o.controller) {
            owner = o;
            break;
          }
        }
        if (!owner) {
          groupOf.push(groups.length);
          groups.push({ controller: undefined, pods: [pod] });
          continue;
        }
        let g: number | undefined;
        if (last && last.kind === owner.kind && last.name === owner.name) g = last.group;
        else {
          let byName = byKind.get(owner.kind);
          if (!byName) byKind.set(owner.kind, (byName = new Map()));
          g = byName.get(owner.name);
          if (g === undefined) {
            g = groups.length;
            byName.set(owner.name, g);
            groups.push({ controller: { kind: owner.kind, namespace: pod.metadata.namespace as string, name: owner.name }, pods: [] });
          }
          last = { kind: owner.kind, name: owner.name, group: g };
        }
        (groups[g] as { pods: Pod[] }).pods.push(pod);
        groupOf.push(g);
      }
    }
    return (this.podGroupsCache = { groups, groupOf });
  }

  /**
   * The outermost controller of an object: Pod -> ReplicaSet -> Deployment, Pod -> Job ->
   * CronJob. Stops at an owner that is not in the state (four levels at most). The object
   * itself when it has none.
   */
  topOwner(kind: string, object: KubeObject): ObjectRef {
    return this.topOwnerAt(kind, object, 0);
  }

  /**
   * {@link topOwner} of the pods of a {@link PodGroup}, found once for the group: its
   * controller's outermost controller (the controller itself when not in the state), or the
   * lone pod itself.
   */
  groupTopOwner(group: PodGroup): ObjectRef {
    const { controller } = group;
    const pod = group.pods[0] as Pod;
    if (!controller) return this.topOwnerAt('Pod', pod, 0);
    const object = this.get(controller);
    return object ? this.topOwnerAt(controller.kind, object, 1) : controller;
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
