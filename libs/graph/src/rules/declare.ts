import { apiServiceRule, webhookConfigurationRule } from './admission-rules.js';
import { DeclarationBuilder, type Declarations, type RelationRule, type RuleContext } from './declarations.js';
import { eventRule } from './event-rules.js';
import { ingressRule } from './ingress-rules.js';
import { networkPolicyRule } from './network-policy-rules.js';
import { ownerRule } from './owner-rules.js';
import { podRule } from './pod-rules.js';
import { horizontalPodAutoscalerRule, podDisruptionBudgetRule } from './policy-rules.js';
import { roleBindingRule } from './rbac-rules.js';
import { endpointSliceRule, serviceRule } from './service-rules.js';
import { persistentVolumeClaimRule, persistentVolumeRule, statefulSetRule } from './storage-rules.js';

const RULES_BY_KIND: ReadonlyMap<string, readonly RelationRule[]> = new Map<string, RelationRule[]>([
  ['Pod', [podRule]],
  ['Service', [serviceRule]],
  ['EndpointSlice', [endpointSliceRule]],
  ['Ingress', [ingressRule]],
  ['PersistentVolumeClaim', [persistentVolumeClaimRule]],
  ['PersistentVolume', [persistentVolumeRule]],
  ['StatefulSet', [statefulSetRule]],
  ['HorizontalPodAutoscaler', [horizontalPodAutoscalerRule]],
  ['PodDisruptionBudget', [podDisruptionBudgetRule]],
  ['NetworkPolicy', [networkPolicyRule]],
  ['RoleBinding', [roleBindingRule]],
  ['ClusterRoleBinding', [roleBindingRule]],
  ['ValidatingWebhookConfiguration', [webhookConfigurationRule]],
  ['MutatingWebhookConfiguration', [webhookConfigurationRule]],
  ['APIService', [apiServiceRule]],
  ['Event', [eventRule]],
]);

/** Runs the owner rule and the rules of `ctx.kind` on one object: its out-edges. */
export function declareRelations(ctx: RuleContext, isClusterScoped: (kind: string) => boolean): Declarations {
  const out = new DeclarationBuilder(ctx, isClusterScoped);
  ownerRule(ctx, out);
  for (const rule of RULES_BY_KIND.get(ctx.kind) ?? []) rule(ctx, out);
  return out.build();
}
