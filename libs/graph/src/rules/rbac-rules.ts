import { objectAt, objectsAt, stringAt } from '../json-fields.js';
import type { RelationRule } from './declarations.js';

/**
 * RoleBinding / ClusterRoleBinding -> roleRef (`binds-role`: a Role in the binding's namespace or
 * a ClusterRole) and -> each ServiceAccount subject (`binds-subject`; the subject's namespace,
 * defaulting to a RoleBinding's own). User and Group subjects are not objects.
 */
export const roleBindingRule: RelationRule = (ctx, out) => {
  const roleRef = objectAt(ctx.object['roleRef']);
  if (roleRef) out.ref('binds-role', stringAt(roleRef['kind']), ctx.namespace, stringAt(roleRef['name']));
  for (const subject of objectsAt(ctx.object['subjects'])) {
    if (stringAt(subject['kind']) !== 'ServiceAccount') continue;
    out.ref('binds-subject', 'ServiceAccount', stringAt(subject['namespace']) ?? ctx.namespace, stringAt(subject['name']));
  }
};
