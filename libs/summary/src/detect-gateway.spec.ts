import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNamespacePolicy, loadSnapshot } from '@k8s-mcp/k8s-client';
import { describe, expect, it } from 'vitest';
import { stateFromReader } from './cluster-state.js';
import type { Finding } from './finding.js';
import { findingsOf, only } from './testing/detect.js';
import { ago, ClusterBuilder } from './testing/fixtures.js';

const CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';
const cond = (type: string, status: string, reason: string, message = ''): Record<string, string> => ({ type, status, reason, message, lastTransitionTime: ago(30) });

/**
 * A working Gateway API setup: class `envoy` accepted, Gateway infra/edge (HTTP and HTTPS with
 * its Secret, routes from all namespaces) programmed, HTTPRoute shop/store -> Service web
 * (ready pods), accepted and resolved. `edit` changes it before it is built.
 */
function gatewayCluster(edit: (parts: { gatewayClass: Json; gateway: Json; route: Json; b: ClusterBuilder }) => void = () => undefined): ClusterBuilder {
  const b = new ClusterBuilder();
  for (const n of ['node-1', 'node-2', 'node-3']) b.node(n);
  b.namespace('infra').namespace('shop');
  b.deployment('shop', 'web', { replicas: 2 }).service('shop', 'web', { app: 'web' });
  b.add('Secret', { metadata: { name: 'edge-tls', namespace: 'infra' }, type: 'kubernetes.io/tls' });
  const gatewayClass: Json = { metadata: { name: 'envoy' }, spec: { controllerName: CONTROLLER }, status: { conditions: [cond('Accepted', 'True', 'Accepted')] } };
  const gateway: Json = {
    metadata: { name: 'edge', namespace: 'infra' },
    spec: {
      gatewayClassName: 'envoy',
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
        { name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ kind: 'Secret', name: 'edge-tls' }] }, allowedRoutes: { namespaces: { from: 'All' } } },
      ],
    },
    status: {
      conditions: [cond('Accepted', 'True', 'Accepted'), cond('Programmed', 'True', 'Programmed')],
      listeners: ['http', 'https'].map((name) => ({ name, attachedRoutes: 1, conditions: [cond('Accepted', 'True', 'Accepted'), cond('ResolvedRefs', 'True', 'ResolvedRefs'), cond('Programmed', 'True', 'Programmed')] })),
    },
  };
  const route: Json = {
    metadata: { name: 'store', namespace: 'shop' },
    spec: { parentRefs: [{ name: 'edge', namespace: 'infra' }], hostnames: ['shop.example'], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] },
    status: { parents: [{ parentRef: { name: 'edge', namespace: 'infra' }, controllerName: CONTROLLER, conditions: [cond('Accepted', 'True', 'Accepted'), cond('ResolvedRefs', 'True', 'ResolvedRefs')] }] },
  };
  edit({ gatewayClass, gateway, route, b });
  b.add('GatewayClass', gatewayClass as Json & { metadata: { name: string } });
  b.add('Gateway', gateway as Json & { metadata: { name: string } });
  b.add('HTTPRoute', route as Json & { metadata: { name: string } });
  return b;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const gatewayFindings = (findings: readonly Finding[]): Finding[] => findings.filter((f) => ['GatewayClass', 'Gateway', 'HTTPRoute'].includes(f.object.kind));
const chainOf = (f: Finding): string[] => f.chain.map((s) => `${s.ref.kind}/${s.ref.name}${s.missing ? ' (missing)' : ''}`);

