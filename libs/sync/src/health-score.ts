import type { InformerState, InformerStatus } from './informer-status.js';

const CREDIT: Readonly<Record<InformerState, number>> = Object.freeze({
  synced: 1,
  degraded: 0.5,
  pending: 0,
  failed: 0,
  stopped: 0,
});

/**
 * A 0-100 health score of the sync, computed as follows:
 * 1. each informer earns a credit: `synced` 1 (halved to 0.5 when its `lagMs` exceeds
 *    `lagThresholdMs`), `degraded` 0.5 (RBAC or the API refuses the kind: partial, but expected
 *    for restricted identities), `pending`, `failed` and `stopped` 0;
 * 2. a kind's credit is the mean of its informers' (one per namespace when the policy lists
 *    namespaces), so many namespaces do not outweigh the cluster-scoped kinds;
 * 3. the score is 100 x the mean credit over kinds, rounded to an integer. No informers: 100.
 *
 * So 24 kinds with 5 degraded score 90; one failed kind of 24 scores 96; all lagging score 50.
 */
export function computeHealthScore(statuses: readonly InformerStatus[], lagThresholdMs: number): number {
  const byKind = new Map<string, number[]>();
  for (const s of statuses) {
    let credit = CREDIT[s.state];
    if (s.state === 'synced' && (s.lagMs ?? 0) > lagThresholdMs) credit /= 2;
    const credits = byKind.get(s.resource);
    if (credits) credits.push(credit);
    else byKind.set(s.resource, [credit]);
  }
  if (byKind.size === 0) return 100;
  let sum = 0;
  for (const credits of byKind.values()) sum += credits.reduce((a, b) => a + b, 0) / credits.length;
  return Math.round((100 * sum) / byKind.size);
}
