import { apiServiceRule, webhookConfigurationRule } from './admission-rules.js';
import { configMapCallsRule, inferredCallsRule } from './calls-rules.js';
import { DeclarationBuilder, type Declarations, type RelationRule, type RuleContext } from './declarations.js';
import { eventRule } from './event-rules.js';
import { gatewayRule, httpRouteRule } from './gateway-rules.js';
import { ingressRule } from './ingress-rules.js';
import { networkPolicyRule } from './network-policy-rules.js';
import { ownerRule } from './owner-rules.js';
import { podRule } from './pod-rules.js';
import { horizontalPodAutoscalerRule, podDisruptionBudgetRule } from './policy-rules.js';
import { roleBindingRule } from './rbac-rules.js';
import { endpointSliceRule, serviceRule } from './service-rules.js';
import { persistentVolumeClaimRule, persistentVolumeRule, statefulSetRule } from './storage-rules.js';
import { podTemplateRule } from './workload-rules.js';

const RULES_BY_KIND: ReadonlyMap<string, readonly RelationRule[]> = new Map<string, RelationRule[]>([
  ['Pod', [podRule, inferredCallsRule]],
  ['Service', [serviceRule]],
  ['EndpointSlice', [endpointSliceRule]],
  ['Ingress', [ingressRule]],
  ['PersistentVolumeClaim', [persistentVolumeClaimRule]],
  ['PersistentVolume', [persistentVolumeRule]],
  ['StatefulSet', [statefulSetRule, podTemplateRule, inferredCallsRule]],
  ['Deployment', [podTemplateRule, inferredCallsRule]],
  ['ReplicaSet', [podTemplateRule]],
  ['DaemonSet', [podTemplateRule, inferredCallsRule]],
  ['Job', [podTemplateRule, inferredCallsRule]],
  ['CronJob', [podTemplateRule, inferredCallsRule]],
  // Inferred calls leave ReplicaSets out: their Deployment has the same template, and old
  // ReplicaSets kept for rollback would keep calls the current template no longer makes.
  ['ConfigMap', [configMapCallsRule]],
  ['HorizontalPodAutoscaler', [horizontalPodAutoscalerRule]],
  ['PodDisruptionBudget', [podDisruptionBudgetRule]],
  ['NetworkPolicy', [networkPolicyRule]],
  ['RoleBinding', [roleBindingRule]],
  ['ClusterRoleBinding', [roleBindingRule]],
  ['ValidatingWebhookConfiguration', [webhookConfigurationRule]],
  ['MutatingWebhookConfiguration', [webhookConfigurationRule]],
  ['APIService', [apiServiceRule]],
  ['Event', [eventRule]],
  ['Gateway', [gatewayRule]],
  ['HTTPRoute', [httpRouteRule]],
]);

/** Runs the owner rule and the rules of `ctx.kind` on one object: its out-edges. */
export function declareRelations(ctx: RuleContext, isClusterScoped: (kind: string) => boolean): Declarations {
  const out = new DeclarationBuilder(ctx, isClusterScoped);
  ownerRule(ctx, out);
  for (const rule of RULES_BY_KIND.get(ctx.kind) ?? []) rule(ctx, out);
  return out.build();
}
