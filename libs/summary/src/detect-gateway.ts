import type { ClusterIndex } from './cluster-index.js';
import { conditionLine } from './evidence.js';
import type { CauseRef, ObjectRef, RawFinding, Severity } from './finding.js';
import { GATEWAY_API_GROUP, type Gateway, type GatewayClass, type GatewayListener, type HttpRoute, type ParentReference } from './gateway-types.js';
import { conditionOf, type Condition, type Namespace, type Service } from './kube-types.js';
import { matchesSelector } from './label-selector.js';
import { endpointState } from './service-endpoints.js';
import { plural, shorten, timeOf } from './text.js';
import type { AnomalyThresholds } from './thresholds.js';

/** Longest condition message quoted in a finding's message, in characters. */
const MAX_CONDITION_CHARS = 120;

type GroupKind = { readonly group?: string; readonly kind?: string };
/** A finding whose evidence later checks may still add to. */
type Draft = Omit<RawFinding, 'evidence'> & { readonly evidence: string[] };

/** A reference to a Gateway (the default of `parentRefs`). */
const isGatewayRef = (r: GroupKind): boolean => (r.group ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP && (r.kind ?? 'Gateway') === 'Gateway';
/** A reference to a core object of `kind` (the group is `""`, sometimes written `core`). */
const isCoreRef = (r: GroupKind, kind: string): boolean => ((r.group ?? '') === '' || r.group === 'core') && (r.kind ?? kind) === kind;

/** `InvalidParameters: the parameters are invalid`, or the reason alone. */
function why(condition: Condition): string {
  const message = condition.message ? shorten(condition.message, MAX_CONDITION_CHARS) : '';
  return [condition.reason, message].filter(Boolean).join(': ') || `${condition.type}=${condition.status}`;
}

/** `name` in the same namespace, else `namespace/name`. */
function nameIn(namespace: string, name: string, home: string): string {
  return namespace === home ? name : `${namespace}/${name}`;
}

/** Whether the object (or its condition) has been in its state longer than `ms`. */
function olderThan(index: ClusterIndex, since: string | undefined, ms: number): boolean {
  const t = timeOf(since);
  return t === undefined || index.now - t >= ms;
}

function gatewayClassFindings(index: ClusterIndex, gc: GatewayClass, gateways: number, thresholds: AnomalyThresholds): RawFinding[] {
  const ref = index.refOf('GatewayClass', gc);
  const controller = gc.spec?.controllerName ?? '(none)';
  const accepted = conditionOf(gc.status?.conditions, 'Accepted');
  const severity: Severity = gateways > 0 ? 'critical' : 'warning';
  const users = gateways > 0 ? `; ${plural(gateways, 'Gateway')} of this class get no data plane` : '';
  if (accepted?.status === 'False') {
    return [
      {
        severity,
        reason: 'GatewayClassNotAccepted',
        object: ref,
        message: `controller ${controller} rejected the class (${why(accepted)})${users}`,
        evidence: [conditionLine(accepted)],
        nextStep: `Fix what the controller reports (often spec.parametersRef), or use a class controller ${controller} accepts`,
        status: `not accepted (${accepted.reason ?? 'False'})`,
      },
    ];
  }
  // The API server defaults Accepted to Unknown ("Waiting for controller") until a controller
  // answers: still so after a while, no controller of that name is running.
  if ((accepted === undefined || accepted.status === 'Unknown') && olderThan(index, gc.metadata.creationTimestamp, thresholds.stuckAfterMs)) {
    return [
      {
        severity,
        reason: 'GatewayClassNoController',
        object: ref,
        message: `no controller has accepted the class: controller ${controller} is not installed or not running${users}`,
        evidence: accepted ? [conditionLine(accepted)] : ['no status: no controller has written one'],
        nextStep: `Install or start the Gateway API controller ${controller} (check its pods and logs), or set controllerName to an installed controller`,
        status: `no controller (${controller})`,
      },
    ];
  }
  return [];
}

/** The first failing listener condition, most telling first. */
function badListenerCondition(conditions: readonly Condition[] | undefined): Condition | undefined {
  for (const [type, bad] of [
    ['ResolvedRefs', 'False'],
    ['Accepted', 'False'],
    ['Conflicted', 'True'],
    ['Programmed', 'False'],
  ] as const) {
    const c = conditionOf(conditions, type);
    if (c?.status === bad) return c;
  }
  return undefined;
}

function listenerText(l: GatewayListener): string {
  return `listener ${l.name}${l.protocol || l.port ? ` (${[l.protocol, l.port].filter((x) => x !== undefined).join(' ')})` : ''}`;
}

function listenerFindings(index: ClusterIndex, gw: Gateway, ref: ObjectRef): RawFinding[] {
  const ns = ref.namespace as string;
  const findings: RawFinding[] = [];
  for (const listener of gw.spec?.listeners ?? []) {
    let missingSecret: Draft | undefined;
    for (const cert of listener.tls?.certificateRefs ?? []) {
      if (!isCoreRef(cert, 'Secret') || !cert.name) continue;
      const secretNs = cert.namespace ?? ns;
      if (!index.isVisible(secretNs)) continue;
      const secretRef: ObjectRef = { kind: 'Secret', namespace: secretNs, name: cert.name };
      if (index.get(secretRef)) continue;
      missingSecret = {
        severity: 'critical',
        reason: 'MissingTlsSecret',
        object: ref,
        message: `${listenerText(listener)} uses TLS Secret ${nameIn(secretNs, cert.name, ns)}, which does not exist: TLS on this listener fails`,
        evidence: [],
        nextStep: `Create the TLS Secret ${cert.name} in ${secretNs} (\`kubectl create secret tls ...\`, or its cert-manager Certificate), or fix certificateRefs`,
        key: `${listener.name}/${cert.name}`,
        causes: [{ ref: secretRef, relation: 'uses secret', missing: true }],
        status: `TLS Secret ${cert.name} missing`,
      };
      findings.push(missingSecret);
    }
    const status = (gw.status?.listeners ?? []).find((s) => s.name === listener.name);
    const bad = badListenerCondition(status?.conditions);
    if (!bad) continue;
    // The missing Secret already says why references do not resolve.
    if (missingSecret && bad.type === 'ResolvedRefs') {
      missingSecret.evidence.push(conditionLine(bad));
      continue;
    }
    findings.push({
      severity: bad.type === 'Conflicted' ? 'warning' : 'critical',
      reason: 'GatewayListenerNotReady',
      object: ref,
      message: `${listenerText(listener)} is not serving: ${bad.type}=${bad.status} (${why(bad)})`,
      evidence: (status?.conditions ?? []).filter((c) => c !== bad && c.status !== 'True').map(conditionLine),
      nextStep: 'Fix the listener as its condition says (port, protocol, hostname, certificateRefs, allowedRoutes.kinds)',
      key: listener.name,
      status: `listener ${listener.name} ${bad.reason ?? bad.type}`,
    });
  }
  return findings;
}

function gatewayFindings(index: ClusterIndex, gw: Gateway, thresholds: AnomalyThresholds): RawFinding[] {
  const ref = index.refOf('Gateway', gw);
  const className = gw.spec?.gatewayClassName;
  const classRef: ObjectRef = { kind: 'GatewayClass', name: className ?? '' };
  const gc = className ? index.get<GatewayClass>(classRef) : undefined;
  const findings: RawFinding[] = [];
  if (className && !gc) {
    findings.push({
      severity: 'critical',
      reason: 'MissingGatewayClass',
      object: ref,
      message: `GatewayClass ${className} does not exist: no controller programs this Gateway`,
      evidence: [],
      nextStep: `Create GatewayClass ${className} (install its Gateway API controller) or set gatewayClassName to an existing class (\`kubectl get gatewayclass\`)`,
      key: className,
      causes: [{ ref: classRef, relation: 'gateway class', missing: true }],
      status: `GatewayClass ${className} missing`,
    });
    // Its conditions only echo the missing class.
    return [...findings, ...listenerFindings(index, gw, ref)];
  }
  const causes: CauseRef[] = gc ? [{ ref: classRef, relation: 'gateway class' }] : [];
  const conditions = gw.status?.conditions;
  const accepted = conditionOf(conditions, 'Accepted');
  const programmed = conditionOf(conditions, 'Programmed');
  const controller = gc?.spec?.controllerName;
  const by = controller ? ` by ${controller}` : '';
  const settled = (c: Condition): boolean => c.reason !== 'Pending' || olderThan(index, c.lastTransitionTime ?? gw.metadata.creationTimestamp, thresholds.stuckAfterMs);
  if (accepted?.status === 'False' && settled(accepted)) {
    findings.push({
      severity: 'critical',
      reason: 'GatewayNotAccepted',
      object: ref,
      message: `not accepted${by} (${why(accepted)}): its listeners serve no traffic`,
      evidence: [conditionLine(accepted), ...(programmed && programmed.status !== 'True' ? [conditionLine(programmed)] : [])],
      nextStep: 'Fix the Gateway as the condition says (addresses, listeners, infrastructure parameters)',
      causes,
      status: `not accepted (${accepted.reason ?? 'False'})`,
    });
  } else if (programmed?.status === 'False' && settled(programmed)) {
    findings.push({
      severity: 'critical',
      reason: 'GatewayNotProgrammed',
      object: ref,
      message: `not programmed${by} (${why(programmed)}): its data plane is not ready`,
      evidence: [conditionLine(programmed)],
      nextStep: `Check the controller${controller ? ` ${controller}` : ''} and the Gateway's data plane (its Service and pods, address assignment)`,
      causes,
      status: `not programmed (${programmed.reason ?? 'False'})`,
    });
  } else if (gc && accepted?.status !== 'True' && olderThan(index, gw.metadata.creationTimestamp, thresholds.stuckAfterMs)) {
    // Nobody answered: the class's controller is missing (its own finding says so).
    const classAccepted = conditionOf(gc.status?.conditions, 'Accepted')?.status === 'True';
    if (!classAccepted) {
      findings.push({
        severity: 'critical',
        reason: 'GatewayPending',
        object: ref,
        message: `no controller has accepted it: GatewayClass ${className} is not accepted by any controller`,
        evidence: accepted ? [conditionLine(accepted)] : [],
        nextStep: `Install or fix the controller of GatewayClass ${className}`,
        causes,
        status: 'not accepted (no controller)',
      });
    }
  }
  return [...findings, ...listenerFindings(index, gw, ref)];
}

/** Default route kinds of a listener protocol (Gateway API: HTTP/HTTPS accept HTTPRoute). */
function acceptsHttpRoutes(listener: GatewayListener): boolean {
  const kinds = listener.allowedRoutes?.kinds;
  if (kinds && kinds.length > 0) return kinds.some((k) => k.kind === 'HTTPRoute' && (k.group ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP);
  return listener.protocol === undefined || listener.protocol === 'HTTP' || listener.protocol === 'HTTPS';
}

/** Whether a listener of a Gateway in `gatewayNs` takes HTTPRoutes from `routeNs`; unknown counts as yes. */
function listenerAllows(index: ClusterIndex, listener: GatewayListener, gatewayNs: string, routeNs: string): boolean {
  if (!acceptsHttpRoutes(listener)) return false;
  const from = listener.allowedRoutes?.namespaces?.from ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return gatewayNs === routeNs;
  if (from === 'Selector') {
    const selector = listener.allowedRoutes?.namespaces?.selector;
    const namespace = index.get<Namespace>({ kind: 'Namespace', name: routeNs });
    if (!selector || !namespace) return true;
    return matchesSelector(selector, namespace.metadata.labels);
  }
  return true;
}

function allowedText(listener: GatewayListener): string {
  if (!acceptsHttpRoutes(listener)) return `${listener.name}: no HTTPRoutes`;
  const from = listener.allowedRoutes?.namespaces?.from ?? 'Same';
  return `${listener.name}: from ${from === 'Same' ? 'its own namespace' : from === 'Selector' ? 'namespaces matching its selector' : from}`;
}

/** Problems with one parentRef, or undefined when it is fine (or cannot be checked). */
function parentFinding(index: ClusterIndex, ref: ObjectRef, parent: ParentReference): Draft | undefined {
  const ns = ref.namespace as string;
  const gwNs = parent.namespace ?? ns;
  if (!isGatewayRef(parent) || !parent.name || !index.isVisible(gwNs)) return undefined;
  const gwRef: ObjectRef = { kind: 'Gateway', namespace: gwNs, name: parent.name };
  const label = nameIn(gwNs, parent.name, ns);
  const gw = index.get<Gateway>(gwRef);
  if (!gw) {
    return {
      severity: 'critical',
      reason: 'MissingParentGateway',
      object: ref,
      message: `parent Gateway ${label} does not exist: the route is attached to nothing and serves no traffic`,
      evidence: [],
      nextStep: `Create Gateway ${parent.name} in ${gwNs} or fix parentRefs (\`kubectl get gateways -A\`)`,
      key: `${gwNs}/${parent.name}`,
      causes: [{ ref: gwRef, relation: 'attaches to', missing: true }],
      status: `parent Gateway ${label} missing`,
    };
  }
  const listeners = gw.spec?.listeners ?? [];
  const chosen = listeners.filter((l) => (parent.sectionName === undefined || l.name === parent.sectionName) && (parent.port === undefined || l.port === parent.port));
  if (chosen.length === 0 && listeners.length > 0) {
    const wanted = [parent.sectionName ? `listener ${parent.sectionName}` : '', parent.port !== undefined ? `port ${parent.port}` : ''].filter(Boolean).join(' on ');
    return {
      severity: 'critical',
      reason: 'MissingGatewayListener',
      object: ref,
      message: `parent Gateway ${label} has no ${wanted}; its listeners: ${listeners.map((l) => `${l.name} (${l.port ?? '?'})`).join(', ')}`,
      evidence: [],
      nextStep: `Fix sectionName/port in parentRefs or add the listener to Gateway ${label}`,
      key: `${gwNs}/${parent.name}`,
      causes: [{ ref: gwRef, relation: 'attaches to' }],
      status: `no listener ${wanted} on ${label}`,
    };
  }
  if (chosen.length > 0 && !chosen.some((l) => listenerAllows(index, l, gwNs, ns))) {
    return {
      severity: 'critical',
      reason: 'RouteNotAllowed',
      object: ref,
      message: `parent Gateway ${label} does not accept HTTPRoutes from namespace ${ns} (${chosen.map(allowedText).join('; ')})`,
      evidence: [],
      nextStep: `Allow the route on Gateway ${label} (listener allowedRoutes.namespaces from: All, or a selector matching namespace ${ns}), or move the route`,
      key: `${gwNs}/${parent.name}`,
      causes: [{ ref: gwRef, relation: 'attaches to' }],
      status: `not allowed by Gateway ${label}`,
    };
  }
  return undefined;
}

function backendFindings(index: ClusterIndex, route: HttpRoute, ref: ObjectRef): Draft[] {
  const ns = ref.namespace as string;
  const findings: Draft[] = [];
  const seen = new Set<string>();
  (route.spec?.rules ?? []).forEach((rule, i) => {
    for (const backend of rule.backendRefs ?? []) {
      if (!isCoreRef(backend, 'Service') || !backend.name) continue;
      const svcNs = backend.namespace ?? ns;
      const key = `${svcNs}/${backend.name}:${backend.port ?? ''}`;
      if (seen.has(key) || !index.isVisible(svcNs)) continue;
      seen.add(key);
      const svcRef: ObjectRef = { kind: 'Service', namespace: svcNs, name: backend.name };
      const label = nameIn(svcNs, backend.name, ns);
      const service = index.get<Service>(svcRef);
      if (!service) {
        findings.push({
          severity: 'critical',
          reason: 'MissingBackendService',
          object: ref,
          message: `backend Service ${label} (rule ${i + 1}) does not exist: requests to it fail (500)`,
          evidence: [],
          nextStep: `Create Service ${backend.name} in ${svcNs} or point backendRefs at an existing Service`,
          key: label,
          causes: [{ ref: svcRef, relation: 'routes to', missing: true }],
          status: `backend Service ${label} missing`,
        });
        continue;
      }
      const ports = service.spec?.ports ?? [];
      if (backend.port !== undefined && !ports.some((p) => p.port === backend.port)) {
        findings.push({
          severity: 'critical',
          reason: 'MissingBackendPort',
          object: ref,
          message: `backend Service ${label} has no port ${backend.port} (rule ${i + 1}); it has ${ports.map((p) => p.port).join(', ') || 'no ports'}`,
          evidence: [],
          nextStep: `Fix the backendRef port or add port ${backend.port} to Service ${label}`,
          key: `${label}:${backend.port}`,
          causes: [{ ref: svcRef, relation: 'routes to' }],
          status: `backend port ${backend.port} missing`,
        });
        continue;
      }
      const state = endpointState(index, service);
      if (state.kind === 'no-match' || state.kind === 'no-ready') {
        findings.push({
          severity: 'critical',
          reason: 'BackendUnavailable',
          object: ref,
          message: `backend Service ${label} (rule ${i + 1}) has no ready endpoints`,
          evidence: [],
          nextStep: 'Fix the backend Service (see the cause chain)',
          key: label,
          causes: [{ ref: svcRef, relation: 'routes to' }],
          status: `backend ${label} unavailable`,
        });
      }
    }
  });
  return findings;
}

function routeFindings(index: ClusterIndex, route: HttpRoute): RawFinding[] {
  const ref = index.refOf('HTTPRoute', route);
  const ns = ref.namespace as string;
  const parents = (route.spec?.parentRefs ?? []).map((p) => parentFinding(index, ref, p)).filter((f): f is Draft => f !== undefined);
  const backends = backendFindings(index, route, ref);
  const findings: RawFinding[] = [...parents, ...backends];
  // What the controllers say, unless a finding above already names the cause (then it is evidence).
  let refsReported = false;
  for (const parentStatus of route.status?.parents ?? []) {
    const parent = parentStatus.parentRef;
    const gwNs = parent.namespace ?? ns;
    if (!index.isVisible(gwNs)) continue;
    const label = nameIn(gwNs, parent.name, ns);
    const accepted = conditionOf(parentStatus.conditions, 'Accepted');
    const resolved = conditionOf(parentStatus.conditions, 'ResolvedRefs');
    if (accepted?.status === 'False') {
      const known = parents.find((f) => f.key === `${gwNs}/${parent.name}`);
      if (known) known.evidence.push(conditionLine(accepted));
      else {
        const gwRef: ObjectRef = { kind: 'Gateway', namespace: gwNs, name: parent.name };
        findings.push({
          severity: 'critical',
          reason: 'RouteNotAccepted',
          object: ref,
          message: `not accepted by Gateway ${label} (${why(accepted)}): it serves no traffic there`,
          evidence: [conditionLine(accepted)],
          nextStep: "Fix the route or the Gateway's listeners as the condition says (hostnames, sectionName, allowedRoutes)",
          key: `${gwNs}/${parent.name}`,
          ...(isGatewayRef(parent) && index.get(gwRef) ? { causes: [{ ref: gwRef, relation: 'attaches to' }] } : {}),
          status: `not accepted (${accepted.reason ?? 'False'})`,
        });
      }
    }
    if (resolved?.status === 'False' && !refsReported) {
      refsReported = true;
      const known = backends[0];
      if (known) known.evidence.push(conditionLine(resolved));
      else {
        findings.push({
          severity: 'critical',
          reason: 'RouteRefsNotResolved',
          object: ref,
          message: `backend references not resolved (${why(resolved)}): requests to them fail`,
          evidence: [conditionLine(resolved)],
          nextStep: 'Fix backendRefs as the condition says (a missing Service or port, or a ReferenceGrant for another namespace)',
          key: 'refs',
          status: `refs not resolved (${resolved.reason ?? 'False'})`,
        });
      }
    }
  }
  return findings;
}

/**
 * Gateway API checks (gateway.networking.k8s.io, read only when the cluster serves it):
 * GatewayClasses rejected by their controller or accepted by none (critical when Gateways use
 * them); Gateways whose GatewayClass is missing, that are not accepted or not programmed (with
 * the controller's reason), whose listeners fail (ResolvedRefs, Accepted, Programmed, Conflicted)
 * or name a TLS Secret that does not exist; HTTPRoutes whose parent Gateway or listener is
 * missing or does not allow the route's namespace, whose backend Service or port is missing or
 * has no ready endpoints, or which a controller did not accept or could not resolve. Objects in
 * hidden namespaces are neither checked nor named.
 */
export function detectGateway(index: ClusterIndex, thresholds: AnomalyThresholds): RawFinding[] {
  const gateways = index.list<Gateway>('Gateway');
  const perClass = new Map<string, number>();
  for (const gw of gateways) {
    const name = gw.spec?.gatewayClassName;
    if (name) perClass.set(name, (perClass.get(name) ?? 0) + 1);
  }
  return [
    ...index.list<GatewayClass>('GatewayClass').flatMap((gc) => gatewayClassFindings(index, gc, perClass.get(gc.metadata.name) ?? 0, thresholds)),
    ...gateways.flatMap((gw) => gatewayFindings(index, gw, thresholds)),
    ...index.list<HttpRoute>('HTTPRoute').flatMap((route) => routeFindings(index, route)),
  ];
}
