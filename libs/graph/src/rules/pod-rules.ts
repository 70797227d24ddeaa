import type { EdgeDetail } from '../graph-types.js';
import { type JsonObject, objectAt, objectsAt, pathAt, stringAt } from '../json-fields.js';
import type { DeclarationBuilder, RelationRule, RuleContext } from './declarations.js';

// Volume sources that name a Secret through `secretRef.name` (CSI: nodePublishSecretRef).
const SECRET_REF_VOLUMES = ['cephfs', 'cinder', 'flexVolume', 'iscsi', 'rbd', 'scaleIO', 'storageos'];

const optionalOf = (o: JsonObject): boolean => o['optional'] === true;

/** Where a pod spec sits: a Pod's own spec, or a workload's pod template (`via` gets a `template.` prefix). */
interface SpecSite {
  readonly ctx: RuleContext;
  readonly out: DeclarationBuilder;
  readonly template: boolean;
}

function via(site: SpecSite, where: string): string {
  return site.template ? `template.${where}` : where;
}

function volumeRefs(site: SpecSite, spec: JsonObject): void {
  const { ctx, out } = site;
  const ns = ctx.namespace;
  for (const volume of objectsAt(spec['volumes'])) {
    const configMap = objectAt(volume['configMap']);
    if (configMap) {
      out.ref('uses-configmap', 'ConfigMap', ns, stringAt(configMap['name']), { via: via(site, 'volume'), optional: optionalOf(configMap) });
    }
    const secret = objectAt(volume['secret']);
    if (secret) {
      out.ref('uses-secret', 'Secret', ns, stringAt(secret['secretName']), { via: via(site, 'volume'), optional: optionalOf(secret) });
    }
    for (const source of objectsAt(pathAt(volume, 'projected', 'sources'))) {
      const cm = objectAt(source['configMap']);
      if (cm) out.ref('uses-configmap', 'ConfigMap', ns, stringAt(cm['name']), { via: via(site, 'projected'), optional: optionalOf(cm) });
      const s = objectAt(source['secret']);
      if (s) out.ref('uses-secret', 'Secret', ns, stringAt(s['name']), { via: via(site, 'projected'), optional: optionalOf(s) });
    }
    for (const type of SECRET_REF_VOLUMES) {
      const name = stringAt(pathAt(volume, type, 'secretRef', 'name'));
      if (name) out.ref('uses-secret', 'Secret', ns, name, { via: via(site, 'volume'), optional: false });
    }
    const csiSecret = stringAt(pathAt(volume, 'csi', 'nodePublishSecretRef', 'name'));
    if (csiSecret) out.ref('uses-secret', 'Secret', ns, csiSecret, { via: via(site, 'volume'), optional: false });
    const azureSecret = stringAt(pathAt(volume, 'azureFile', 'secretName'));
    if (azureSecret) out.ref('uses-secret', 'Secret', ns, azureSecret, { via: via(site, 'volume'), optional: false });

    const claim = stringAt(pathAt(volume, 'persistentVolumeClaim', 'claimName'));
    if (claim) out.ref('claims', 'PersistentVolumeClaim', ns, claim, { via: via(site, 'volume') });
    // A generic ephemeral volume's PVC is named <pod>-<volume> by the ephemeral volume controller;
    // a template's pods have no name yet, so only a Pod links it.
    const volumeName = stringAt(volume['name']);
    if (!site.template && objectAt(pathAt(volume, 'ephemeral', 'volumeClaimTemplate')) && volumeName) {
      out.ref('claims', 'PersistentVolumeClaim', ns, `${ctx.name}-${volumeName}`, { via: 'ephemeralVolume' });
    }
  }
}

function containerRefs(site: SpecSite, containers: unknown, prefix: string): void {
  const { out } = site;
  const ns = site.ctx.namespace;
  for (const container of objectsAt(containers)) {
    for (const env of objectsAt(container['env'])) {
      const from = objectAt(env['valueFrom']);
      if (!from) continue;
      const cm = objectAt(from['configMapKeyRef']);
      if (cm) out.ref('uses-configmap', 'ConfigMap', ns, stringAt(cm['name']), { via: via(site, `${prefix}env`), optional: optionalOf(cm) });
      const s = objectAt(from['secretKeyRef']);
      if (s) out.ref('uses-secret', 'Secret', ns, stringAt(s['name']), { via: via(site, `${prefix}env`), optional: optionalOf(s) });
    }
    for (const envFrom of objectsAt(container['envFrom'])) {
      const cm = objectAt(envFrom['configMapRef']);
      if (cm) out.ref('uses-configmap', 'ConfigMap', ns, stringAt(cm['name']), { via: via(site, `${prefix}envFrom`), optional: optionalOf(cm) });
      const s = objectAt(envFrom['secretRef']);
      if (s) out.ref('uses-secret', 'Secret', ns, stringAt(s['name']), { via: via(site, `${prefix}envFrom`), optional: optionalOf(s) });
    }
  }
}

/**
 * Declares the references of a pod spec (see {@link podRule}). With `template` (a workload's pod
 * template) every `via` gets a `template.` prefix, edges without one get `via: template`, and
 * generic ephemeral volumes and the node are left out (they name the pod or only exist once it runs).
 */
export function podSpecRefs(ctx: RuleContext, out: DeclarationBuilder, spec: JsonObject, template: boolean): void {
  const site: SpecSite = { ctx, out, template };
  const ns = ctx.namespace;
  volumeRefs(site, spec);
  containerRefs(site, spec['containers'], '');
  containerRefs(site, spec['initContainers'], 'initContainer.');
  containerRefs(site, spec['ephemeralContainers'], 'ephemeralContainer.');
  for (const secret of objectsAt(spec['imagePullSecrets'])) {
    out.ref('uses-secret', 'Secret', ns, stringAt(secret['name']), { via: via(site, 'imagePullSecret'), optional: true } satisfies EdgeDetail);
  }
  const plain: EdgeDetail = template ? { via: 'template' } : {};
  const serviceAccount = stringAt(spec['serviceAccountName']) ?? stringAt(spec['serviceAccount']) ?? 'default';
  out.ref('service-account', 'ServiceAccount', ns, serviceAccount, plain);
  if (!template) out.ref('scheduled-on', 'Node', undefined, stringAt(spec['nodeName']));
  out.ref('priority-class', 'PriorityClass', undefined, stringAt(spec['priorityClassName']), plain);
  out.ref('runtime-class', 'RuntimeClass', undefined, stringAt(spec['runtimeClassName']), plain);
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
  if (spec) podSpecRefs(ctx, out, spec, false);
};
