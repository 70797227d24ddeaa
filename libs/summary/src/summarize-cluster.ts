import { fitLayout, type LayoutDocument, type LayoutSection, type SummaryFormat } from './budget-layout.js';
import { ClusterIndex } from './cluster-index.js';
import type { ClusterState } from './cluster-state.js';
import { findingsOf, resolveGraph, resolveNow, type AnomalyOptions } from './detect-anomalies.js';
import { refId, refText, type Finding, type ObjectRef } from './finding.js';
import type { Workload } from './kube-types.js';
import { objectStatus } from './object-status.js';
import { SummaryError } from './summary-error.js';
import { dependsOnSection, findingsAbout, networkSection, podsOf, podsSection, storageSection, usedBySection, workloadsSection, WORKLOAD_KINDS } from './summary-scoped.js';
import { countsSection, findingsSections, nodesSection, quotesUntrustedText, severityCounts, UNTRUSTED_TEXT_NOTE } from './summary-sections.js';

/** Default size budget of a summary, in KB of 1024 bytes (MAX_SUMMARY_SIZE_KB). */
export const MAX_SUMMARY_SIZE_KB = 10;

/** Which summary {@link summarizeCluster} writes. */
export type SummaryType = 'overview' | 'anomalies' | 'namespace' | 'workload' | 'nodes';

/** Every {@link SummaryType}. */
export const SUMMARY_TYPES: readonly SummaryType[] = ['overview', 'anomalies', 'namespace', 'workload', 'nodes'];

/** Options of {@link summarizeCluster}. */
export interface SummaryOptions extends AnomalyOptions {
  /** Default `overview`. */
  readonly type?: SummaryType;
  /** `markdown` (default) or `json`. */
  readonly format?: SummaryFormat;
  /** Hard cap on the UTF-8 size of the output, in KB of 1024 bytes. Default {@link MAX_SUMMARY_SIZE_KB}. */
  readonly maxSizeKb?: number;
  /** Include findings (overview, namespace, workload, nodes). Default true. */
  readonly includeAnomalies?: boolean;
  /** The namespace of a `namespace` summary; for `anomalies`, limits findings to it. */
  readonly namespace?: string;
  /** The workload of a `workload` summary (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob). */
  readonly workload?: { readonly kind: string; readonly namespace: string; readonly name: string };
  /**
   * Set when `now` is not the present but the time the data is judged at, saying which (an
   * offline snapshot: `snapshot time`). The header then reads `evaluated at <now> (<clockNote>)`
   * instead of `generated <now>`, and the JSON header carries it as `clock`.
   */
  readonly clockNote?: string;
}

/** What {@link summarizeCluster} returns. */
export interface SummaryResult {
  readonly type: SummaryType;
  readonly format: SummaryFormat;
  /** The summary; its UTF-8 size never exceeds the budget. */
  readonly text: string;
  /** UTF-8 bytes of `text`. */
  readonly bytes: number;
  /** Items (findings, nodes, pods, ...) left out to fit the budget. */
  readonly omittedItems: number;
  /** Findings the summary covers before any were left out. */
  readonly findings: number;
}

interface Built {
  readonly title: string;
  readonly scope: Record<string, unknown>;
  readonly lines: string[];
  readonly sections: LayoutSection[];
  readonly findings: readonly Finding[];
}

/** `before`, the root findings, `after`, then the symptoms (the first to go under pressure). */
function withSymptomsLast(findings: [LayoutSection, LayoutSection] | undefined, after: LayoutSection[], before: LayoutSection[] = []): LayoutSection[] {
  if (!findings) return [...before, ...after];
  return [...before, findings[0], ...after, findings[1]];
}

function budgetBytes(maxSizeKb: number | undefined): number {
  const kb = maxSizeKb ?? MAX_SUMMARY_SIZE_KB;
  if (!Number.isFinite(kb) || kb <= 0) {
    throw new SummaryError('INVALID_OPTIONS', `summarizeCluster: maxSizeKb must be a positive number, got ${kb}; the default is ${MAX_SUMMARY_SIZE_KB}`);
  }
  return Math.floor(kb * 1024);
}

