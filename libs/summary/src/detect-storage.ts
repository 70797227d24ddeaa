import type { ClusterIndex } from './cluster-index.js';
import { eventLines, newestEventTime } from './evidence.js';
import type { RawFinding } from './finding.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from './kube-types.js';
import { preboundFinding } from './prebound-volume.js';
import type { AnomalyThresholds } from './thresholds.js';
import { formatAge, timeOf } from './text.js';

/** Whether a StorageClass is marked default (GA or beta annotation). */
export function isDefaultStorageClass(sc: StorageClass): boolean {
  const a = sc.metadata.annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

function pvcFindings(index: ClusterIndex, pvc: PersistentVolumeClaim, t: AnomalyThresholds): RawFinding[] {
  const ref = index.refOf('PersistentVolumeClaim', pvc);
  const ns = ref.namespace as string;
  const phase = pvc.status?.phase;
  const events = index.events(ref);
  const lastSeen = newestEventTime(events);
  const seen = lastSeen === undefined ? {} : { lastSeen };
  if (phase === 'Lost') {
    return [
      {
        severity: 'critical',
        reason: 'ClaimLost',
        object: ref,
        message: `claim lost its volume ${pvc.spec?.volumeName ?? ''}`.trim(),
        evidence: eventLines(events, index.now),
        nextStep: `The bound PersistentVolume is gone; restore it from backup or recreate the claim`,
        ...seen,
      },
    ];
  }
  // A claim naming its volume binds to that one or to nothing: its fit says why it waits.
  const prebound = preboundFinding(index, pvc);
  if (prebound) return [prebound];
  if (phase !== 'Pending') return [];
  const className = pvc.spec?.storageClassName;
  if (className && !index.get({ kind: 'StorageClass', name: className })) {
    return [
      {
        severity: 'critical',
        reason: 'MissingStorageClass',
        object: ref,
        message: `Pending: StorageClass ${className} does not exist`,
        evidence: eventLines(events, index.now),
        nextStep: `Create StorageClass ${className}, or recreate the claim with an existing class (\`kubectl get storageclass\`)`,
        key: className,
        causes: [{ ref: { kind: 'StorageClass', name: className }, relation: 'provisions from', missing: true }],
        status: `Pending (StorageClass ${className} missing)`,
        ...seen,
      },
    ];
  }
  const failed = events.filter((e) => e.type === 'Warning' && e.reason === 'ProvisioningFailed');
  if (failed.length > 0) {
    return [
      {
        severity: 'critical',
        reason: 'ProvisioningFailed',
        object: ref,
        message: `Pending: provisioning failed: ${failed[0]?.message ?? ''}`,
        evidence: eventLines(failed, index.now),
        nextStep: `Check the provisioner of StorageClass ${className ?? '(default)'} and its logs`,
        ...(className ? { causes: [{ ref: { kind: 'StorageClass', name: className }, relation: 'provisions from' }] } : {}),
        ...seen,
      },
    ];
  }
  const hasDefault = index.list<StorageClass>('StorageClass').some(isDefaultStorageClass);
  if (className === undefined && !hasDefault && !pvc.spec?.volumeName) {
    return [
      {
        severity: 'warning',
        reason: 'PvcPending',
        object: ref,
        message: 'Pending: names no StorageClass and there is no default class; it waits for a matching PersistentVolume',
        evidence: eventLines(events, index.now),
        nextStep: `Set storageClassName, mark a StorageClass default, or create a matching PersistentVolume`,
        ...seen,
      },
    ];
  }
  const sc = className ? index.get<StorageClass>({ kind: 'StorageClass', name: className }) : undefined;
  const waitsForConsumer = sc?.volumeBindingMode === 'WaitForFirstConsumer' || events.some((e) => e.reason === 'WaitForFirstConsumer');
  const created = timeOf(pvc.metadata.creationTimestamp);
  if (!waitsForConsumer && created !== undefined && index.now - created >= t.stuckAfterMs) {
    return [
      {
        severity: 'warning',
        reason: 'PvcPending',
        object: ref,
        message: `Pending for ${formatAge(index.now - created)}`,
        evidence: eventLines(events, index.now, ['ExternalProvisioning', 'Provisioning', 'ProvisioningFailed', 'FailedBinding']),
        nextStep: `Check the provisioner of StorageClass ${className ?? '(default)'}: \`kubectl -n ${ns} describe pvc ${ref.name}\``,
        ...seen,
      },
    ];
  }
  return [];
}

function pvFindings(index: ClusterIndex, pv: PersistentVolume): RawFinding[] {
  const ref = index.refOf('PersistentVolume', pv);
  const phase = pv.status?.phase;
  const claim = pv.spec?.claimRef;
  // A claim in a hidden namespace is not named.
  const claimText = claim?.name && index.isVisible(claim.namespace) ? ` (was bound to ${claim.namespace}/${claim.name})` : '';
  if (phase === 'Released') {
    return [
      {
        severity: 'info',
        reason: 'VolumeReleased',
        object: ref,
        message: `Released${claimText}: reclaim policy ${pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain'} keeps the data, but no claim can bind it`,
        evidence: [],
        nextStep: 'Back up and delete the volume, or clear spec.claimRef to make it Available again',
      },
    ];
  }
  if (phase === 'Failed') {
    return [
      {
        severity: 'warning',
        reason: 'VolumeFailed',
        object: ref,
        message: `Failed${claimText}: ${pv.status?.message ?? pv.status?.reason ?? 'reclamation failed'}`,
        evidence: [],
        nextStep: 'Check the volume plugin or provisioner, then reclaim the volume by hand',
      },
    ];
  }
  return [];
}

/**
 * Storage checks: PVC Pending (pre-bound to a PersistentVolume that is missing or does not fit,
 * missing StorageClass, ProvisioningFailed, no class and no default, pending too long), Lost, or
 * Bound to a volume that is gone; PV Released or Failed; several default StorageClasses.
 */
export function detectStorage(index: ClusterIndex, t: AnomalyThresholds): RawFinding[] {
  const findings = [
    ...index.list<PersistentVolumeClaim>('PersistentVolumeClaim').flatMap((pvc) => pvcFindings(index, pvc, t)),
    ...index.list<PersistentVolume>('PersistentVolume').flatMap((pv) => pvFindings(index, pv)),
  ];
  const defaults = index.list<StorageClass>('StorageClass').filter(isDefaultStorageClass);
  const first = defaults[0];
  if (first && defaults.length > 1) {
    findings.push({
      severity: 'warning',
      reason: 'MultipleDefaultStorageClasses',
      object: index.refOf('StorageClass', first),
      message: `${defaults.length} StorageClasses are marked default: ${defaults.map((d) => d.metadata.name).join(', ')}`,
      evidence: [],
      nextStep: 'Keep the default annotation on one StorageClass only',
    });
  }
  return findings;
}
