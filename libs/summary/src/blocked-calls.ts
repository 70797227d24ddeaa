// NetworkPolicies that block an inferred call: which callee pods and ports are checked, and
// the `NetworkPolicyBlocksCall` finding that names the policies.
import type { ClusterIndex } from './cluster-index.js';
import { endpointState } from './detect-network.js';
import type { CauseRef, RawFinding } from './finding.js';
import { serviceText, type InferredCall } from './inferred-calls.js';
import type { NetworkPolicy, NetworkPolicyRule, Pod, Service, ServicePort } from './kube-types.js';
import { formatLabels } from './label-selector.js';
import { evaluateReachability, type PodEndpoint, type ReachabilityResult, type TargetPort } from './network-reachability.js';
import { compareText } from './text.js';

/** Most distinct callee label sets checked per call (pods of one workload share theirs). */
const MAX_CALLEES = 5;

/** A pod as one side of a connection, with its Namespace's labels when visible. */
export function endpointOf(index: ClusterIndex, pod: Pod): PodEndpoint {
  const namespace = pod.metadata.namespace as string;
  const ns = index.get({ kind: 'Namespace', name: namespace });
  return { namespace, labels: pod.metadata.labels ?? {}, namespaceLabels: ns ? (ns.metadata.labels ?? {}) : undefined };
}

/** The callee pod's port behind a Service port: number and name, resolved through its container ports. */
function targetPortOf(servicePort: ServicePort, callee: Pod): TargetPort {
  const protocol = servicePort.protocol ?? 'TCP';
  const target = servicePort.targetPort ?? servicePort.port;
  const declared = (callee.spec?.containers ?? []).flatMap((c) => c.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === protocol);
  if (typeof target === 'string') {
    const number = declared.find((p) => p.name === target)?.containerPort;
    return { name: target, protocol, ...(number === undefined ? {} : { number }) };
  }
  const name = declared.find((p) => p.containerPort === target)?.name;
  return { number: target, protocol, ...(name === undefined ? {} : { name }) };
}

/** A denied call: the verdict, the callee port and one callee pod. */
export interface Blocked {
  readonly result: ReachabilityResult;
  readonly port: TargetPort;
  readonly callee: Pod;
}

/**
 * Whether NetworkPolicies block `caller` calling `service` (on the called port, or on every
 * port when the address names none): denied for every callee pod checked and every port. Returns
 * the first denial, or undefined when allowed, unknown or not checkable (no policies, no pods).
 */
export function blockedCall(index: ClusterIndex, policies: readonly NetworkPolicy[], caller: Pod, call: InferredCall, service: Service): Blocked | undefined {
  if (service.spec?.type === 'ExternalName') return undefined;
  const state = endpointState(index, service);
  if (state.kind !== 'ok' && state.kind !== 'no-ready') return undefined;
  const callees: Pod[] = [];
  const seen = new Set<string>();
  for (const pod of state.pods) {
    const signature = formatLabels(pod.metadata.labels ?? {});
    if (pod === caller || seen.has(signature)) continue;
    seen.add(signature);
    callees.push(pod);
    if (callees.length >= MAX_CALLEES) break;
  }
  const ports = (service.spec?.ports ?? []).filter((p) => call.ref.port === undefined || p.port === call.ref.port);
  if (callees.length === 0 || ports.length === 0) return undefined;
  const from = endpointOf(index, caller);
  let first: Blocked | undefined;
  for (const callee of callees) {
    const to = endpointOf(index, callee);
    for (const servicePort of ports) {
      const port = targetPortOf(servicePort, callee);
      const result = evaluateReachability(policies, from, to, port);
      if (result.verdict !== 'denied') return undefined;
      first ??= { result, port, callee };
    }
  }
  return first;
}

/** Labels generated per pod or per revision, useless in a policy's podSelector. */
const GENERATED_LABEL = /^(pod-template-hash|controller-revision-hash|controller-uid|job-name|statefulset\.kubernetes\.io\/pod-name|apps\.kubernetes\.io\/pod-index|batch\.kubernetes\.io\/.*|topology\.kubernetes\.io\/.*)$/;

/** The labels that say which app a pod is: `app` or `app.kubernetes.io/name` alone when present, else all but generated ones. */
function identityLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  for (const key of ['app.kubernetes.io/name', 'app']) {
    const value = labels[key];
    if (value !== undefined) return { [key]: value };
  }
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !GENERATED_LABEL.test(k)));
}

/** `TCP/5432`, `TCP/http`. */
function portText(port: TargetPort): string {
  return `${port.protocol}/${port.number ?? port.name ?? '?'}`;
}

