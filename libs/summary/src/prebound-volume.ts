import type { ClusterIndex } from './cluster-index.js';
import { eventLines, newestEventTime } from './evidence.js';
import type { ObjectRef, RawFinding } from './finding.js';
import type { PersistentVolume, PersistentVolumeClaim } from './kube-types.js';
import { parseQuantity } from './quantity.js';

const LEGACY_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

function classOf(object: PersistentVolume | PersistentVolumeClaim): string {
  return object.spec?.storageClassName ?? object.metadata.annotations?.[LEGACY_CLASS_ANNOTATION] ?? '';
}

/**
 * Why the PersistentVolume cannot take the claim, as the PV controller checks it before binding
 * a claim to the volume it names (`spec.volumeName`): reserved for another claim (or an earlier
 * claim of the same name), too small, missing access modes, another class, another volume mode.
 * Each reads after "PersistentVolume <name>". Empty when it fits, or when the volume's claimRef
 * already names this claim (the controller then binds without checking).
 */
function mismatches(index: ClusterIndex, pvc: PersistentVolumeClaim, pv: PersistentVolume): string[] {
  const ns = pvc.metadata.namespace;
  const claim = pv.spec?.claimRef;
  if (claim?.name) {
    if (claim.name !== pvc.metadata.name || (claim.namespace ?? ns) !== ns) {
      // A claim in a hidden namespace is not named.
      return [`which is reserved for another claim${index.isVisible(claim.namespace) ? ` ${claim.namespace}/${claim.name}` : ''}`];
    }
    if (claim.uid && pvc.metadata.uid && claim.uid !== pvc.metadata.uid) {
      return [`which is ${pv.status?.phase ?? 'still'} and still reserved for an earlier claim of the same name (uid ${claim.uid})`];
    }
    return [];
  }
  const out: string[] = [];
  const requestedText = pvc.spec?.resources?.requests?.['storage'];
  const capacityText = pv.spec?.capacity?.['storage'];
  const requested = parseQuantity(requestedText);
  const capacity = parseQuantity(capacityText);
  if (requested !== undefined && capacity !== undefined && capacity < requested) out.push(`of ${capacityText}, smaller than the ${requestedText} requested`);
  const offered = pv.spec?.accessModes ?? [];
  const lacking = (pvc.spec?.accessModes ?? []).filter((m) => !offered.includes(m));
  if (lacking.length > 0) out.push(`which does not offer access mode ${lacking.join(', ')} (it offers ${offered.join(', ') || 'none'})`);
  const claimClass = classOf(pvc);
  const volumeClass = classOf(pv);
  if (claimClass !== volumeClass) out.push(`whose storageClassName is ${volumeClass ? `"${volumeClass}"` : 'empty'}, not ${claimClass ? `"${claimClass}"` : 'empty'} as the claim's`);
  const claimMode = pvc.spec?.volumeMode ?? 'Filesystem';
  const volumeMode = pv.spec?.volumeMode ?? 'Filesystem';
  if (claimMode !== volumeMode) out.push(`whose volumeMode is ${volumeMode}, not ${claimMode}`);
  return out;
}

/**
 * A claim that names its volume (`spec.volumeName`, pre-bound) and cannot get it: the
 * PersistentVolume does not exist (critical while Pending, a warning once Bound; Lost claims are
 * reported as ClaimLost), or, while Pending, does not fit ({@link mismatches}), e.g.
 * `Pending: pre-bound to PersistentVolume pv-x of 1Gi, smaller than the 5Gi requested`.
 * Undefined when there is nothing to say, or when PersistentVolumes were not readable.
 */
export function preboundFinding(index: ClusterIndex, pvc: PersistentVolumeClaim): RawFinding | undefined {
  const volumeName = pvc.spec?.volumeName;
  const phase = pvc.status?.phase;
  if (!volumeName || phase === 'Lost' || index.incomplete.some((i) => i.kind === 'PersistentVolume')) return undefined;
  const ref = index.refOf('PersistentVolumeClaim', pvc);
  const pvRef: ObjectRef = { kind: 'PersistentVolume', name: volumeName };
  const pv = index.get<PersistentVolume>(pvRef);
  const events = index.events(ref);
  const lastSeen = newestEventTime(events);
  const seen = lastSeen === undefined ? {} : { lastSeen };
  if (!pv) {
    const pending = phase === 'Pending';
    return {
      severity: pending ? 'critical' : 'warning',
      reason: 'MissingPersistentVolume',
      object: ref,
      message: pending ? `Pending: pre-bound to PersistentVolume ${volumeName}, which does not exist` : `bound to PersistentVolume ${volumeName}, which does not exist`,
      evidence: eventLines(events, index.now),
      nextStep: pending
        ? `Create PersistentVolume ${volumeName}, or recreate the claim without spec.volumeName to let it bind or provision`
        : `The volume is gone; restore PersistentVolume ${volumeName} from backup or recreate the claim`,
      key: volumeName,
      causes: [{ ref: pvRef, relation: 'bound to', missing: true }],
      status: `${phase ?? 'Pending'} (PersistentVolume ${volumeName} missing)`,
      ...seen,
    };
  }
  if (phase !== 'Pending') return undefined;
  const wrong = mismatches(index, pvc, pv);
  if (wrong.length === 0) return undefined;
  return {
    severity: 'critical',
    reason: 'PreBoundVolumeMismatch',
    object: ref,
    message: `Pending: pre-bound to PersistentVolume ${volumeName} ${wrong.join(', and ')}`,
    evidence: eventLines(events, index.now),
    nextStep: `Fix PersistentVolume ${volumeName} to match, or recreate the claim to fit it or without spec.volumeName (a claim's spec is immutable)`,
    key: volumeName,
    causes: [{ ref: pvRef, relation: 'pre-bound to' }],
    status: `Pending (PersistentVolume ${volumeName} does not fit)`,
    ...seen,
  };
}
