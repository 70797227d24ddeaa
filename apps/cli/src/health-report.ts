import type { GraphStats } from '@k8s-mcp/graph';
import type { SnapshotInfo } from '@k8s-mcp/k8s-client';
import type { RuntimeMode } from '@k8s-mcp/runtime';
import type { InformerStatus } from '@k8s-mcp/sync';
import { formatTable } from './format-table.js';

/** What {@link healthReport} reads: the parts of a runtime that say how healthy it is. */
export interface HealthSource {
  readonly mode: RuntimeMode;
  readonly clusterDescription: string;
  readonly namespace: string;
  readonly sync?: { status(): InformerStatus[]; healthScore(): number };
  readonly graph?: { stats(): GraphStats };
  /** What an offline snapshot holds (snapshot and demo modes). */
  readonly snapshotInfo?: SnapshotInfo;
}

/** Health of the sync and the knowledge graph, as `k8s-mcp health` reports it. */
export interface HealthReport {
  readonly healthy: boolean;
  readonly mode: RuntimeMode;
  readonly cluster: string;
  readonly namespace: string;
  /** Why it is unhealthy; empty when healthy. */
  readonly problems: readonly string[];
  /** Worth knowing but not unhealthy (e.g. kinds RBAC does not let this identity list). */
  readonly notes: readonly string[];
  /** Live mode only. */
  readonly sync?: {
    readonly healthScore: number;
    readonly synced: number;
    readonly informers: readonly InformerStatus[];
  };
  /** `disabled` when ENABLE_KNOWLEDGE_GRAPH is off. */
  readonly graph: 'disabled' | Pick<GraphStats, 'nodes' | 'edges' | 'missing' | 'status' | 'message' | 'approxBytes'>;
  readonly snapshot?: { readonly source: string; readonly objects: number; readonly recordedAt?: string };
}

const UNHEALTHY_STATES = new Set(['pending', 'failed', 'stopped']);

function scope(s: InformerStatus): string {
  return s.namespace ? `${s.kind} in ${s.namespace}` : s.kind;
}

/**
 * Judges the runtime: unhealthy when an informer has not synced (`pending`), has failed, or was
 * stopped, or when the knowledge graph hit its memory limit. A `degraded` informer (the API
 * refuses the kind, typically RBAC) is a note, not a problem: a restricted identity is expected
 * to see less. Offline snapshots have no sync and are healthy once loaded.
 */
export function healthReport(source: HealthSource): HealthReport {
  const problems: string[] = [];
  const notes: string[] = [];
  let sync: HealthReport['sync'];
  if (source.sync) {
    const informers = source.sync.status();
    for (const s of informers) {
      if (UNHEALTHY_STATES.has(s.state)) problems.push(`sync ${scope(s)}: ${s.state}${s.lastError ? ` (${s.lastError})` : ''}`);
      else if (s.state === 'degraded') notes.push(`sync ${scope(s)}: degraded${s.lastError ? ` (${s.lastError})` : ''}`);
    }
    sync = { healthScore: source.sync.healthScore(), synced: informers.filter((s) => s.state === 'synced').length, informers };
  }
  let graph: HealthReport['graph'] = 'disabled';
  if (source.graph) {
    const stats = source.graph.stats();
    graph = {
      nodes: stats.nodes,
      edges: stats.edges,
      missing: stats.missing,
      status: stats.status,
      approxBytes: stats.approxBytes,
      ...(stats.message === undefined ? {} : { message: stats.message }),
    };
    if (stats.status !== 'ok') problems.push(`knowledge graph: ${stats.status}${stats.message ? ` (${stats.message})` : ''}`);
  }
  const info = source.snapshotInfo;
  return {
    healthy: problems.length === 0,
    mode: source.mode,
    cluster: source.clusterDescription,
    namespace: source.namespace,
    problems,
    notes,
    ...(sync ? { sync } : {}),
    graph,
    ...(info ? { snapshot: { source: info.source, objects: info.objects, ...(info.recordedAt ? { recordedAt: info.recordedAt } : {}) } } : {}),
  };
}

/** The report as aligned text: a header block, problems and notes, then one row per informer. */
export function renderHealth(report: HealthReport): string {
  const graph =
    report.graph === 'disabled'
      ? 'disabled (ENABLE_KNOWLEDGE_GRAPH=false)'
      : `${report.graph.status}, ${report.graph.nodes} nodes, ${report.graph.edges} edges, ${report.graph.missing} missing objects referenced`;
  const lines = [
    `status:     ${report.healthy ? 'healthy' : 'UNHEALTHY'}`,
    `cluster:    ${report.cluster}`,
    `mode:       ${report.mode}`,
    `namespace:  ${report.namespace}`,
    `sync:       ${report.sync ? `${report.sync.synced}/${report.sync.informers.length} informers synced, health score ${report.sync.healthScore}` : 'none (offline snapshot, nothing to sync)'}`,
    `graph:      ${graph}`,
  ];
  if (report.snapshot) lines.push(`snapshot:   ${report.snapshot.objects} objects${report.snapshot.recordedAt ? `, recorded ${report.snapshot.recordedAt}` : ''}`);
  for (const p of report.problems) lines.push(`problem:    ${p}`);
  for (const n of report.notes) lines.push(`note:       ${n}`);
  if (report.sync && report.sync.informers.length > 0) {
    const rows = report.sync.informers.map((s) => [
      s.kind,
      s.namespace ?? '',
      s.state,
      String(s.objects),
      String(s.errors),
      s.lagMs === undefined ? '' : `${Math.round(s.lagMs / 1000)}s`,
      s.lastError ?? '',
    ]);
    lines.push('', formatTable(['KIND', 'NAMESPACE', 'STATE', 'OBJECTS', 'ERRORS', 'LAG', 'LAST ERROR'], rows));
  }
  return `${lines.join('\n')}\n`;
}
