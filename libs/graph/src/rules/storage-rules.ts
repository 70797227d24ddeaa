import { objectAt, objectsAt, pathAt, stringAt } from '../json-fields.js';
import type { RelationRule } from './declarations.js';

const LEGACY_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/**
 * PersistentVolumeClaim -> PersistentVolume (spec.volumeName, once bound or pre-bound by the
 * claim's author: `bound-to`) and ->
 * StorageClass (spec.storageClassName, or the legacy beta annotation; `""` means no class).
 */
export const persistentVolumeClaimRule: RelationRule = (ctx, out) => {
  const spec = objectAt(ctx.object['spec']);
  out.ref('bound-to', 'PersistentVolume', undefined, stringAt(spec?.['volumeName']));
  const storageClass = stringAt(spec?.['storageClassName']) ?? stringAt(ctx.object.metadata.annotations?.[LEGACY_CLASS_ANNOTATION]);
  out.ref('storage-class', 'StorageClass', undefined, storageClass);
};

/** PersistentVolume -> StorageClass (spec.storageClassName). */
export const persistentVolumeRule: RelationRule = (ctx, out) => {
  const storageClass =
    stringAt(pathAt(ctx.object, 'spec', 'storageClassName')) ?? stringAt(ctx.object.metadata.annotations?.[LEGACY_CLASS_ANNOTATION]);
  out.ref('storage-class', 'StorageClass', undefined, storageClass);
};

/**
 * StatefulSet -> governing Service (spec.serviceName: `governing-service`) and -> the
 * StorageClass of each volumeClaimTemplate (`storage-class`, `via: volumeClaimTemplate`).
 */
export const statefulSetRule: RelationRule = (ctx, out) => {
  const spec = objectAt(ctx.object['spec']);
  out.ref('governing-service', 'Service', ctx.namespace, stringAt(spec?.['serviceName']));
  for (const template of objectsAt(spec?.['volumeClaimTemplates'])) {
    out.ref('storage-class', 'StorageClass', undefined, stringAt(pathAt(template, 'spec', 'storageClassName')), {
      via: 'volumeClaimTemplate',
    });
  }
};
