import type { Pod } from './kube-types.js';

/** One object a pod names. */
export interface PodReference {
  readonly kind: 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'ServiceAccount';
  readonly name: string;
  /** A key the pod reads from it (env valueFrom), if any. */
  readonly key?: string;
  readonly optional: boolean;
  /** Where: `volume config`, `env DB_PASSWORD of container app`, `imagePullSecrets`, ... */
  readonly via: string;
}

/**
 * Every ConfigMap, Secret, PVC and ServiceAccount a pod names: volumes (projected too), env
 * and envFrom of init and regular containers, imagePullSecrets, and the service account
 * (`default` when unset).
 */
export function podReferences(pod: Pod): PodReference[] {
  const refs: PodReference[] = [];
  const spec = pod.spec ?? {};
  for (const volume of spec.volumes ?? []) {
    const via = `volume ${volume.name}`;
    if (volume.configMap?.name) refs.push({ kind: 'ConfigMap', name: volume.configMap.name, optional: volume.configMap.optional === true, via });
    if (volume.secret?.secretName) refs.push({ kind: 'Secret', name: volume.secret.secretName, optional: volume.secret.optional === true, via });
    if (volume.persistentVolumeClaim?.claimName) refs.push({ kind: 'PersistentVolumeClaim', name: volume.persistentVolumeClaim.claimName, optional: false, via });
    for (const source of volume.projected?.sources ?? []) {
      if (source.configMap?.name) refs.push({ kind: 'ConfigMap', name: source.configMap.name, optional: source.configMap.optional === true, via });
      if (source.secret?.name) refs.push({ kind: 'Secret', name: source.secret.name, optional: source.secret.optional === true, via });
    }
  }
  const containers = [...(spec.initContainers ?? []).map((c) => ({ c, init: true })), ...(spec.containers ?? []).map((c) => ({ c, init: false }))];
  for (const { c, init } of containers) {
    const where = `${init ? 'init container' : 'container'} ${c.name}`;
    for (const env of c.env ?? []) {
      const cm = env.valueFrom?.configMapKeyRef;
      const secret = env.valueFrom?.secretKeyRef;
      if (cm?.name) refs.push({ kind: 'ConfigMap', name: cm.name, key: cm.key, optional: cm.optional === true, via: `env ${env.name} of ${where}` });
      if (secret?.name) refs.push({ kind: 'Secret', name: secret.name, key: secret.key, optional: secret.optional === true, via: `env ${env.name} of ${where}` });
    }
    for (const from of c.envFrom ?? []) {
      if (from.configMapRef?.name) refs.push({ kind: 'ConfigMap', name: from.configMapRef.name, optional: from.configMapRef.optional === true, via: `envFrom of ${where}` });
      if (from.secretRef?.name) refs.push({ kind: 'Secret', name: from.secretRef.name, optional: from.secretRef.optional === true, via: `envFrom of ${where}` });
    }
  }
  for (const pull of spec.imagePullSecrets ?? []) {
    // A missing pull secret only matters for a private registry, where ImagePullBackOff shows it.
    if (pull.name) refs.push({ kind: 'Secret', name: pull.name, optional: true, via: 'imagePullSecrets' });
  }
  refs.push({ kind: 'ServiceAccount', name: spec.serviceAccountName || 'default', optional: false, via: 'serviceAccountName' });
  return refs;
}
