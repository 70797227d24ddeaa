import { objectAt, pathAt, stringAt } from '../json-fields.js';
import { parseLabelSelector } from '../label-selector.js';
import type { RelationRule } from './declarations.js';

/** HorizontalPodAutoscaler -> spec.scaleTargetRef, whatever its kind (`scales`). */
export const horizontalPodAutoscalerRule: RelationRule = (ctx, out) => {
  const target = objectAt(pathAt(ctx.object, 'spec', 'scaleTargetRef'));
  if (target) out.ref('scales', stringAt(target['kind']), ctx.namespace, stringAt(target['name']));
};

/**
 * PodDisruptionBudget -> Pods matching spec.selector in its namespace (`protects`). A nil
 * selector selects nothing; `{}` selects every Pod of the namespace (policy/v1 semantics).
 */
export const podDisruptionBudgetRule: RelationRule = (ctx, out) => {
  const selector = parseLabelSelector(pathAt(ctx.object, 'spec', 'selector'));
  if (selector) out.select({ type: 'protects', targetKind: 'Pod', namespace: ctx.namespace, selector, detail: {} });
};
