// Whether NetworkPolicies let one pod reach another on a port: the semantics of
// networking.k8s.io/v1, evaluated over the policies in the state. Pure; three-valued, because
// some peers (IP blocks, namespaces whose labels are unknown) cannot be decided from objects.
import type { LabelSelector, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRule } from './kube-types.js';
import { matchesSelector } from './label-selector.js';

/** `allowed`, `denied`, or `unknown` (an IP block or unknown namespace labels decide). */
export type Verdict = 'allowed' | 'denied' | 'unknown';

/** One side of a connection: a pod's namespace and labels, and its namespace's labels when known. */
export interface PodEndpoint {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Labels of the pod's Namespace object; undefined when it is not known. */
  readonly namespaceLabels: Readonly<Record<string, string>> | undefined;
}

/** The destination port on the called pod (after the Service's targetPort mapping). */
export interface TargetPort {
  /** The port number, when known (a named targetPort the pod does not declare leaves it unknown). */
  readonly number?: number;
  /** The container port's name, when it has one. */
  readonly name?: string;
  /** `TCP` (default), `UDP`, `SCTP`. */
  readonly protocol: string;
}

/** What one direction (ingress into the callee, egress out of the caller) decides. */
export interface DirectionResult {
  readonly verdict: Verdict;
  /** Names of the policies that isolate the pod in this direction (empty: not isolated, allowed). */
  readonly isolatedBy: readonly string[];
}

/** The connection's verdict: denied when either direction denies it. */
export interface ReachabilityResult {
  readonly verdict: Verdict;
  readonly ingress: DirectionResult;
  readonly egress: DirectionResult;
}

const and = (a: Verdict, b: Verdict): Verdict => (a === 'denied' || b === 'denied' ? 'denied' : a === 'unknown' || b === 'unknown' ? 'unknown' : 'allowed');
const or = (a: Verdict, b: Verdict): Verdict => (a === 'allowed' || b === 'allowed' ? 'allowed' : a === 'unknown' || b === 'unknown' ? 'unknown' : 'denied');
const bool = (b: boolean): Verdict => (b ? 'allowed' : 'denied');

/** The policy types in effect: `policyTypes`, or as the API server defaults them (Ingress, plus Egress when there are egress rules). */
export function policyTypes(policy: NetworkPolicy): readonly string[] {
  const declared = policy.spec?.policyTypes;
  if (declared && declared.length > 0) return declared;
  return (policy.spec?.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Whether a policy's `podSelector` selects a pod of its namespace (absent or `{}`: every pod). */
export function policySelects(policy: NetworkPolicy, pod: PodEndpoint): boolean {
  return policy.metadata.namespace === pod.namespace && matchesSelector(policy.spec?.podSelector ?? {}, pod.labels);
}

function namespaceMatches(selector: LabelSelector, peer: PodEndpoint): Verdict {
  if (!peer.namespaceLabels) return 'unknown';
  // The API server labels every Namespace with its name; older objects may lack it.
  return bool(matchesSelector(selector, { 'kubernetes.io/metadata.name': peer.namespace, ...peer.namespaceLabels }));
}

/** Whether a peer entry covers `peer`, for a policy in `policyNamespace`. */
function peerMatches(entry: NetworkPolicyPeer, policyNamespace: string, peer: PodEndpoint): Verdict {
  if (entry.ipBlock) return 'unknown'; // pod IPs are not in the state
  if (entry.namespaceSelector && entry.podSelector) return and(namespaceMatches(entry.namespaceSelector, peer), bool(matchesSelector(entry.podSelector, peer.labels)));
  if (entry.namespaceSelector) return namespaceMatches(entry.namespaceSelector, peer);
  if (entry.podSelector) return bool(peer.namespace === policyNamespace && matchesSelector(entry.podSelector, peer.labels));
  return 'unknown'; // an empty peer is invalid; the API server would not have stored it
}

function portMatches(entry: NetworkPolicyPort, port: TargetPort): Verdict {
  if ((entry.protocol ?? 'TCP') !== port.protocol) return 'denied';
  if (entry.port === undefined) return 'allowed';
  if (typeof entry.port === 'string') return bool(port.name === entry.port);
  if (port.number === undefined) return 'unknown';
  return bool(port.number >= entry.port && port.number <= (entry.endPort ?? entry.port));
}

function ruleAllows(rule: NetworkPolicyRule, peers: readonly NetworkPolicyPeer[] | undefined, policyNamespace: string, peer: PodEndpoint, port: TargetPort): Verdict {
  // No peers: every source/destination; no ports: every port.
  const peerVerdict = !peers || peers.length === 0 ? 'allowed' : peers.reduce<Verdict>((v, p) => or(v, peerMatches(p, policyNamespace, peer)), 'denied');
  const ports = rule.ports ?? [];
  const portVerdict = ports.length === 0 ? 'allowed' : ports.reduce<Verdict>((v, p) => or(v, portMatches(p, port)), 'denied');
  return and(peerVerdict, portVerdict);
}

function direction(policies: readonly NetworkPolicy[], type: 'Ingress' | 'Egress', subject: PodEndpoint, peer: PodEndpoint, port: TargetPort): DirectionResult {
  const isolating = policies.filter((p) => policyTypes(p).includes(type) && policySelects(p, subject));
  if (isolating.length === 0) return { verdict: 'allowed', isolatedBy: [] };
  let verdict: Verdict = 'denied';
  for (const policy of isolating) {
    const rules = (type === 'Ingress' ? policy.spec?.ingress : policy.spec?.egress) as readonly NetworkPolicyRule[] | undefined;
    for (const rule of rules ?? []) verdict = or(verdict, ruleAllows(rule, type === 'Ingress' ? rule.from : rule.to, subject.namespace, peer, port));
  }
  return { verdict, isolatedBy: isolating.map((p) => p.metadata.name).sort() };
}

/**
 * Whether `policies` let `from` open a connection to `to` on `port`. Ingress: `to` is isolated
 * when a policy of its namespace with type Ingress selects it, and then some such policy needs
 * an ingress rule whose `from` peers match `from` (a podSelector: pods of the policy's own
 * namespace; a namespaceSelector, with or without a podSelector: pods of matching namespaces;
 * an ipBlock: unknown) and whose ports include `port` (by number or range, or by the container
 * port's name). Egress: the same for `from` with egress rules whose `to` peers match `to`.
 * Policies of other namespaces than the two pods' never apply, as in Kubernetes. (A pod calling
 * itself is always allowed; callers skip that case.)
 */
export function evaluateReachability(policies: readonly NetworkPolicy[], from: PodEndpoint, to: PodEndpoint, port: TargetPort): ReachabilityResult {
  const ingress = direction(policies, 'Ingress', to, from, port);
  const egress = direction(policies, 'Egress', from, to, port);
  return { verdict: and(ingress.verdict, egress.verdict), ingress, egress };
}