function buildWorkload(index: ClusterIndex, options: SummaryOptions, findings: readonly Finding[]): Built {
  const w = options.workload;
  if (!w) throw new SummaryError('INVALID_OPTIONS', 'summarizeCluster: type "workload" needs options.workload { kind, namespace, name }');
  const kind = WORKLOAD_KINDS.find((k) => k.toLowerCase() === w.kind.toLowerCase());
  if (!kind) throw new SummaryError('INVALID_OPTIONS', `summarizeCluster: workload kind must be one of ${WORKLOAD_KINDS.join(', ')}, got "${w.kind}"`);
  options.policy?.assertAllowed(w.namespace, 'summarize');
  const ref: ObjectRef = { kind, namespace: w.namespace, name: w.name };
  const workload = index.get<Workload>(ref);
  if (!workload) throw new SummaryError('NOT_FOUND', `summarizeCluster: ${refText(ref)} not found; list the namespace's workloads with a "namespace" summary`);
  const pods = podsOf(index, ref);
  const podIds = new Set(pods.map((p) => refId(index.refOf('Pod', p))));
  const about = findingsAbout(findings, ref, podIds);
  return {
    title: `Workload ${refText(ref)}`,
    scope: { workload: ref, status: objectStatus(kind, workload) ?? 'unknown' },
    lines: [`status: ${objectStatus(kind, workload) ?? 'unknown'}, ${pods.length} pods`],
    sections: withSymptomsLast(options.includeAnomalies === false ? undefined : findingsSections(about), [
      dependsOnSection(index, ref, workload),
      usedBySection(index, ref, workload),
      podsSection(pods),
    ]),
    findings: about,
  };
}

function build(index: ClusterIndex, type: SummaryType, options: SummaryOptions, all: readonly Finding[]): Built {
  const withFindings = options.includeAnomalies !== false;
  switch (type) {
    case 'overview':
      return {
        title: 'Cluster overview',
        scope: {},
        lines: [],
        sections: withSymptomsLast(withFindings ? findingsSections(all, 'Top findings', { breadthFirst: true }) : undefined, [nodesSection(index)], [countsSection(index)]),
        findings: all,
      };
    case 'anomalies': {
      const ns = options.namespace;
      if (ns !== undefined) options.policy?.assertAllowed(ns, 'summarize');
      const findings = ns === undefined ? all : all.filter((f) => f.object.namespace === ns);
      return { title: `Anomalies${ns ? ` in namespace ${ns}` : ''}`, scope: ns ? { namespace: ns } : {}, lines: [], sections: findingsSections(findings, 'Findings', { breadthFirst: ns === undefined }), findings };
    }
    case 'namespace': {
      const ns = options.namespace;
      if (!ns) throw new SummaryError('INVALID_OPTIONS', 'summarizeCluster: type "namespace" needs options.namespace');
      options.policy?.assertAllowed(ns, 'summarize');
      const nsObject = index.get({ kind: 'Namespace', name: ns });
      if (!nsObject && index.pods(ns).length === 0) {
        throw new SummaryError('NOT_FOUND', `summarizeCluster: namespace "${ns}" not found; an "overview" summary counts the namespaces`);
      }
      const findings = all.filter((f) => f.object.namespace === ns || (f.object.kind === 'Namespace' && f.object.name === ns));
      return {
        title: `Namespace ${ns}`,
        scope: { namespace: ns },
        lines: [`phase: ${nsObject ? objectStatus('Namespace', nsObject) : 'unknown'}`],
        sections: withSymptomsLast(withFindings ? findingsSections(findings) : undefined, [workloadsSection(index, ns), networkSection(index, ns), storageSection(index, ns)], [countsSection(index, ns)]),
        findings,
      };
    }
    case 'workload':
      return buildWorkload(index, options, all);
    case 'nodes': {
      const findings = all.filter((f) => f.object.kind === 'Node' || f.reason === 'Unschedulable' || f.reason === 'Evicted');
      return { title: 'Nodes', scope: {}, lines: [], sections: [nodesSection(index), ...(withFindings ? findingsSections(findings) : [])], findings };
    }
  }
}

