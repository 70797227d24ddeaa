import { objectsAt, stringAt } from '../json-fields.js';
import type { RelationRule } from './declarations.js';

/**
 * Any object -> each owner in metadata.ownerReferences (`owned-by`, `detail.controller`). The owner
 * is in the object's namespace unless its kind is cluster-scoped. Covers ReplicaSet -> Deployment,
 * Pod -> ReplicaSet/StatefulSet/DaemonSet/Job/Node, Job -> CronJob, EndpointSlice -> Service, ...
 */
export const ownerRule: RelationRule = (ctx, out) => {
  for (const owner of objectsAt(ctx.object.metadata.ownerReferences)) {
    out.ref('owned-by', stringAt(owner['kind']), ctx.namespace, stringAt(owner['name']), {
      controller: owner['controller'] === true,
    });
  }
};
