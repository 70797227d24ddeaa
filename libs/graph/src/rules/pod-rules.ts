import type { EdgeDetail } from '../graph-types.js';
import { type JsonObject, objectAt, objectsAt, pathAt, stringAt } from '../json-fields.js';
import type { DeclarationBuilder, RelationRule, RuleContext } from './declarations.js';

// Volume sources that name a Secret through `secretRef.name` (CSI: nodePublishSecretRef).
const SECRET_REF_VOLUMES = ['cephfs', 'cinder', 'flexVolume', 'iscsi', 'rbd', 'scaleIO', 'storageos'];

const optionalOf = (o: JsonObject): boolean => o['optional'] === true;

function volumeRefs(ctx: RuleContext, out: DeclarationBuilder, spec: JsonObject): void {
  const ns = ctx.namespace;
  for (const volume of objectsAt(spec['volumes'])) {
    const configMap = objectAt(volume['configMap']);
    if (configMap) {
      out.ref('uses-configmap', 'ConfigMap', ns, stringAt(configMap['name']), { via: 'volume', optional: optionalOf(configMap) });
    }
    const secret = objectAt(volume['secret']);
    if (secret) {
      out.ref('uses-secret', 'Secret', ns, stringAt(secret['secretName']), { via: 'volume', optional: optionalOf(secret) });
    }
    for (const source of objectsAt(pathAt(volume, 'projected', 'sources'))) {
      const cm = objectAt(source['configMap']);
      if (cm) out.ref('uses-configmap', 'ConfigMap', ns, stringAt(cm['name']), { via: 'projected', optional: optionalOf(cm) });
      const s = objectAt(source['secret']);
      if (s) out.ref('uses-secret', 'Secret', ns, stringAt(s['name']), { via: 'projected', optional: optionalOf(s) });
    }
    for (const type of SECRET_REF_VOLUMES) {
      const name = stringAt(pathAt(volume, type, 'secretRef', 'name'));
      if (name) out.ref('uses-secret', 'Secret', ns, name, { via: 'volume', optional: false });
    }
    const csiSecret = stringAt(pathAt(volume, 'csi', 'nodePublishSecretRef', 'name'));
    if (csiSecret) out.ref('uses-secret', 'Secret', ns, csiSecret, { via: 'volume', optional: false });
    const azureSecret = stringAt(pathAt(volume, 'azureFile', 'secretName'));
    if (azureSecret) out.ref('uses-secret', 'Secret', ns, azureSecret, { via: 'volume', optional: false });

    const claim = stringAt(pathAt(volume, 'persistentVolumeClaim', 'claimName'));
    if (claim) out.ref('claims', 'PersistentVolumeClaim', ns, claim, { via: 'volume' });
    // A generic ephemeral volume's PVC is named <pod>-<volume> by the ephemeral volume controller.
    const volumeName = stringAt(volume['name']);
    if (objectAt(pathAt(volume, 'ephemeral', 'volumeClaimTemplate')) && volumeName) {
      out.ref('claims', 'PersistentVolumeClaim', ns, `${ctx.name}-${volumeName}`, { via: 'ephemeralVolume' });
    }
  }
}

function containerRefs(out: DeclarationBuilder, ns: string | undefined, containers: unknown, prefix: string): void {
  for (const container of objectsAt(containers)) {
    for (const env of objectsAt(container['env'])) {
      const from = objectAt(env['valueFrom']);
      if (!from) continue;
      const cm = objectAt(from['configMapKeyRef']);
      if (cm) out.ref('uses-configmap', 'ConfigMap', ns, stringAt(cm['name']), { via: `${prefix}env`, optional: optionalOf(cm) });
      const s = objectAt(from['secretKeyRef']);
      if (s) out.ref('uses-secret', 'Secret', ns, stringAt(s['name']), { via: `${prefix}env`, optional: optionalOf(s) });
    }
    for (const envFrom of objectsAt(container['envFrom'])) {
      const cm = objectAt(envFrom['configMapRef']);
      if (cm) out.ref('uses-configmap', 'ConfigMap', ns, stringAt(cm['name']), { via: `${prefix}envFrom`, optional: optionalOf(cm) });
      const s = objectAt(envFrom['secretRef']);
      if (s) out.ref('uses-secret', 'Secret', ns, stringAt(s['name']), { via: `${prefix}envFrom`, optional: optionalOf(s) });
    }
  }
}

/**
 * Pod -> ConfigMap / Secret (volumes, projected volumes, CSI and other secretRef volumes, env
 * valueFrom and envFrom of containers, init containers and ephemeral containers, image pull
 * secrets; `detail.via` says where, `detail.optional` keeps the `optional` flag; image pull
 * secrets are optional because the kubelet pulls without a missing one), Pod -> PVC (volumes,
 * generic ephemeral volumes), Pod -> ServiceAccount (`default` when unset), Node (once
 * scheduled), PriorityClass, RuntimeClass.
 */
export const podRule: RelationRule = (ctx, out) => {
  const spec = objectAt(ctx.object['spec']);
  if (!spec) return;
  const ns = ctx.namespace;
  volumeRefs(ctx, out, spec);
  containerRefs(out, ns, spec['containers'], '');
  containerRefs(out, ns, spec['initContainers'], 'initContainer.');
  containerRefs(out, ns, spec['ephemeralContainers'], 'ephemeralContainer.');
  for (const secret of objectsAt(spec['imagePullSecrets'])) {
    out.ref('uses-secret', 'Secret', ns, stringAt(secret['name']), { via: 'imagePullSecret', optional: true } satisfies EdgeDetail);
  }
  const serviceAccount = stringAt(spec['serviceAccountName']) ?? stringAt(spec['serviceAccount']) ?? 'default';
  out.ref('service-account', 'ServiceAccount', ns, serviceAccount);
  out.ref('scheduled-on', 'Node', undefined, stringAt(spec['nodeName']));
  out.ref('priority-class', 'PriorityClass', undefined, stringAt(spec['priorityClassName']));
  out.ref('runtime-class', 'RuntimeClass', undefined, stringAt(spec['runtimeClassName']));
};
