import { type JsonObject, objectAt, objectsAt, pathAt, stringAt } from '../json-fields.js';
import type { DeclarationBuilder, RelationRule, RuleContext } from './declarations.js';

function portOf(port: unknown): string | undefined {
  const o = objectAt(port);
  if (o) return portOf(o['number']) ?? stringAt(o['name']);
  if (typeof port === 'number') return String(port);
  return stringAt(port);
}

function backend(ctx: RuleContext, out: DeclarationBuilder, value: JsonObject | undefined, via: string): void {
  if (!value) return;
  const service = objectAt(value['service']);
  if (service) {
    const port = portOf(service['port']);
    out.ref('routes-to', 'Service', ctx.namespace, stringAt(service['name']), port === undefined ? { via } : { via, port });
  }
  // extensions/v1beta1 style, still found in stored manifests.
  const legacy = stringAt(value['serviceName']);
  if (legacy) {
    const port = portOf(value['servicePort']);
    out.ref('routes-to', 'Service', ctx.namespace, legacy, port === undefined ? { via } : { via, port });
  }
  const resource = objectAt(value['resource']);
  if (resource) out.ref('routes-to', stringAt(resource['kind']), ctx.namespace, stringAt(resource['name']), { via });
}

/**
 * Ingress -> IngressClass (spec.ingressClassName), -> Service for the default backend and every
 * rule path (`routes-to`, `detail.port`, `via: defaultBackend | rule`; resource backends point at
 * their kind), -> Secret for each TLS entry (`uses-secret`, `via: tls`).
 */
export const ingressRule: RelationRule = (ctx, out) => {
  const spec = objectAt(ctx.object['spec']);
  if (!spec) return;
  out.ref('ingress-class', 'IngressClass', undefined, stringAt(spec['ingressClassName']));
  backend(ctx, out, objectAt(spec['defaultBackend']) ?? objectAt(spec['backend']), 'defaultBackend');
  for (const rule of objectsAt(spec['rules'])) {
    for (const path of objectsAt(pathAt(rule, 'http', 'paths'))) backend(ctx, out, objectAt(path['backend']), 'rule');
  }
  for (const tls of objectsAt(spec['tls'])) {
    out.ref('uses-secret', 'Secret', ctx.namespace, stringAt(tls['secretName']), { via: 'tls', optional: false });
  }
};
