import { refId, severityRank, type ChainStep, type ObjectRef } from './finding.js';
import type { GroupedFinding } from './group-findings.js';
import { compareText } from './text.js';

/** Most steps in one root-cause chain (the finding's own object included). */
export const MAX_CHAIN_STEPS = 6;

/** One dependency of an object, from the knowledge graph. */
export interface Dependency {
  readonly ref: ObjectRef;
  /** Edge label, e.g. `routes-to`, `selects`, `mounts`. */
  readonly relation: string;
  /** The target does not exist (a placeholder in the graph). */
  readonly missing: boolean;
}

/**
 * What the chain builder asks the knowledge graph: the objects one object depends on, and how
 * many objects depend on it (transitively). Without one, chains follow the causes the
 * detectors found and ownership alone.
 */
export interface DependencySource {
  dependencies(ref: ObjectRef): readonly Dependency[];
  /** Number of objects that (transitively) depend on `ref`. */
  impactSize(ref: ObjectRef): number;
}

interface Candidate {
  /** 0: named by the detector, 1: ownership, 2: graph edge. Lower wins among equally good chains. */
  readonly tier: number;
  readonly relation: string;
  readonly finding?: GroupedFinding;
  readonly missing?: ObjectRef;
}

interface Tail {
  /** Steps after the starting finding. */
  readonly steps: ChainStep[];
  /** Findings passed through (ids). */
  readonly through: string[];
  readonly endsMissing: boolean;
  readonly endSeverity: number;
  readonly tier: number;
}

const EMPTY: Tail = { steps: [], through: [], endsMissing: false, endSeverity: 3, tier: 3 };

function better(a: Tail, b: Tail): boolean {
  if (a.endsMissing !== b.endsMissing) return a.endsMissing;
  if (a.tier !== b.tier && a.steps.length > 0 && b.steps.length > 0) return a.tier < b.tier;
  if (a.steps.length !== b.steps.length) return a.steps.length > b.steps.length;
  return a.endSeverity < b.endSeverity;
}

/** Computes root-cause chains for grouped findings and how many objects each one explains. */
export class RootCauseAnalysis {
  private readonly byObject = new Map<string, GroupedFinding[]>();
  private readonly byOwner = new Map<string, GroupedFinding[]>();
  private readonly memo = new Map<string, Tail>();

  constructor(
    private readonly findings: readonly GroupedFinding[],
    private readonly graph: DependencySource | undefined,
    private readonly isVisible: (namespace: string | undefined) => boolean = () => true,
  ) {
    for (const f of findings) {
      for (const id of new Set([refId(f.object), ...f.memberIds])) push(this.byObject, id, f);
      // Findings about owned objects (pods, ReplicaSets, Jobs) explain their controller's.
      if (f.ownerId !== refId(f.object) || f.memberIds.some((m) => m !== f.ownerId)) push(this.byOwner, f.ownerId, f);
    }
  }

  /** The chain of `finding`: its own step, then the best path of causes. */
  chain(finding: GroupedFinding): { steps: ChainStep[]; through: string[] } {
    const tail = this.tail(finding, new Set());
    return { steps: [{ ref: finding.object, status: finding.status }, ...tail.steps], through: tail.through };
  }

  /**
   * Per finding id: objects affected (its members plus the members and objects of every
   * finding whose chain passes through it, or the graph's dependents count when larger) and
   * how many other findings it explains (their chains pass through it).
   */
  impact(): Map<string, { blastRadius: number; explains: number }> {
    const affected = new Map<string, Set<string>>();
    const explains = new Map<string, number>();
    for (const f of this.findings) affected.set(f.id, new Set(f.memberIds));
    for (const f of this.findings) {
      for (const id of this.chain(f).through) {
        const set = affected.get(id);
        if (!set) continue;
        for (const m of f.memberIds) set.add(m);
        set.add(refId(f.object));
        explains.set(id, (explains.get(id) ?? 0) + 1);
      }
    }
    const result = new Map<string, { blastRadius: number; explains: number }>();
    for (const f of this.findings) {
      const own = affected.get(f.id)?.size ?? 1;
      const graph = this.graph ? this.graph.impactSize(f.object) + f.memberIds.length : 0;
      result.set(f.id, { blastRadius: Math.max(own, graph), explains: explains.get(f.id) ?? 0 });
    }
    return result;
  }

