import type { LayoutItem } from './budget-layout.js';
import { refText, type ChainStep, type Finding, type ObjectRef } from './finding.js';

/** `Ingress shop/shop [backend web unavailable] -routes to-> Service shop/web [missing]`. */
export function chainText(chain: readonly ChainStep[]): string {
  return chain
    .map((step, i) => `${i > 0 ? `-${step.relation ?? 'depends on'}-> ` : ''}${refText(step.ref)} [${step.status}]`)
    .join(' ');
}

function objectJson(ref: ObjectRef): Record<string, string> {
  return ref.namespace === undefined ? { kind: ref.kind, name: ref.name } : { kind: ref.kind, namespace: ref.namespace, name: ref.name };
}

function rootOf(finding: Finding): ChainStep | undefined {
  return finding.chain.length > 1 ? finding.chain[finding.chain.length - 1] : undefined;
}

/** Most symptoms named on a root finding's `also:` line. */
const MAX_SYMPTOMS_NAMED = 4;

/**
 * A finding as a layout item, from richest to poorest: everything (chain, evidence, next
 * step, the findings it explains); without evidence; one line with the root cause; one line
 * with the reason only.
 */
export function findingItem(finding: Finding, symptoms: readonly Finding[] = []): LayoutItem {
  const head = `- **${finding.severity}** \`${finding.reason}\` ${refText(finding.object)}: ${finding.message}`;
  const root = rootOf(finding);
  const cause = finding.chain.length > 1 ? [`  - cause: ${chainText(finding.chain)}`] : [];
  const evidence = finding.evidence.map((e) => `  - evidence: ${e}`);
  const next = [`  - next: ${finding.nextStep}`];
  const also =
    symptoms.length === 0
      ? []
      : [
          `  - also explains: ${symptoms
            .slice(0, MAX_SYMPTOMS_NAMED)
            .map((f) => `${refText(f.object)} ${f.reason}`)
            .join('; ')}${symptoms.length > MAX_SYMPTOMS_NAMED ? ` (+${symptoms.length - MAX_SYMPTOMS_NAMED} more)` : ''}`,
        ];
  const alsoShort = symptoms.length === 0 ? '' : ` (+${symptoms.length} explained)`;
  const id = `  - id: ${finding.id}${finding.count > 1 ? `, ${finding.count} objects` : ''}, blast radius ${finding.blastRadius}${finding.explains > 0 ? `, explains ${finding.explains} other findings` : ''}`;
  const count = finding.count > 1 ? ` (${finding.count} objects)` : '';
  const rootShort = root ? ` (root: ${refText(root.ref)} ${root.status})` : '';
  const markdown = [
    [head, ...cause, ...evidence, ...next, ...also, id].join('\n'),
    [head, ...cause, ...next, ...also].join('\n'),
    `${head}${rootShort}${alsoShort}`,
    `- ${finding.severity} ${finding.reason} ${refText(finding.object)}${count}${rootShort}${alsoShort}`,
  ];
  const base = { id: finding.id, severity: finding.severity, reason: finding.reason, object: objectJson(finding.object) };
  const rootJson = root ? { rootCause: { ...objectJson(root.ref), status: root.status } } : {};
  const full = {
    ...base,
    message: finding.message,
    count: finding.count,
    ...(finding.examples.length > 0 ? { examples: finding.examples } : {}),
    blastRadius: finding.blastRadius,
    explains: finding.explains,
    ...(finding.lastSeen ? { lastSeen: finding.lastSeen } : {}),
    chain: finding.chain.map((s) => ({ ...objectJson(s.ref), status: s.status, ...(s.relation ? { relation: s.relation } : {}), ...(s.missing ? { missing: true } : {}) })),
    evidence: finding.evidence,
    nextStep: finding.nextStep,
    ...(finding.rootCauseId ? { rootCauseId: finding.rootCauseId } : {}),
    ...(symptoms.length > 0 ? { explainsIds: symptoms.map((f) => f.id) } : {}),
  };
  const { evidence: _evidence, ...withoutEvidence } = full;
  const links = { ...(finding.rootCauseId ? { rootCauseId: finding.rootCauseId } : {}), ...(symptoms.length > 0 ? { explained: symptoms.length } : {}) };
  const json = [full, withoutEvidence, { ...base, message: finding.message, count: finding.count, ...rootJson, ...links }, { ...base, count: finding.count, ...rootJson, ...links }];
  return { markdown, json };
}
