import { objectAt, stringAt } from '../json-fields.js';
import type { RelationRule } from './declarations.js';

/**
 * Event -> the object it is about (`about`): core/v1 `involvedObject`, or events.k8s.io/v1
 * `regarding`. Its namespace is the reference's own (cluster-scoped kinds get none).
 */
export const eventRule: RelationRule = (ctx, out) => {
  const ref = objectAt(ctx.object['involvedObject']) ?? objectAt(ctx.object['regarding']);
  if (!ref) return;
  out.ref('about', stringAt(ref['kind']), stringAt(ref['namespace']) ?? ctx.namespace, stringAt(ref['name']));
};
