import type { KubeObject } from '@k8s-mcp/k8s-client';
import type { LayoutItem, LayoutSection } from './budget-layout.js';
import { SUMMARY_KINDS, type ClusterIndex } from './cluster-index.js';
import { podsPerNode } from './detect-nodes.js';
import type { Finding } from './finding.js';
import { conditionOf, type Node, type Pod } from './kube-types.js';
import { taintText } from './node-fit.js';
import { countLine, countsByStatus, objectStatus } from './object-status.js';
import { parseQuantity } from './quantity.js';
import { findingItem } from './render-finding.js';

/** A one-rendering item. */
export function lineItem(markdown: string, json: unknown): LayoutItem {
  return { markdown: [`- ${markdown}`], json: [json] };
}

/** Kinds counted in overviews (events and EndpointSlices are noise there). */
const COUNTED_KINDS = SUMMARY_KINDS.filter((k) => k !== 'Event' && k !== 'EndpointSlice');

/** Per kind: `Pods: 12 (Running 10, CrashLoopBackOff 2)`; kinds with no objects are left out. */
export function countsSection(index: ClusterIndex, namespace?: string): LayoutSection {
  const items: LayoutItem[] = [];
  for (const kind of COUNTED_KINDS) {
    let objects: readonly KubeObject[] = index.list(kind);
    if (namespace !== undefined) {
      if (kind === 'Namespace' || objects.every((o) => o.metadata.namespace === undefined)) continue;
      objects = kind === 'Pod' ? index.pods(namespace) : objects.filter((o) => o.metadata.namespace === namespace);
    }
    if (objects.length === 0) continue;
    const byStatus = countsByStatus(kind, objects);
    const line = `${kind}: ${countLine(kind, objects)}`;
    items.push({
      markdown: [`- ${line}`, `- ${kind}: ${objects.length}`],
      json: [{ kind, count: objects.length, ...(Object.keys(byStatus).length > 0 ? { byStatus } : {}) }, { kind, count: objects.length }],
    });
  }
  return { key: 'resources', title: 'Resources', items };
}

/**
 * Findings as two sections, ranked order kept: the root causes (each naming the findings it
 * explains), then the symptoms they explain, which a tight budget drops first. A finding whose
 * root cause is not among `findings` (another namespace's) counts as a root here.
 */
export function findingsSections(findings: readonly Finding[], title = 'Findings'): [LayoutSection, LayoutSection] {
  const ids = new Set(findings.map((f) => f.id));
  const isSymptom = (f: Finding): boolean => f.rootCauseId !== undefined && ids.has(f.rootCauseId);
  const symptomsOf = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!isSymptom(f)) continue;
    const list = symptomsOf.get(f.rootCauseId as string) ?? [];
    list.push(f);
    symptomsOf.set(f.rootCauseId as string, list);
  }
  const roots = findings.filter((f) => !isSymptom(f));
  const symptoms = findings.filter(isSymptom);
  return [
    { key: 'findings', title, items: roots.map((f) => findingItem(f, symptomsOf.get(f.id))) },
    { key: 'symptoms', title: 'Symptoms explained by the findings above', items: symptoms.map((f) => findingItem(f)) },
  ];
}

/** Severity counts for headers. */
export function severityCounts(findings: readonly Finding[]): { critical: number; warning: number; info: number } {
  const counts = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

interface NodeUsage {
  readonly cpu: number;
  readonly memory: number;
}

function requestsPerNode(index: ClusterIndex): Map<string, NodeUsage> {
  const usage = new Map<string, NodeUsage>();
  for (const pod of index.list<Pod>('Pod')) {
    const node = pod.spec?.nodeName;
    if (!node || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    let cpu = 0;
    let memory = 0;
    for (const c of pod.spec?.containers ?? []) {
      cpu += parseQuantity(c.resources?.requests?.['cpu']) ?? 0;
      memory += parseQuantity(c.resources?.requests?.['memory']) ?? 0;
    }
    const current = usage.get(node) ?? { cpu: 0, memory: 0 };
    usage.set(node, { cpu: current.cpu + cpu, memory: current.memory + memory });
  }
  return usage;
}

function percent(used: number, total: number | undefined): string {
  return total ? `${Math.round((used / total) * 100)}%` : '?';
}

function nodeRank(node: Node): number {
  const ready = conditionOf(node.status?.conditions, 'Ready')?.status === 'True';
  const pressure = (node.status?.conditions ?? []).some((c) => c.type !== 'Ready' && c.status === 'True');
  return !ready ? 0 : pressure ? 1 : node.spec?.unschedulable ? 2 : 3;
}

/**
 * One item per node, troubled nodes first (NotReady, pressure, cordoned), then by name:
 * status, pods, requested CPU/memory against allocatable, taints and conditions that are set.
 */
export function nodesSection(index: ClusterIndex): LayoutSection {
  const pods = podsPerNode(index);
  const usage = requestsPerNode(index);
  const nodes = [...index.list<Node>('Node')].sort((a, b) => nodeRank(a) - nodeRank(b) || (a.metadata.name < b.metadata.name ? -1 : 1));
  const items = nodes.map((node): LayoutItem => {
    const name = node.metadata.name;
    const status = objectStatus('Node', node) as string;
    const u = usage.get(name) ?? { cpu: 0, memory: 0 };
    const alloc = node.status?.allocatable ?? {};
    const cpu = percent(u.cpu, parseQuantity(alloc['cpu']));
    const memory = percent(u.memory, parseQuantity(alloc['memory']));
    const conditions = (node.status?.conditions ?? []).filter((c) => c.type !== 'Ready' && c.status === 'True').map((c) => c.type as string);
    const taints = (node.spec?.taints ?? []).map(taintText);
    const podCount = pods.get(name) ?? 0;
    const extra = [conditions.length > 0 ? `conditions ${conditions.join(', ')}` : '', taints.length > 0 ? `taints ${taints.join(', ')}` : ''].filter(Boolean);
    const full = `${name}: ${status}, ${podCount} pods, requests cpu ${cpu} / memory ${memory} of allocatable${extra.length > 0 ? `; ${extra.join('; ')}` : ''}`;
    return {
      markdown: [`- ${full}`, `- ${name}: ${status}, ${podCount} pods`],
      json: [
        { name, status, pods: podCount, cpuRequested: cpu, memoryRequested: memory, ...(conditions.length > 0 ? { conditions } : {}), ...(taints.length > 0 ? { taints } : {}) },
        { name, status, pods: podCount },
      ],
    };
  });
  return { key: 'nodes', title: 'Nodes', items };
}