/** `from pods app=api, namespaces team=x (TCP/5432)`: what a policy's rules of one direction allow. */
function rulesText(policy: NetworkPolicy, type: 'Ingress' | 'Egress'): string {
  const rules = ((type === 'Ingress' ? policy.spec?.ingress : policy.spec?.egress) ?? []) as readonly NetworkPolicyRule[];
  if (rules.length === 0) return 'nothing';
  return rules
    .slice(0, 3)
    .map((rule) => {
      const peers = (type === 'Ingress' ? rule.from : rule.to) ?? [];
      const who = peers.length === 0
        ? 'anywhere'
        : peers
            .map((p) => {
              const pods = p.podSelector ? `pods ${formatLabels(p.podSelector.matchLabels ?? {}) || (p.podSelector.matchExpressions?.length ? 'by expression' : 'all')}` : '';
              const nss = p.namespaceSelector ? `namespaces ${formatLabels(p.namespaceSelector.matchLabels ?? {}) || (p.namespaceSelector.matchExpressions?.length ? 'by expression' : 'all')}` : '';
              return p.ipBlock ? `ipBlock ${p.ipBlock.cidr ?? '?'}` : [nss, pods].filter(Boolean).join(' / ') || '?';
            })
            .join(', ');
      const ports = (rule.ports ?? []).map((p) => `${p.protocol ?? 'TCP'}/${p.port ?? '*'}${p.endPort ? `-${p.endPort}` : ''}`).join(',');
      return `${type === 'Ingress' ? 'from' : 'to'} ${who}${ports ? ` on ${ports}` : ''}`;
    })
    .join('; ') + (rules.length > 3 ? ` (+${rules.length - 3} more rules)` : '');
}

/**
 * `NetworkPolicyBlocksCall` on the calling pod: the policies that deny ingress into the callee
 * or egress from the caller (as causes, with their rules as evidence) and the rule to add.
 */
export function blockedFinding(index: ClusterIndex, policies: readonly NetworkPolicy[], pod: Pod, call: InferredCall, blocked: Blocked, failing: boolean): RawFinding {
  const { result, port, callee } = blocked;
  const ns = pod.metadata.namespace as string;
  const parts: string[] = [];
  const evidence: string[] = [];
  const causes: CauseRef[] = [];
  const named = (names: readonly string[], namespace: string) => names.map((n) => policies.find((p) => p.metadata.name === n && p.metadata.namespace === namespace)).filter((p): p is NetworkPolicy => p !== undefined);
  if (result.ingress.verdict === 'denied') {
    const list = named(result.ingress.isolatedBy, call.namespace);
    parts.push(`NetworkPolicy ${list.map((p) => p.metadata.name).join(', ')} in ${call.namespace} allows no ingress from it to the Service's pods on ${portText(port)}`);
    for (const p of list) {
      evidence.push(`NetworkPolicy ${call.namespace}/${p.metadata.name} ingress: ${rulesText(p, 'Ingress')}`);
      causes.push({ ref: { kind: 'NetworkPolicy', namespace: call.namespace, name: p.metadata.name }, relation: 'blocked by' });
    }
  }
  if (result.egress.verdict === 'denied') {
    const list = named(result.egress.isolatedBy, ns);
    parts.push(`NetworkPolicy ${list.map((p) => p.metadata.name).join(', ')} in ${ns} allows it no egress to them on ${portText(port)}`);
    for (const p of list) {
      evidence.push(`NetworkPolicy ${ns}/${p.metadata.name} egress: ${rulesText(p, 'Egress')}`);
      causes.push({ ref: { kind: 'NetworkPolicy', namespace: ns, name: p.metadata.name }, relation: 'blocked by' });
    }
  }
  const labels = formatLabels(identityLabels(pod.metadata.labels ?? {})) || '(no labels)';
  evidence.push(`caller labels ${formatLabels(pod.metadata.labels ?? {}) || '(none)'}; callee ${callee.metadata.name} labels ${formatLabels(callee.metadata.labels ?? {}) || '(none)'}`);
  const crossNamespace = ns !== call.namespace;
  return {
    severity: failing ? 'critical' : 'warning',
    reason: 'NetworkPolicyBlocksCall',
    object: index.refOf('Pod', pod),
    message: `${call.via} calls Service ${serviceText(call)} on ${portText(port)}, but ${parts.join('; and ')}`,
    evidence,
    nextStep:
      result.ingress.verdict === 'denied'
        ? `Add an ingress rule to NetworkPolicy ${call.namespace}/${result.ingress.isolatedBy[0]} allowing from podSelector ${labels}${crossNamespace ? ` with namespaceSelector kubernetes.io/metadata.name=${ns}` : ''} on port ${port.number ?? port.name}`
        : `Add an egress rule to NetworkPolicy ${ns}/${result.egress.isolatedBy[0]} allowing to the pods of Service ${serviceText(call)} on port ${port.number ?? port.name} (and DNS, port 53)`,
    key: `${call.namespace}/${call.ref.name}`,
    causes: causes.sort((a, b) => compareText(`${a.ref.namespace}/${a.ref.name}`, `${b.ref.namespace}/${b.ref.name}`)),
    status: `NetworkPolicy blocks calls to ${serviceText(call)}`,
  };
}
