// Helpers for detector unit tests.
import type { Finding } from '../finding.js';
import { stateFromObjects } from '../cluster-state.js';
import { detectAnomalies, type AnomalyOptions } from '../detect-anomalies.js';
import { type ClusterBuilder, NOW } from './fixtures.js';

/** Findings of a built cluster at {@link NOW}. */
export function findingsOf(builder: ClusterBuilder, options: AnomalyOptions = {}): Finding[] {
  return detectAnomalies(stateFromObjects(builder.build()), { now: NOW, ...options });
}

/** The one finding with `reason` (and object name, when given); throws a readable error otherwise. */
export function only(findings: readonly Finding[], reason: string, name?: string): Finding {
  const hits = findings.filter((f) => f.reason === reason && (name === undefined || f.object.name === name));
  if (hits.length !== 1) {
    throw new Error(`expected one ${reason}${name ? ` on ${name}` : ''}, got ${hits.length}: ${findings.map((f) => f.id).join(', ')}`);
  }
  return hits[0] as Finding;
}

/** Reasons of the findings, sorted. */
export function reasons(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.reason).sort();
}
