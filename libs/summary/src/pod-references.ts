import type { Container, KeyToPath, Pod, PodSpec } from './kube-types.js';

/** One object a pod names. */
export interface PodReference {
  readonly kind: 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'ServiceAccount';
  readonly name: string;
  /** A key the pod reads from it (env valueFrom, volume or projected `items[].key`), if any. */
  readonly key?: string;
  readonly optional: boolean;
  /** Where: `volume config`, `env DB_PASSWORD of container app`, `imagePullSecrets`, ... */
  readonly via: string;
  /** An image pull secret: the kubelet pulls without it, so only a private image fails. */
  readonly imagePull?: boolean;
}

function withItems(
  refs: PodReference[],
  kind: 'ConfigMap' | 'Secret',
  name: string,
  optional: boolean,
  via: string,
  items: readonly KeyToPath[] | undefined,
): void {
  refs.push({ kind, name, optional, via });
  for (const item of items ?? []) {
    if (item.key) refs.push({ kind, name, key: item.key, optional, via: `${via} item ${item.key}` });
  }
}

// Pod specs are read for every controller of every summary: their references are kept per spec
// object (objects are never modified in place; an update is a new object).
const referencesOf = new WeakMap<PodSpec, readonly PodReference[]>();

/**
 * Every ConfigMap, Secret, PVC and ServiceAccount a pod spec names: volumes (projected sources
 * too, with the keys their `items` project), env and envFrom of init and regular containers,
 * imagePullSecrets (`imagePull`), and the service account (`default` when unset). Memoized per
 * spec object.
 */
export function specReferences(spec: PodSpec): readonly PodReference[] {
  let refs = referencesOf.get(spec);
  if (!refs) referencesOf.set(spec, (refs = readReferences(spec)));
  return refs;
}

function readReferences(spec: PodSpec): PodReference[] {
  const refs: PodReference[] = [];
  for (const volume of spec.volumes ?? []) {
    const via = `volume ${volume.name}`;
    const cm = volume.configMap;
    if (cm?.name) withItems(refs, 'ConfigMap', cm.name, cm.optional === true, via, cm.items);
    const secret = volume.secret;
    if (secret?.secretName) withItems(refs, 'Secret', secret.secretName, secret.optional === true, via, secret.items);
    if (volume.persistentVolumeClaim?.claimName) refs.push({ kind: 'PersistentVolumeClaim', name: volume.persistentVolumeClaim.claimName, optional: false, via });
    for (const source of volume.projected?.sources ?? []) {
      if (source.configMap?.name) withItems(refs, 'ConfigMap', source.configMap.name, source.configMap.optional === true, `projected ${via}`, source.configMap.items);
      if (source.secret?.name) withItems(refs, 'Secret', source.secret.name, source.secret.optional === true, `projected ${via}`, source.secret.items);
    }
  }
  for (const c of spec.initContainers ?? []) containerReferences(refs, c, `init container ${c.name}`);
  for (const c of spec.containers ?? []) containerReferences(refs, c, `container ${c.name}`);
  for (const pull of spec.imagePullSecrets ?? []) {
    // Optional: the kubelet pulls without a missing pull secret; only a private image then fails.
    if (pull.name) refs.push({ kind: 'Secret', name: pull.name, optional: true, via: 'imagePullSecrets', imagePull: true });
  }
  refs.push({ kind: 'ServiceAccount', name: spec.serviceAccountName || 'default', optional: false, via: 'serviceAccountName' });
  return refs;
}

/** The env and envFrom references of one container (`where`: `container app`). */
function containerReferences(refs: PodReference[], c: Container, where: string): void {
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

/** {@link specReferences} of a pod's spec. */
export function podReferences(pod: Pod): readonly PodReference[] {
  return specReferences(pod.spec ?? {});
}