  private candidates(finding: GroupedFinding): Candidate[] {
    const out: Candidate[] = [];
    // Info findings (a cordoned node, a paused rollout) explain nothing unless a detector said so.
    const add = (ref: ObjectRef, relation: string, missing: boolean, tier: number): void => {
      if (!this.isVisible(ref.namespace)) return;
      const found = this.byObject.get(refId(ref));
      if (found) for (const f of found) if (f.id !== finding.id && (tier === 0 || f.severity !== 'info')) out.push({ tier, relation, finding: f });
      if (!found && missing) out.push({ tier, relation, missing: ref });
    };
    for (const cause of finding.causes) add(cause.ref, cause.relation, cause.missing === true, 0);
    // What the detector named is precise for this finding; ownership and the graph are generic.
    if (finding.causes.length > 0) return unique(out);
    const objectId = refId(finding.object);
    const derived = finding.memberIds.some((m) => m !== objectId) || finding.ownerId !== objectId;
    if (!derived) {
      // A controller's own finding (e.g. ReplicasUnavailable) is explained by its pods'.
      for (const f of this.byOwner.get(objectId) ?? []) if (f.id !== finding.id && f.severity !== 'info') out.push({ tier: 1, relation: 'owns', finding: f });
    } else {
      // Another finding about the same pods (e.g. they crash-loop and reference a missing Secret).
      for (const f of this.byOwner.get(finding.ownerId) ?? []) {
        if (f.id !== finding.id && f.severity !== 'info' && f.memberIds.some((m) => finding.memberIds.includes(m))) out.push({ tier: 1, relation: 'same pods', finding: f });
      }
    }
    if (this.graph) for (const dep of this.graph.dependencies(finding.object)) add(dep.ref, dep.relation, dep.missing, 2);
    return unique(out);
  }

  private tail(finding: GroupedFinding, visiting: Set<string>): Tail {
    const cached = this.memo.get(finding.id);
    // A cached tail is reusable unless it passes through a finding already on the path.
    if (cached && !cached.through.some((id) => visiting.has(id))) return cached;
    if (visiting.has(finding.id) || visiting.size >= MAX_CHAIN_STEPS - 1) return EMPTY;
    visiting.add(finding.id);
    let best: Tail = EMPTY;
    let bestKey = '';
    for (const c of this.candidates(finding)) {
      let tail: Tail;
      let key: string;
      if (c.missing) {
        tail = { steps: [{ ref: c.missing, status: 'missing', relation: c.relation, missing: true }], through: [], endsMissing: true, endSeverity: 0, tier: c.tier };
        key = refId(c.missing);
      } else {
        const f = c.finding as GroupedFinding;
        if (visiting.has(f.id)) continue;
        const next = this.tail(f, visiting);
        tail = {
          steps: [{ ref: f.object, status: f.status, relation: c.relation }, ...next.steps],
          through: [f.id, ...next.through],
          endsMissing: next.endsMissing,
          endSeverity: next.steps.length > 0 ? next.endSeverity : severityRank(f.severity),
          tier: c.tier,
        };
        key = f.id;
      }
      if (better(tail, best) || (!better(best, tail) && (bestKey === '' || compareText(key, bestKey) < 0))) {
        best = tail;
        bestKey = key;
      }
    }
    visiting.delete(finding.id);
    const trimmed = best.steps.length > MAX_CHAIN_STEPS - 1 ? { ...best, steps: best.steps.slice(0, MAX_CHAIN_STEPS - 1) } : best;
    // Findings are visited in a fixed order, so caching keeps the output deterministic.
    this.memo.set(finding.id, trimmed);
    return trimmed;
  }
}

/** One candidate per target: a Service's 20 pods usually map to one grouped finding. */
function unique(candidates: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const key = c.finding ? c.finding.id : refId(c.missing as ObjectRef);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
