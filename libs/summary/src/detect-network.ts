import type { ClusterIndex } from './cluster-index.js';
import type { ObjectRef, RawFinding } from './finding.js';
import { detectServicePorts } from './detect-service-ports.js';
import type { Ingress, IngressBackend, NetworkPolicy, Pod, Service } from './kube-types.js';
import { formatLabels, isEmptySelector, matchesSelector } from './label-selector.js';
import { endpointState } from './service-endpoints.js';
import { plural } from './text.js';

export { endpointState, podReady, type EndpointState } from './service-endpoints.js';

/** Optimal-string-alignment distance: edits plus adjacent transpositions (`wbe` -> `web` is 1). */
export function editDistance(a: string, b: string): number {
  const n = b.length;
  if (a.length === 0) return n;
  // Three rolling rows (i-2, i-1, i) of the full table: typo hints compare many label pairs.
  let twoBack = new Int32Array(n + 1);
  let prev = new Int32Array(n + 1);
  let row = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    row[0] = i;
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let best = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) best = Math.min(best, (twoBack[j - 2] as number) + 1);
      row[j] = best;
    }
    const spare = twoBack;
    twoBack = prev;
    prev = row;
    row = spare;
  }
  return prev[n] as number;
}

/**
 * For a selector that matches no pod: the closest label set among the namespace's pods, as the
 * selector it probably meant (`app=web` for `app=wbe`), or undefined when nothing is close.
 */
export function closestSelector(selector: Readonly<Record<string, string>>, pods: readonly Pod[]): Record<string, string> | undefined {
  let best: { fixed: Record<string, string>; cost: number; name: string } | undefined;
  const seen = new Set<string>();
  for (const pod of pods) {
    const labels = pod.metadata.labels ?? {};
    const signature = formatLabels(labels);
    if (seen.has(signature)) continue;
    seen.add(signature);
    const fixed: Record<string, string> = {};
    let cost = 0;
    for (const [key, value] of Object.entries(selector)) {
      if (labels[key] === value) {
        fixed[key] = value;
        continue;
      }
      // Candidates: same key with a near value, or a near key with the same (or near) value.
      let choice: { key: string; value: string; cost: number } | undefined;
      for (const [k, v] of Object.entries(labels)) {
        const c = editDistance(key, k) + editDistance(value, v);
        if (choice === undefined || c < choice.cost || (c === choice.cost && k + v < choice.key + choice.value)) choice = { key: k, value: v, cost: c };
      }
      const limit = Math.max(2, Math.floor((key.length + value.length) / 4));
      if (!choice || choice.cost > limit) {
        cost = Number.POSITIVE_INFINITY;
        break;
      }
      fixed[choice.key] = choice.value;
      cost += choice.cost;
    }
    if (cost === Number.POSITIVE_INFINITY || cost === 0) continue;
    const name = pod.metadata.name;
    if (!best || cost < best.cost || (cost === best.cost && name < best.name)) best = { fixed, cost, name };
  }
  return best?.fixed;
}

function serviceFindings(index: ClusterIndex, service: Service): RawFinding[] {
  const ref = index.refOf('Service', service);
  const state = endpointState(index, service);
  const selector = service.spec?.selector ?? {};
  if (state.kind === 'no-match') {
    const pods = index.pods(ref.namespace as string);
    const hint = closestSelector(selector, pods);
    return [
      {
        severity: 'critical',
        reason: 'NoMatchingPods',
        object: ref,
        message: `selector ${formatLabels(selector)} matches no pods${hint ? `; did you mean ${formatLabels(hint)}?` : ''}`,
        evidence: [`${plural(pods.length, 'pod')} in namespace ${ref.namespace}`],
        nextStep: hint
          ? `Fix the Service selector to ${formatLabels(hint)} (or the pod labels)`
          : `Compare the selector with the pod labels: \`kubectl -n ${ref.namespace} get pods --show-labels\``,
        status: 'selector matches no pods',
      },
    ];
  }
  if (state.kind === 'no-ready') {
    const phases = new Map<string, number>();
    for (const pod of state.pods) phases.set(pod.status?.phase ?? 'Unknown', (phases.get(pod.status?.phase ?? 'Unknown') ?? 0) + 1);
    return [
      {
        severity: 'critical',
        reason: 'NoReadyEndpoints',
        object: ref,
        message: `none of its ${plural(state.pods.length, 'selected pod')} is ready`,
        evidence: [`selected pods by phase: ${[...phases].sort().map(([p, n]) => `${p} ${n}`).join(', ')}`],
        nextStep: 'Fix the selected pods (see the cause chain); the Service serves no traffic until one is ready',
        causes: state.pods.slice(0, 20).map((p) => ({ ref: index.refOf('Pod', p), relation: 'selects' })),
        status: `no ready endpoints (${plural(state.pods.length, 'pod')})`,
      },
    ];
  }
  return [];
}

