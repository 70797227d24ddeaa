import { objectAt, pathAt } from '../json-fields.js';
import type { RelationRule } from './declarations.js';
import { podSpecRefs } from './pod-rules.js';

/**
 * Workload -> what its pod template names, as a Pod would (ConfigMaps, Secrets, PVCs,
 * ServiceAccount, PriorityClass, RuntimeClass), with `detail.via` prefixed `template.` (or
 * `via: template`). A workload scaled to 0, or whose pods cannot be created, still depends on
 * them. Deployment, ReplicaSet, StatefulSet, DaemonSet and Job read `spec.template`, CronJob
 * `spec.jobTemplate.spec.template`.
 */
export const podTemplateRule: RelationRule = (ctx, out) => {
  const template = ctx.kind === 'CronJob' ? pathAt(ctx.object, 'spec', 'jobTemplate', 'spec', 'template') : pathAt(ctx.object, 'spec', 'template');
  const spec = objectAt(pathAt(template, 'spec'));
  if (spec) podSpecRefs(ctx, out, spec, true);
};