/**
 * Summarises a cluster state for an LLM or a program, within a hard byte budget:
 * - `overview`: counts by kind and status, top findings, nodes;
 * - `anomalies`: every finding (optionally one namespace's), ranked, with root-cause chains;
 * - `namespace`: counts, findings, workloads, Services/Ingresses, PVCs of one namespace;
 * - `workload`: one Deployment/StatefulSet/DaemonSet/ReplicaSet/Job/CronJob: findings, what it
 *   depends on (missing ones marked), what uses it, its pods;
 * - `nodes`: every node with status, pods, requests vs allocatable, taints; node findings.
 *
 * The output (markdown or JSON) never exceeds `maxSizeKb` KB of UTF-8: under pressure items are
 * shortened first (evidence dropped, then details), then whole items are dropped and counted
 * ("N more omitted"); text is never cut mid-way and JSON stays valid. Same state and `now` give
 * byte-identical output. Hidden namespaces (policy) never appear, not even in counts or chains.
 *
 * @throws SummaryError `INVALID_OPTIONS` (bad type, budget, missing namespace/workload) or
 *   `NOT_FOUND` (unknown namespace or workload)
 * @throws NamespaceForbiddenError (`NAMESPACE_FORBIDDEN`) when the namespace or workload asked for is hidden
 * @throws SummaryBudgetError when the budget cannot hold even the header and section titles
 */
export function summarizeCluster(state: ClusterState, options: SummaryOptions = {}): SummaryResult {
  const type = options.type ?? 'overview';
  if (!SUMMARY_TYPES.includes(type)) {
    throw new SummaryError('INVALID_OPTIONS', `summarizeCluster: type must be one of ${SUMMARY_TYPES.join(', ')}, got "${String(type)}"`);
  }
  const format = options.format ?? 'markdown';
  if (format !== 'markdown' && format !== 'json') {
    throw new SummaryError('INVALID_OPTIONS', `summarizeCluster: format must be markdown or json, got "${String(format)}"`);
  }
  const maxBytes = budgetBytes(options.maxSizeKb);
  const now = resolveNow(options.now);
  const index = new ClusterIndex(state, { now, policy: options.policy, containerLogs: options.containerLogs });
  const all = findingsOf(index, options, resolveGraph(state, options));
  const built = build(index, type, options, all);
  const counts = severityCounts(built.findings);
  const generatedAt = new Date(now).toISOString();
  const incomplete = index.incomplete.map((i) => `${i.kind} (${i.reason})`);
  // Logs and event messages are anyone's text: say once that they are data.
  const untrusted = quotesUntrustedText(built.findings);
  const header = [
    `# ${built.title}`,
    `${options.clockNote ? `evaluated at ${generatedAt} (${options.clockNote})` : `generated ${generatedAt}`}; findings: ${counts.critical} critical, ${counts.warning} warning, ${counts.info} info`,
    ...built.lines,
    ...(incomplete.length > 0 ? [`partial data, not fully read: ${incomplete.join(', ')}`] : []),
    ...(untrusted ? [`note: ${UNTRUSTED_TEXT_NOTE}`] : []),
  ];
  const doc: LayoutDocument = {
    markdownHeader: header.join('\n'),
    jsonHeader: {
      summary: type,
      ...built.scope,
      generatedAt,
      ...(options.clockNote ? { clock: options.clockNote } : {}),
      findingCounts: counts,
      ...(incomplete.length > 0 ? { incomplete } : {}),
      ...(untrusted ? { note: UNTRUSTED_TEXT_NOTE } : {}),
    },
    sections: built.sections,
  };
  const fitted = fitLayout(doc, format, maxBytes);
  return { type, format, text: fitted.text, bytes: fitted.bytes, omittedItems: fitted.omittedItems, findings: built.findings.length };
}