function backendsOf(ingress: Ingress): { backend: IngressBackend; where: string }[] {
  const result: { backend: IngressBackend; where: string }[] = [];
  if (ingress.spec?.defaultBackend) result.push({ backend: ingress.spec.defaultBackend, where: 'default backend' });
  for (const rule of ingress.spec?.rules ?? []) {
    for (const path of rule.http?.paths ?? []) result.push({ backend: path.backend, where: `${rule.host ?? '*'}${path.path ?? '/'}` });
  }
  return result;
}

function ingressFindings(index: ClusterIndex, ingress: Ingress, unserved: ReadonlyMap<string, RawFinding>): RawFinding[] {
  const ref = index.refOf('Ingress', ingress);
  const ns = ref.namespace as string;
  const findings: RawFinding[] = [];
  const className = ingress.spec?.ingressClassName;
  const legacyClass = ingress.metadata.annotations?.['kubernetes.io/ingress.class'];
  if (className && !index.get({ kind: 'IngressClass', name: className })) {
    findings.push({
      severity: 'warning',
      reason: 'MissingIngressClass',
      object: ref,
      message: `IngressClass ${className} does not exist: no controller serves this Ingress`,
      evidence: [],
      nextStep: `Install the ingress controller for ${className} or set ingressClassName to an existing class`,
      key: className,
      causes: [{ ref: { kind: 'IngressClass', name: className }, relation: 'served by', missing: true }],
    });
  } else if (!className && !legacyClass) {
    const hasDefault = index.list('IngressClass').some((c) => c.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true');
    if (!hasDefault) {
      findings.push({
        severity: 'warning',
        reason: 'NoIngressClass',
        object: ref,
        message: 'names no IngressClass and there is no default class: no controller may serve it',
        evidence: [],
        nextStep: 'Set spec.ingressClassName',
      });
    }
  }
  const seen = new Set<string>();
  for (const { backend, where } of backendsOf(ingress)) {
    const svcName = backend.service?.name;
    if (!svcName) continue;
    const port = backend.service?.port;
    const portText = port?.number !== undefined ? String(port.number) : (port?.name ?? '');
    const key = `${svcName}:${portText}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const svcRef: ObjectRef = { kind: 'Service', namespace: ns, name: svcName };
    const service = index.get<Service>(svcRef);
    if (!service) {
      findings.push({
        severity: 'critical',
        reason: 'MissingBackendService',
        object: ref,
        message: `backend Service ${svcName} (${where}) does not exist`,
        evidence: [],
        nextStep: `Create Service ${svcName} in ${ns} or point the Ingress at an existing Service`,
        key: svcName,
        causes: [{ ref: svcRef, relation: 'routes to', missing: true }],
      });
      continue;
    }
    const ports = service.spec?.ports ?? [];
    const portOk = port === undefined || ports.some((p) => (port.number !== undefined ? p.port === port.number : p.name === port.name));
    if (!portOk) {
      findings.push({
        severity: 'critical',
        reason: 'MissingBackendPort',
        object: ref,
        message: `backend Service ${svcName} has no port ${portText} (${where}); it has ${ports.map((p) => p.name ?? p.port).join(', ') || 'no ports'}`,
        evidence: [],
        nextStep: `Fix the backend port or add port ${portText} to Service ${svcName}`,
        key,
        causes: [{ ref: svcRef, relation: 'routes to' }],
      });
      continue;
    }
    const state = endpointState(index, service);
    // Ready pods, but the Service port reaches none of them (targetPort, EndpointSlices).
    const portProblem = unserved.get(`${svcName}|${portText}`) ?? unserved.get(`${svcName}|`);
    if (state.kind === 'no-match' || state.kind === 'no-ready' || portProblem) {
      findings.push({
        severity: 'critical',
        reason: 'BackendUnavailable',
        object: ref,
        message: `backend Service ${svcName} (${where}) has no ready endpoints${portProblem && state.kind === 'ok' ? ` (${portProblem.message})` : ''}`,
        evidence: [],
        nextStep: 'Fix the backend Service (see the cause chain)',
        key: svcName,
        causes: [{ ref: svcRef, relation: 'routes to' }],
        status: `backend ${svcName} unavailable`,
      });
    }
  }
  for (const tls of ingress.spec?.tls ?? []) {
    const secretName = tls.secretName;
    if (!secretName || index.get({ kind: 'Secret', namespace: ns, name: secretName })) continue;
    findings.push({
      severity: 'warning',
      reason: 'MissingTlsSecret',
      object: ref,
      message: `TLS Secret ${secretName} does not exist (hosts ${(tls.hosts ?? []).join(', ') || 'any'})`,
      evidence: [],
      nextStep: `Create the TLS Secret ${secretName} in ${ns} (or check cert-manager's Certificate)`,
      key: secretName,
      causes: [{ ref: { kind: 'Secret', namespace: ns, name: secretName }, relation: 'terminates TLS with', missing: true }],
    });
  }
  return findings;
}