describe('detectGateway', () => {
  it('finds nothing wrong with a working Gateway, listener, route and backend', () => {
    for (const useGraph of [true, false]) {
      expect(gatewayFindings(findingsOf(gatewayCluster(), { useGraph }))).toEqual([]);
    }
  });

  it('names a GatewayClass its controller rejected, with the reason, as the cause of its Gateways', () => {
    const findings = findingsOf(
      gatewayCluster(({ gatewayClass, gateway }) => {
        gatewayClass.status.conditions = [cond('Accepted', 'False', 'InvalidParameters', 'parametersRef EnvoyProxy infra/proxy-config not found')];
        gateway.status.conditions = [cond('Accepted', 'False', 'Invalid', 'GatewayClass is not accepted')];
      }),
    );
    const gc = only(findings, 'GatewayClassNotAccepted');
    expect(gc).toMatchObject({ severity: 'critical', object: { kind: 'GatewayClass', name: 'envoy' } });
    expect(gc.message).toContain('InvalidParameters: parametersRef EnvoyProxy infra/proxy-config not found');
    expect(gc.message).toContain('1 Gateway of this class');
    const gw = only(findings, 'GatewayNotAccepted');
    expect(chainOf(gw)).toEqual(['Gateway/edge', 'GatewayClass/envoy']);
    expect(gw.rootCauseId).toBe(gc.id);
  });

  it('says when no controller ever accepted a class, and a Gateway of it waits', () => {
    const findings = findingsOf(
      gatewayCluster(({ gatewayClass, gateway }) => {
        gatewayClass.spec.controllerName = 'example.com/missing-controller';
        gatewayClass.status = { conditions: [{ ...cond('Accepted', 'Unknown', 'Pending', 'Waiting for controller'), lastTransitionTime: '1970-01-01T00:00:00Z' }] };
        gateway.status = { conditions: [cond('Accepted', 'Unknown', 'Pending', 'Waiting for controller')] };
      }),
    );
    const gc = only(findings, 'GatewayClassNoController');
    expect(gc.severity).toBe('critical');
    expect(gc.message).toContain('controller example.com/missing-controller is not installed or not running');
    expect(chainOf(only(findings, 'GatewayPending'))).toEqual(['Gateway/edge', 'GatewayClass/envoy']);
    // A fresh class may simply not be answered yet.
    const fresh = findingsOf(
      gatewayCluster(({ gatewayClass }) => {
        gatewayClass.metadata.creationTimestamp = ago(1);
        gatewayClass.status = { conditions: [cond('Accepted', 'Unknown', 'Pending')] };
      }),
    );
    expect(fresh.filter((f) => f.reason === 'GatewayClassNoController')).toEqual([]);
  });

  it('names a missing GatewayClass as the root cause', () => {
    for (const useGraph of [true, false]) {
      const findings = findingsOf(
        gatewayCluster(({ gateway }) => {
          gateway.spec.gatewayClassName = 'nginx';
          gateway.status.conditions = [cond('Accepted', 'Unknown', 'Pending')];
        }),
        { useGraph },
      );
      const f = only(findings, 'MissingGatewayClass');
      expect(f.message).toContain('GatewayClass nginx does not exist');
      expect(chainOf(f)).toEqual(['Gateway/edge', 'GatewayClass/nginx (missing)']);
      // No generic dangling-reference finding on top.
      expect(findings.filter((x) => x.reason === 'MissingReference')).toEqual([]);
    }
  });

  it('reports a Gateway that is not programmed, with the controller and reason', () => {
    const findings = findingsOf(
      gatewayCluster(({ gateway }) => {
        gateway.status.conditions = [cond('Accepted', 'True', 'Accepted'), cond('Programmed', 'False', 'AddressNotAssigned', 'No addresses have been assigned to the Gateway')];
      }),
    );
    const f = only(findings, 'GatewayNotProgrammed');
    expect(f.message).toBe(`not programmed by ${CONTROLLER} (AddressNotAssigned: No addresses have been assigned to the Gateway): its data plane is not ready`);
  });

  it('names a missing TLS Secret of a listener once, with the listener condition as evidence', () => {
    for (const useGraph of [true, false]) {
      const findings = findingsOf(
        gatewayCluster(({ gateway, b }) => {
          b.objects['Secret'] = (b.objects['Secret'] ?? []).filter((s) => s.metadata.name !== 'edge-tls');
          gateway.status.listeners[1].conditions = [cond('ResolvedRefs', 'False', 'InvalidCertificateRef', 'Secret infra/edge-tls does not exist'), cond('Programmed', 'False', 'Invalid')];
        }),
        { useGraph },
      );
      const f = only(findings, 'MissingTlsSecret');
      expect(f.message).toContain('listener https (HTTPS 443) uses TLS Secret edge-tls, which does not exist');
      expect(chainOf(f)).toEqual(['Gateway/edge', 'Secret/edge-tls (missing)']);
      expect(f.evidence.join('\n')).toContain('InvalidCertificateRef');
      expect(findings.filter((x) => x.reason === 'GatewayListenerNotReady' || x.reason === 'MissingReference')).toEqual([]);
    }
  });

  it('reports failing listener conditions: a conflict is a warning, a refused port critical', () => {
    const findings = findingsOf(
      gatewayCluster(({ gateway }) => {
        gateway.status.listeners[0].conditions = [cond('Conflicted', 'True', 'HostnameConflict', 'hostname conflicts with listener other')];
        gateway.status.listeners[1].conditions = [cond('Accepted', 'False', 'PortUnavailable', 'port 443 is in use')];
      }),
    );
    const listeners = findings.filter((f) => f.reason === 'GatewayListenerNotReady');
    expect(listeners.map((f) => [f.severity, f.message])).toEqual([
      ['critical', 'listener https (HTTPS 443) is not serving: Accepted=False (PortUnavailable: port 443 is in use)'],
      ['warning', 'listener http (HTTP 80) is not serving: Conflicted=True (HostnameConflict: hostname conflicts with listener other)'],
    ]);
  });

  it('names a missing parent Gateway or listener of an HTTPRoute', () => {
    for (const useGraph of [true, false]) {
      const missing = findingsOf(
        gatewayCluster(({ route }) => {
          route.spec.parentRefs = [{ name: 'edge-gw', namespace: 'infra' }];
          route.status.parents = [];
        }),
        { useGraph },
      );
      const f = only(missing, 'MissingParentGateway');
      expect(f.message).toContain('parent Gateway infra/edge-gw does not exist');
      expect(chainOf(f)).toEqual(['HTTPRoute/store', 'Gateway/edge-gw (missing)']);
      expect(missing.filter((x) => x.reason === 'MissingReference')).toEqual([]);
    }
    const section = findingsOf(
      gatewayCluster(({ route }) => {
        route.spec.parentRefs = [{ name: 'edge', namespace: 'infra', sectionName: 'grpc' }];
      }),
    );
    expect(only(section, 'MissingGatewayListener').message).toBe('parent Gateway infra/edge has no listener grpc; its listeners: http (80), https (443)');
  });

  it('names a route its Gateway does not allow from its namespace, and accepts a matching selector', () => {
    const denied = findingsOf(
      gatewayCluster(({ gateway }) => {
        for (const l of gateway.spec.listeners) l.allowedRoutes = undefined;
      }),
    );
    expect(only(denied, 'RouteNotAllowed').message).toBe('parent Gateway infra/edge does not accept HTTPRoutes from namespace shop (http: from its own namespace; https: from its own namespace)');
    const selected = findingsOf(
      gatewayCluster(({ gateway, b }) => {
        b.objects['Namespace'] = (b.objects['Namespace'] ?? []).filter((n) => n.metadata.name !== 'shop');
        b.add('Namespace', { metadata: { name: 'shop', labels: { 'gateway-access': 'true' } }, status: { phase: 'Active' } });
        for (const l of gateway.spec.listeners) l.allowedRoutes = { namespaces: { from: 'Selector', selector: { matchLabels: { 'gateway-access': 'true' } } } };
      }),
    );
    expect(selected.filter((f) => f.reason === 'RouteNotAllowed')).toEqual([]);
  });

  it('follows backendRefs: a missing Service or port, or a backend whose pods are broken', () => {
    for (const useGraph of [true, false]) {
      const missing = findingsOf(
        gatewayCluster(({ route }) => {
          route.spec.rules = [{ backendRefs: [{ name: 'web-v2', port: 80 }] }];
          route.status.parents[0].conditions = [cond('Accepted', 'True', 'Accepted'), cond('ResolvedRefs', 'False', 'BackendNotFound', 'service shop/web-v2 not found')];
        }),
        { useGraph },
      );
      const f = only(missing, 'MissingBackendService');
      expect(f.message).toBe('backend Service web-v2 (rule 1) does not exist: requests to it fail (500)');
      expect(chainOf(f)).toEqual(['HTTPRoute/store', 'Service/web-v2 (missing)']);
      expect(f.evidence.join('\n')).toContain('BackendNotFound');
      expect(missing.filter((x) => x.reason === 'RouteRefsNotResolved' || x.reason === 'MissingReference')).toEqual([]);
    }
    const port = findingsOf(
      gatewayCluster(({ route }) => {
        route.spec.rules = [{ backendRefs: [{ name: 'web', port: 8080 }] }];
      }),
    );
    expect(only(port, 'MissingBackendPort').message).toBe('backend Service web has no port 8080 (rule 1); it has 80');
    const broken = findingsOf(
      gatewayCluster(({ b }) => {
        b.objects['Deployment'] = [];
        b.objects['ReplicaSet'] = [];
        b.objects['Pod'] = [];
        b.deployment('shop', 'web', {
          replicas: 2,
          state: 'crashloop',
          podSpec: { containers: [{ name: 'app', env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password' } } }] }] },
        });
      }),
    );
    const unavailable = only(broken, 'BackendUnavailable', 'store');
    expect(chainOf(unavailable).slice(0, 2)).toEqual(['HTTPRoute/store', 'Service/web']);
    expect(chainOf(unavailable).at(-1)).toBe('Secret/db-creds (missing)');
  });

  it('reports what a controller says when no reference check explains it', () => {
    const findings = findingsOf(
      gatewayCluster(({ route, b }) => {
        b.service('infra', 'api', undefined);
        route.spec.rules = [{ backendRefs: [{ name: 'api', namespace: 'infra', port: 80 }] }];
        route.status.parents[0].conditions = [
          cond('Accepted', 'False', 'NoMatchingListenerHostname', 'no listener hostname matches shop.example'),
          cond('ResolvedRefs', 'False', 'RefNotPermitted', 'backendRef infra/api needs a ReferenceGrant'),
        ];
      }),
    );
    expect(only(findings, 'RouteNotAccepted').message).toBe('not accepted by Gateway infra/edge (NoMatchingListenerHostname: no listener hostname matches shop.example): it serves no traffic there');
    expect(only(findings, 'RouteRefsNotResolved').message).toContain('RefNotPermitted: backendRef infra/api needs a ReferenceGrant');
  });

  it('never names objects of hidden namespaces', () => {
    const b = gatewayCluster(({ route, gateway }) => {
      route.spec.parentRefs = [{ name: 'secret-gw', namespace: 'infra' }];
      gateway.spec.gatewayClassName = 'hidden-class';
    });
    const policy = createNamespacePolicy({ allowed: [], forbidden: ['infra'] });
    const findings = findingsOf(b, { policy });
    expect(JSON.stringify(findings)).not.toContain('infra');
    expect(findings.filter((f) => f.object.kind === 'HTTPRoute')).toEqual([]);
  });
});

describe('stateFromReader and the Gateway API', () => {
  it('reads Gateway API kinds by their group, not a same-named kind of another group', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'k8s-mcp-gateway-'));
    try {
      const file = join(dir, 'objects.json');
      const items = [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'infra' } },
        // Istio's Gateway, listed first: must not be read as a Gateway API Gateway.
        { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'istio-gw', namespace: 'infra' }, spec: {} },
        { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'envoy' }, spec: { controllerName: CONTROLLER } },
        { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'edge', namespace: 'infra' }, spec: { gatewayClassName: 'envoy' } },
        { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'store', namespace: 'infra' }, spec: {} },
      ];
      await writeFile(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
      const reader = await loadSnapshot(file, { policy: createNamespacePolicy({ allowed: [], forbidden: [] }), maxResources: 100 });
      const state = await stateFromReader(reader);
      expect(state.incomplete).toEqual([]);
      expect(state.list('Gateway').map((g) => g.metadata.name)).toEqual(['edge']);
      expect(state.list('GatewayClass').map((g) => g.metadata.name)).toEqual(['envoy']);
      expect(state.list('HTTPRoute').map((g) => g.metadata.name)).toEqual(['store']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
