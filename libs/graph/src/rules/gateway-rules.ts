import { type JsonObject, numberAt, objectAt, objectsAt, pathAt, stringAt } from '../json-fields.js';
import type { RelationRule } from './declarations.js';

/** The Gateway API group: the default group of parent references. */
const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** The kind a Gateway API object reference names: `defaultKind` of `defaultGroup` unless it says otherwise. */
function refKind(ref: JsonObject, defaultGroup: string, defaultKind: string): { group: string; kind: string } {
  const group = stringAt(ref['group']) ?? defaultGroup;
  return { group: group === 'core' ? '' : group, kind: stringAt(ref['kind']) ?? defaultKind };
}

/**
 * Gateway -> GatewayClass (`gateway-class`, spec.gatewayClassName); -> the Secret of each
 * listener's TLS certificateRefs (`uses-secret`, `via: tls`, in the ref's namespace or the
 * Gateway's). References to other kinds of certificate objects are left out.
 */
export const gatewayRule: RelationRule = (ctx, out) => {
  const spec = objectAt(ctx.object['spec']);
  if (!spec) return;
  out.ref('gateway-class', 'GatewayClass', undefined, stringAt(spec['gatewayClassName']));
  for (const listener of objectsAt(spec['listeners'])) {
    for (const cert of objectsAt(pathAt(listener, 'tls', 'certificateRefs'))) {
      const { group, kind } = refKind(cert, '', 'Secret');
      if (group !== '' || kind !== 'Secret') continue;
      out.ref('uses-secret', 'Secret', stringAt(cert['namespace']) ?? ctx.namespace, stringAt(cert['name']), { via: 'tls', optional: false });
    }
  }
};

/**
 * HTTPRoute -> each parent Gateway (`attaches-to`, spec.parentRefs, in the ref's namespace or the
 * route's; `via` the listener's sectionName when given); -> each rule's backend Service
 * (`routes-to`, `via: rule`, `detail.port`). Parents and backends of other kinds point at their
 * kind.
 */
export const httpRouteRule: RelationRule = (ctx, out) => {
  const spec = objectAt(ctx.object['spec']);
  if (!spec) return;
  for (const parent of objectsAt(spec['parentRefs'])) {
    const { kind } = refKind(parent, GATEWAY_API_GROUP, 'Gateway');
    const section = stringAt(parent['sectionName']);
    out.ref('attaches-to', kind, stringAt(parent['namespace']) ?? ctx.namespace, stringAt(parent['name']), section === undefined ? {} : { via: section });
  }
  for (const rule of objectsAt(spec['rules'])) {
    for (const backend of objectsAt(rule['backendRefs'])) {
      const { kind } = refKind(backend, '', 'Service');
      const port = numberAt(backend['port']);
      out.ref('routes-to', kind, stringAt(backend['namespace']) ?? ctx.namespace, stringAt(backend['name']), port === undefined ? { via: 'rule' } : { via: 'rule', port: String(port) });
    }
  }
};
