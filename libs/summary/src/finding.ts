/** How bad a finding is: `critical` breaks something now, `warning` degrades or risks it, `info` is worth knowing. */
export type Severity = 'critical' | 'warning' | 'info';

/** Every severity, worst first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

/** Identifies one object; `namespace` is absent for cluster-scoped objects. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** One step of a root-cause chain: an object and what is wrong with it. */
export interface ChainStep {
  readonly ref: ObjectRef;
  /** One line: the reason and short detail (`CrashLoopBackOff (3 pods)`), or `missing`. */
  readonly status: string;
  /** How the previous step depends on this one (`routes to`, `selects`, `mounts`, ...); absent on the first step. */
  readonly relation?: string;
  /** The object does not exist (a dangling reference). */
  readonly missing?: boolean;
}

/** One anomaly, possibly standing for several look-alike objects (`count`, `examples`). */
export interface Finding {
  /** Stable id: `<reason>@<Kind>/<namespace|_cluster>/<name>` plus `#<detail>` when one object has several. */
  readonly id: string;
  readonly severity: Severity;
  /** Machine-readable reason code, e.g. `CrashLoopBackOff`, `MissingSecret`, `NodeNotReady`. */
  readonly reason: string;
  /** The object the finding is about (for a group: the owner of the look-alike objects). */
  readonly object: ObjectRef;
  /** One line for a human or a model. */
  readonly message: string;
  /** Bounded supporting facts: conditions, container states, exit codes, recent events with counts. */
  readonly evidence: readonly string[];
  /**
   * Root-cause chain, starting at this finding's object and ending at the deepest cause found
   * (a missing object or the object whose own problem explains the rest). A single step when
   * nothing deeper was found.
   */
  readonly chain: readonly ChainStep[];
  /** What a human would do next. */
  readonly nextStep: string;
  /** How many objects this finding stands for (1 unless grouped). */
  readonly count: number;
  /** A few names of the grouped objects (sorted), when grouped. */
  readonly examples: readonly string[];
  /** How many objects are affected: its own, the ones whose findings it explains, and graph dependents. */
  readonly blastRadius: number;
  /** How many other findings this one explains (their root-cause chains pass through it). */
  readonly explains: number;
  /** Newest timestamp seen in the evidence (RFC 3339), when known. */
  readonly lastSeen?: string;
  /**
   * Id of the deepest other finding on its chain, i.e. the finding that explains this one (a
   * Service without endpoints explained by its pods' missing Secret). Absent for root causes.
   */
  readonly rootCauseId?: string;
}

/** A dependency a detector already knows explains (part of) its finding. */
export interface CauseRef {
  readonly ref: ObjectRef;
  /** How the finding's object depends on it (`selects`, `routes to`, `mounts`, ...). */
  readonly relation: string;
  /** The target does not exist. */
  readonly missing?: boolean;
}

/** What a detector reports, before grouping, chaining and ranking. */
export interface RawFinding {
  readonly severity: Severity;
  readonly reason: string;
  readonly object: ObjectRef;
  readonly message: string;
  readonly evidence: readonly string[];
  readonly nextStep: string;
  /** Distinguishes several findings of one reason on one object (e.g. the missing Secret's name). */
  readonly key?: string;
  readonly causes?: readonly CauseRef[];
  /** Newest evidence timestamp, ms. */
  readonly lastSeen?: number;
  /** Short status for chain steps through this finding; default: the reason. */
  readonly status?: string;
}

/** `Kind/namespace/name`, or `Kind/_cluster/name` for cluster-scoped objects (the graph's node ids). */
export function refId(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace ?? '_cluster'}/${ref.name}`;
}

/** `Deployment shop/web`, or `Node worker-1` for cluster-scoped objects. */
export function refText(ref: ObjectRef): string {
  return ref.namespace === undefined ? `${ref.kind} ${ref.name}` : `${ref.kind} ${ref.namespace}/${ref.name}`;
}

/** The stable id of a finding about `object` for `reason` (see {@link Finding.id}). */
export function findingId(reason: string, object: ObjectRef, key?: string): string {
  return `${reason}@${refId(object)}${key === undefined ? '' : `#${key}`}`;
}

/** Rank of a severity: 0 for critical, 2 for info. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