function networkPolicyFindings(index: ClusterIndex, policy: NetworkPolicy): RawFinding[] {
  const ref = index.refOf('NetworkPolicy', policy);
  const selector = policy.spec?.podSelector ?? {};
  const types = policy.spec?.policyTypes ?? ['Ingress', ...(policy.spec?.egress ? ['Egress'] : [])];
  if (isEmptySelector(selector)) {
    const denies = [
      types.includes('Ingress') && (policy.spec?.ingress ?? []).length === 0 ? 'all ingress' : '',
      types.includes('Egress') && (policy.spec?.egress ?? []).length === 0 ? 'all egress' : '',
    ].filter(Boolean);
    return [
      {
        severity: 'info',
        reason: 'SelectsAllPods',
        object: ref,
        message: `applies to every pod in ${ref.namespace}${denies.length > 0 ? ` and denies ${denies.join(' and ')}` : ''}`,
        evidence: [`policyTypes: ${types.join(', ')}`],
        nextStep: 'Make sure allow rules exist for the traffic the namespace needs',
      },
    ];
  }
  const pods = index.pods(ref.namespace as string);
  if (!pods.some((p) => matchesSelector(selector, p.metadata.labels))) {
    return [
      {
        severity: 'info',
        reason: 'SelectsNoPods',
        object: ref,
        message: `podSelector ${formatLabels(selector.matchLabels ?? {}) || '(expressions)'} selects no pods: the policy has no effect`,
        evidence: [],
        nextStep: 'Fix the podSelector or delete the policy',
      },
    ];
  }
  return [];
}

/**
 * Network checks: Service without ready endpoints (selector matching nothing, with a typo hint
 * from the closest pod label set, or only unready pods); Service ports against the selected pods'
 * container ports and the EndpointSlices ({@link detectServicePorts}); Ingress with a missing
 * IngressClass, backend Service or port, TLS Secret, or a backend without endpoints (including
 * a Service port that reaches none of its ready pods); NetworkPolicy selecting nothing or every pod.
 */
export function detectNetwork(index: ClusterIndex): RawFinding[] {
  const ports = detectServicePorts(index);
  const unserved = new Map<string, RawFinding>();
  for (const f of ports) {
    if (f.severity !== 'critical' || f.object.kind !== 'Service') continue;
    const service = index.get<Service>(f.object);
    // Keyed by Service port number and name (Ingress backends use either); `|` alone: every port.
    const port = service?.spec?.ports?.find((p) => String(p.name ?? p.port) === f.key);
    const keys = f.reason === 'TargetPortMismatch' && port ? [String(port.port), port.name ?? String(port.port)] : [''];
    for (const k of keys) unserved.set(`${f.object.name}|${k}`, f);
  }
  return [
    ...index.list<Service>('Service').flatMap((s) => serviceFindings(index, s)),
    ...ports,
    ...index.list<Ingress>('Ingress').flatMap((i) => ingressFindings(index, i, unserved)),
    ...index.list<NetworkPolicy>('NetworkPolicy').flatMap((p) => networkPolicyFindings(index, p)),
  ];
}
