import { objectAt, objectsAt, pathAt, stringAt, stringMapAt } from '../json-fields.js';
import { selectorFromMap } from '../label-selector.js';
import type { RelationRule } from './declarations.js';

/** Label the EndpointSlice controller puts on every slice it manages for a Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/**
 * Service -> Pods matching spec.selector (`selects`; none when the selector is absent or `{}`,
 * or for an ExternalName Service), and Service -> EndpointSlices labelled
 * `kubernetes.io/service-name=<service>` (`has-endpoints`; selector-less Services included, whose
 * slices are managed by hand).
 */
export const serviceRule: RelationRule = (ctx, out) => {
  const spec = objectAt(ctx.object['spec']);
  const selector = stringMapAt(spec?.['selector']) ?? {};
  if (stringAt(spec?.['type']) !== 'ExternalName' && Object.keys(selector).length > 0) {
    out.select({ type: 'selects', targetKind: 'Pod', namespace: ctx.namespace, selector: selectorFromMap(selector), detail: {} });
  }
  out.select({
    type: 'has-endpoints',
    targetKind: 'EndpointSlice',
    namespace: ctx.namespace,
    selector: selectorFromMap({ [SERVICE_NAME_LABEL]: ctx.name }),
    detail: {},
  });
};

/** EndpointSlice -> each endpoint's targetRef, usually a Pod (`targets`, `detail.ready`). */
export const endpointSliceRule: RelationRule = (ctx, out) => {
  for (const endpoint of objectsAt(ctx.object['endpoints'])) {
    const ref = objectAt(endpoint['targetRef']);
    if (!ref) continue;
    // conditions.ready: nil means ready (EndpointSlice API semantics).
    const ready = pathAt(endpoint, 'conditions', 'ready') !== false;
    out.ref('targets', stringAt(ref['kind']), stringAt(ref['namespace']) ?? ctx.namespace, stringAt(ref['name']), { ready });
  }
};
