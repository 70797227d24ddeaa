import type { ClusterIndex } from './cluster-index.js';
import { findingId, refId, severityRank, type CauseRef, type ObjectRef, type RawFinding, type Severity } from './finding.js';
import { compareText, plural } from './text.js';

/** Most example names a grouped finding lists. */
export const MAX_EXAMPLES = 3;

/** A finding after grouping: one object, or several look-alike objects under their owner. */
export interface GroupedFinding {
  readonly id: string;
  readonly severity: Severity;
  readonly reason: string;
  readonly object: ObjectRef;
  readonly message: string;
  readonly evidence: readonly string[];
  readonly nextStep: string;
  readonly causes: readonly CauseRef[];
  readonly status: string;
  readonly lastSeen: number | undefined;
  /** Ids of the objects it stands for (the object itself when not grouped), sorted. */
  readonly memberIds: readonly string[];
  readonly examples: readonly string[];
  /** Id of the outermost controller of its members (its own object id when it has none). */
  readonly ownerId: string;
}

function worst(findings: readonly RawFinding[]): Severity {
  return findings.reduce<Severity>((w, f) => (severityRank(f.severity) < severityRank(w) ? f.severity : w), 'info');
}

function mergeCauses(findings: readonly RawFinding[]): CauseRef[] {
  const byId = new Map<string, CauseRef>();
  for (const f of findings) for (const c of f.causes ?? []) if (!byId.has(refId(c.ref))) byId.set(refId(c.ref), c);
  return [...byId.entries()].sort(([a], [b]) => compareText(a, b)).map(([, c]) => c);
}

/** 1 when a finding quotes a container log in its evidence (`log: ...`, `log (previous): ...`). */
function quotesLog(finding: RawFinding): number {
  return finding.evidence.some((e) => e.startsWith('log')) ? 1 : 0;
}

/**
 * Groups look-alike findings: the same reason (and key, e.g. container or missing Secret) on
 * objects with the same outermost controller becomes one finding about that controller, with a
 * count and a few example names (40 pods of Deployment `web` in ImagePullBackOff -> one
 * finding). A lone finding stays about its own object. Output is sorted by id.
 */
export function groupFindings(index: ClusterIndex, raw: readonly RawFinding[]): GroupedFinding[] {
  const groups = new Map<string, { owner: ObjectRef; members: RawFinding[] }>();
  for (const f of raw) {
    const object = f.object.namespace !== undefined ? index.get(f.object) : undefined;
    const owner = object ? index.topOwner(f.object.kind, object) : f.object;
    const key = `${f.reason}|${refId(owner)}|${f.key ?? ''}`;
    const group = groups.get(key);
    if (group) group.members.push(f);
    else groups.set(key, { owner, members: [f] });
  }
  const result: GroupedFinding[] = [];
  for (const { owner, members } of groups.values()) {
    const byObject = new Map<string, RawFinding>();
    for (const m of members) {
      const id = refId(m.object);
      const current = byObject.get(id);
      if (!current || severityRank(m.severity) < severityRank(current.severity)) byObject.set(id, m);
    }
    // The representative: the worst, then one whose log was read (only a few containers per
    // summary are: its message quotes the cause), then by id.
    const ordered = [...byObject.values()].sort(
      (a, b) => severityRank(a.severity) - severityRank(b.severity) || quotesLog(b) - quotesLog(a) || compareText(refId(a.object), refId(b.object)),
    );
    const rep = ordered[0] as RawFinding;
    const memberIds = [...byObject.keys()].sort(compareText);
    const lastSeen = members.reduce<number | undefined>((n, m) => (m.lastSeen !== undefined && (n === undefined || m.lastSeen > n) ? m.lastSeen : n), undefined);
    const ownerId = refId(owner);
    if (memberIds.length === 1) {
      result.push({
        id: findingId(rep.reason, rep.object, rep.key),
        severity: rep.severity,
        reason: rep.reason,
        object: rep.object,
        message: rep.message,
        evidence: rep.evidence,
        nextStep: rep.nextStep,
        causes: mergeCauses(members),
        status: rep.status ?? rep.reason,
        lastSeen,
        memberIds,
        examples: [],
        ownerId,
      });
      continue;
    }
    const kind = rep.object.kind;
    const names = ordered.map((m) => m.object.name).sort(compareText);
    const count = memberIds.length;
    result.push({
      id: findingId(rep.reason, owner, rep.key),
      severity: worst(members),
      reason: rep.reason,
      object: owner,
      message: `${plural(count, kind)}: ${rep.message}`,
      evidence: [...rep.evidence, `e.g. ${rep.object.name}; ${kind.toLowerCase()}s: ${names.slice(0, MAX_EXAMPLES).join(', ')}${count > MAX_EXAMPLES ? ` (+${count - MAX_EXAMPLES} more)` : ''}`],
      nextStep: rep.nextStep,
      causes: mergeCauses(members),
      status: `${rep.status ?? rep.reason} (${plural(count, kind.toLowerCase())})`,
      lastSeen,
      memberIds,
      examples: names.slice(0, MAX_EXAMPLES),
      ownerId,
    });
  }
  return result.sort((a, b) => compareText(a.id, b.id));
}
