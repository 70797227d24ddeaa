import type { KnowledgeGraph } from '@k8s-mcp/graph';
import type { NamespacePolicy } from '@k8s-mcp/k8s-client';
import { ClusterIndex } from './cluster-index.js';
import type { ClusterState } from './cluster-state.js';
import type { ContainerLog } from './crash-log.js';
import { detectAdmission } from './detect-admission.js';
import { detectAutoscaling } from './detect-autoscaling.js';
import { detectEvents } from './detect-events.js';
import { detectGateway } from './detect-gateway.js';
import { detectIntent } from './detect-intent.js';
import { detectJobs } from './detect-jobs.js';
import { detectLogErrors } from './detect-log-errors.js';
import { detectNamespaces } from './detect-namespaces.js';
import { detectNetwork } from './detect-network.js';
import { detectNodes } from './detect-nodes.js';
import { detectPods } from './detect-pods.js';
import { detectRbac } from './detect-rbac.js';
import { detectReferences } from './detect-references.js';
import { detectStorage } from './detect-storage.js';
import { detectWebhooks } from './detect-webhooks.js';
import { detectWorkloads } from './detect-workloads.js';
import { severityRank, type Finding, type RawFinding } from './finding.js';
import { dependenciesFromGraph, graphFromState } from './graph-dependencies.js';
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
   * A knowledge graph of the same cluster (e.g. the server's live one) for root-cause chains,
   * blast radius and dangling references. Without one, one is built from the state unless
   * `useGraph` is false.
   */
  readonly graph?: KnowledgeGraph;
  /**
   * Build a knowledge graph from the state when none is given. Default true. With false,
   * chains follow only what the detectors found (selectors, backends, references, ownership)
   * and dangling references are checked directly.
   */
  readonly useGraph?: boolean;
  /**
   * Log tails of failing containers, keyed `${namespace}/${pod}/${container}` (pick them with
   * `crashLogTargets`). Crash-loop and terminated findings quote their telling lines as evidence
   * (`log (previous): ...`) and the most telling one in the message. Default: none.
   */
  readonly containerLogs?: ReadonlyMap<string, ContainerLog>;
}

/** The resolved clock of options, ms. */
export function resolveNow(now: number | Date | undefined): number {
  if (now === undefined) return Date.now();
  return typeof now === 'number' ? now : now.getTime();
}

/** The graph to use: the one given, one built from the state, or none (`useGraph: false`). */
export function resolveGraph(state: ClusterState, options: Pick<AnomalyOptions, 'graph' | 'useGraph' | 'policy'>): KnowledgeGraph | undefined {
  if (options.graph) return options.graph;
  return options.useGraph === false ? undefined : graphFromState(state, options.policy);
}

/** Every detector's raw findings over an index (before grouping). */
export function rawFindings(index: ClusterIndex, thresholds: AnomalyThresholds, graph?: KnowledgeGraph): RawFinding[] {
  return [
    ...detectPods(index, thresholds),
    ...detectWorkloads(index, thresholds),
    ...detectJobs(index, thresholds),
    ...detectNetwork(index),
    ...detectStorage(index, thresholds),
    ...detectNodes(index),
    ...detectAutoscaling(index),
    ...detectAdmission(index),
    ...detectWebhooks(index),
    ...detectGateway(index, thresholds),
    ...detectReferences(index, graph),
    ...detectIntent(index),
    ...detectRbac(index),
    ...detectNamespaces(index, thresholds),
    ...detectEvents(index, thresholds),
    ...detectLogErrors(index, thresholds),
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

/** {@link detectAnomalies} over an index already built (summaries reuse one index); `graph` as resolved by the caller. */
export function findingsOf(index: ClusterIndex, options: Pick<AnomalyOptions, 'thresholds'>, graph: KnowledgeGraph | undefined): Finding[] {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const grouped = groupFindings(index, rawFindings(index, thresholds, graph));
  const dependencies: DependencySource | undefined = graph ? dependenciesFromGraph(graph) : undefined;
  const analysis = new RootCauseAnalysis(grouped, dependencies, (ns) => index.isVisible(ns));
  const impact = analysis.impact();
  const findings = grouped.map((g): Finding => {
    const { steps, through } = analysis.chain(g);
    const rootCauseId = through.at(-1);
    return {
      id: g.id,
      severity: g.severity,
      reason: g.reason,
      object: g.object,
      message: g.message,
      evidence: g.evidence,
      chain: steps,
      nextStep: g.nextStep,
      count: g.memberIds.length,
      examples: g.examples,
      blastRadius: impact.get(g.id)?.blastRadius ?? g.memberIds.length,
      explains: impact.get(g.id)?.explains ?? 0,
      ...(g.lastSeen === undefined ? {} : { lastSeen: new Date(g.lastSeen).toISOString() }),
      ...(rootCauseId === undefined ? {} : { rootCauseId }),
    };
  });
  return findings.sort(compareFindings);
}

/**
 * Finds anomalies in a cluster state: runs every detector (pods, workloads, jobs, network,
 * storage, nodes, autoscaling, admission, dangling references, inferred calls and RBAC denials,
 * namespaces and quotas, events),
 * groups look-alikes under their controller, follows root-cause chains, and ranks by severity,
 * blast radius and recency. Deterministic for a given state and `now`. Objects in namespaces
 * the policy hides never appear, not even in chains.
 */
export function detectAnomalies(state: ClusterState, options: AnomalyOptions = {}): Finding[] {
  const index = new ClusterIndex(state, { now: resolveNow(options.now), policy: options.policy, containerLogs: options.containerLogs });
  return findingsOf(index, options, resolveGraph(state, options));
}
