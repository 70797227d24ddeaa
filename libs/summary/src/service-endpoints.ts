import type { ClusterIndex } from './cluster-index.js';
import { conditionOf, type Pod, type Service } from './kube-types.js';

/** Whether a pod counts as a ready endpoint. */
export function podReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && conditionOf(pod.status.conditions, 'Ready')?.status === 'True' && !pod.metadata.deletionTimestamp;
}

/** What a Service's selector finds. */
export type EndpointState =
  | { readonly kind: 'unmanaged' }
  | { readonly kind: 'no-match' }
  | { readonly kind: 'no-ready'; readonly pods: readonly Pod[] }
  | { readonly kind: 'ok'; readonly ready: number; readonly pods: readonly Pod[] };

// Several detectors ask about every Service (network, ports, intent, admission, Gateway, the
// scoped summaries): select its pods once per index.
const stateCache = new WeakMap<ClusterIndex, WeakMap<Service, EndpointState>>();

/**
 * The pods a Service selects and how many are ready (ExternalName and selector-less Services are
 * `unmanaged`). Memoized per index and Service object.
 */
export function endpointState(index: ClusterIndex, service: Service): EndpointState {
  let cache = stateCache.get(index);
  if (!cache) stateCache.set(index, (cache = new WeakMap()));
  const known = cache.get(service);
  if (known) return known;
  const state = selectEndpoints(index, service);
  cache.set(service, state);
  return state;
}

function selectEndpoints(index: ClusterIndex, service: Service): EndpointState {
  const selector = service.spec?.selector;
  if (service.spec?.type === 'ExternalName' || !selector || Object.keys(selector).length === 0) return { kind: 'unmanaged' };
  const pods = index
    .selectPods(service.metadata.namespace as string, selector)
    .filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  if (pods.length === 0) return { kind: 'no-match' };
  const ready = pods.filter(podReady).length;
  return ready === 0 ? { kind: 'no-ready', pods } : { kind: 'ok', ready, pods };
}
