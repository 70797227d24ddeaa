import type { NamespacePolicy } from '@k8s-mcp/k8s-client';
import { ClusterIndex } from './cluster-index.js';
import type { ClusterState } from './cluster-state.js';
import { detectAdmission } from './detect-admission.js';
import { detectAutoscaling } from './detect-autoscaling.js';
import { detectEvents } from './detect-events.js';
import { detectJobs } from './detect-jobs.js';
import { detectNamespaces } from './detect-namespaces.js';
import { detectNetwork } from './detect-network.js';
import { detectNodes } from './detect-nodes.js';
import { detectPods } from './detect-pods.js';
import { detectReferences } from './detect-references.js';
import { detectStorage } from './detect-storage.js';
import { detectWorkloads } from './detect-workloads.js';
import { severityRank, type Finding, type RawFinding } from './finding.js';
import { groupFindings } from './group-findings.js';
import { RootCauseAnalysis, type DependencySource } from './root-cause.js';
import { DEFAULT_THRESHOLDS, type AnomalyThresholds } from './thresholds.js';
import { compareText } from './text.js';

/** Options of {@link detectAnomalies}. */
export interface AnomalyOptions {
  /** The clock: ages, "stuck for", recency. Default: the current time. Pass it for deterministic output. */
  readonly now?: number | Date;
  /** Namespace policy: objects in hidden namespaces are ignored entirely. Default: all visible. */
  readonly policy?: NamespacePolicy;
  /** Overrides of {@link DEFAULT_THRESHOLDS}. */
  readonly thresholds?: Partial<AnomalyThresholds>;
  /**
   * Relationship source for root-cause chains and blast radius, normally built from the
   * knowledge graph (see `dependenciesFromGraph`). Without one, chains follow what the
   * detectors found (selectors, backends, references, ownership).
   */
  readonly dependencies?: DependencySource;
}

/** The resolved clock of options, ms. */
export function resolveNow(now: number | Date | undefined): number {
  if (now === undefined) return Date.now();
  return typeof now === 'number' ? now : now.getTime();
}

/** Every detector's raw findings over an index (before grouping). */
export function rawFindings(index: ClusterIndex, thresholds: AnomalyThresholds): RawFinding[] {
  return [
    ...detectPods(index, thresholds),
    ...detectWorkloads(index, thresholds),
    ...detectJobs(index, thresholds),
    ...detectNetwork(index),
    ...detectStorage(index, thresholds),
    ...detectNodes(index),
    ...detectAutoscaling(index),
    ...detectAdmission(index),
    ...detectReferences(index),
    ...detectNamespaces(index, thresholds),
    ...detectEvents(index, thresholds),
  ];
}

/**
 * Sorts findings: severity, then blast radius (larger first; ties go to the finding that
 * explains more others, i.e. the deeper cause), then recency (newer first), then id.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    b.blastRadius - a.blastRadius ||
    b.explains - a.explains ||
    (b.lastSeen ? Date.parse(b.lastSeen) : 0) - (a.lastSeen ? Date.parse(a.lastSeen) : 0) ||
    compareText(a.id, b.id)
  );
}

/** {@link detectAnomalies} over an index already built (summaries reuse one index). */
export function findingsOf(index: ClusterIndex, options: Pick<AnomalyOptions, 'thresholds' | 'dependencies'> = {}): Finding[] {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const grouped = groupFindings(index, rawFindings(index, thresholds));
  const analysis = new RootCauseAnalysis(grouped, options.dependencies);
  const impact = analysis.impact();
  const findings = grouped.map((g): Finding => ({
    id: g.id,
    severity: g.severity,
    reason: g.reason,
    object: g.object,
    message: g.message,
    evidence: g.evidence,
    chain: analysis.chain(g).steps,
    nextStep: g.nextStep,
    count: g.memberIds.length,
    examples: g.examples,
    blastRadius: impact.get(g.id)?.blastRadius ?? g.memberIds.length,
    explains: impact.get(g.id)?.explains ?? 0,
    ...(g.lastSeen === undefined ? {} : { lastSeen: new Date(g.lastSeen).toISOString() }),
  }));
  return findings.sort(compareFindings);
}

/**
 * Finds anomalies in a cluster state: runs every detector (pods, workloads, jobs, network,
 * storage, nodes, autoscaling, admission, dangling references, namespaces and quotas, events),
 * groups look-alikes under their controller, follows root-cause chains, and ranks by severity,
 * blast radius and recency. Deterministic for a given state and `now`. Objects in namespaces
 * the policy hides never appear, not even in chains.
 */
export function detectAnomalies(state: ClusterState, options: AnomalyOptions = {}): Finding[] {
  const index = new ClusterIndex(state, { now: resolveNow(options.now), policy: options.policy });
  return findingsOf(index, options);
}
