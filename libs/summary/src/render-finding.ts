import type { LayoutItem } from './budget-layout.js';
import { refText, type ChainStep, type Finding, type ObjectRef } from './finding.js';
import { shorten } from './text.js';

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
/** Longest message kept in a finding's one-line form, in characters. */
export const MAX_ONE_LINE_MESSAGE_CHARS = 200;
/** Longest root status kept in a one-line form, in characters. */
const MAX_ROOT_STATUS_CHARS = 60;

/**
 * The part of a message a one-line finding keeps: the whole message when it is at most
 * {@link MAX_ONE_LINE_MESSAGE_CHARS} characters, else as many leading `; `-separated clauses as
 * fit (detectors put the cause words first), else the first clause cut at a word boundary; a
 * cut is marked with `…`.
 */
export function messageClause(message: string, maxChars = MAX_ONE_LINE_MESSAGE_CHARS): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  if (Array.from(flat).length <= maxChars) return flat;
  const clauses = flat.split('; ');
  let kept = '';
  for (const clause of clauses) {
    const next = kept === '' ? clause : `${kept}; ${clause}`;
    if (Array.from(next).length + 1 > maxChars) break;
    kept = next;
  }
  return kept === '' ? shorten(flat, maxChars) : `${kept}…`;
}

/** Evidence quoting a container log: `log: ...`, `log (previous): ...`. */
const LOG_EVIDENCE = /^log(?: \([^)]*\))?: /;
/** Evidence quoting an event: `event Warning BackOff x3, 2m ago: ...`. */
const EVENT_EVIDENCE = /^event /;
const FENCE_OPEN = '<untrusted-data kind="log">';
const FENCE_CLOSE = '</untrusted-data>';

/**
 * Whether an evidence line carries untrusted cluster text a model must read as data: a quoted
 * log line or an event message.
 */
export function isUntrustedEvidence(line: string): boolean {
  return LOG_EVIDENCE.test(line) || EVENT_EVIDENCE.test(line);
}

/**
 * An evidence line as rendered: a log line's text (after its `log ...: ` prefix) is fenced in
 * one-line `<untrusted-data kind="log">` tags, any closing tag inside it escaped, so the model
 * reads it as data; other lines (event lines included, covered by the summary's header note)
 * are returned as they are. Lines already fenced are left alone.
 */
export function fenceEvidence(line: string): string {
  const prefix = LOG_EVIDENCE.exec(line)?.[0];
  if (prefix === undefined) return line;
  const text = line.slice(prefix.length);
  if (text.startsWith('<untrusted-data')) return line;
  return `${prefix}${FENCE_OPEN}${text.replaceAll('</untrusted-data', '<\\/untrusted-data')}${FENCE_CLOSE}`;
}

/** Longest message start kept in a finding's tiniest form, in characters. */
const MAX_TINY_CLAUSE_CHARS = 72;

/**
 * The fewest words that still say why, for a finding's tiniest form: its own short status when
 * that says more than the reason (`CrashLoopBackOff (exit 127: command not found)` gives
 * `exit 127: command not found`), else the start of its message (without the `3 Pods: ` of a
 * group, which the count already says); then `(root: Kind ns/name status)` when the chain goes
 * deeper and those words do not already name the root.
 */
export function tinyCause(finding: Finding): string {
  // A group's status ends in its size (`CrashLoopBackOff (OOMKilled) (5 pods)`), which the count says.
  const own = (finding.chain[0]?.status ?? '').replace(/ \(\d+ pods?\)$/, '');
  const inner = own.startsWith(`${finding.reason} (`) && own.endsWith(')') ? own.slice(finding.reason.length + 2, -1) : own;
  const informative = inner !== '' && inner !== finding.reason && !/^\d+ pods?$/.test(inner);
  const words = informative ? shorten(inner, MAX_TINY_CLAUSE_CHARS) : messageClause(finding.message.replace(/^\d+ \w+: /, ''), MAX_TINY_CLAUSE_CHARS);
  const root = rootOf(finding);
  return root && !words.includes(root.ref.name) ? `${words}${rootText(root)}` : words;
}

/** `(root: Secret shop/db-creds missing)`, or '' when the chain has no other step. */
function rootText(root: ChainStep | undefined): string {
  return root ? ` (root: ${refText(root.ref)} ${shorten(root.status, MAX_ROOT_STATUS_CHARS)})` : '';
}

/**
 * A finding as a layout item, from richest to poorest: everything (chain, evidence, next
 * step, the findings it explains); without evidence; one line with the whole message and the
 * root cause; one line with the message's leading clause (bounded to
 * {@link MAX_ONE_LINE_MESSAGE_CHARS}) and the root cause; one short line with its
 * {@link tinyCause}. Every form keeps the words that say why: the message (or its first clause,
 * or the tiny cause) and, when the chain goes deeper than the finding's own object, the root. Log lines in the evidence are fenced as untrusted.
 */
export function findingItem(finding: Finding, symptoms: readonly Finding[] = []): LayoutItem {
  const head = `- **${finding.severity}** \`${finding.reason}\` ${refText(finding.object)}: ${finding.message}`;
  const root = rootOf(finding);
  const cause = finding.chain.length > 1 ? [`  - cause: ${chainText(finding.chain)}`] : [];
  const fenced = finding.evidence.map(fenceEvidence);
  const evidence = fenced.map((e) => `  - evidence: ${e}`);
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
  const rootShort = rootText(root);
  const clause = messageClause(finding.message);
  const markdown = [
    [head, ...cause, ...evidence, ...next, ...also, id].join('\n'),
    [head, ...cause, ...next, ...also].join('\n'),
    `${head}${rootShort}${alsoShort}`,
    `- ${finding.severity} ${finding.reason} ${refText(finding.object)}${count}: ${clause}${rootShort}${alsoShort}`,
    `- ${finding.severity} ${finding.reason} ${refText(finding.object)}${finding.count > 1 ? ` (x${finding.count})` : ''}: ${tinyCause(finding)}`,
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
    evidence: fenced,
    nextStep: finding.nextStep,
    ...(finding.rootCauseId ? { rootCauseId: finding.rootCauseId } : {}),
    ...(symptoms.length > 0 ? { explainsIds: symptoms.map((f) => f.id) } : {}),
  };
  const { evidence: _evidence, ...withoutEvidence } = full;
  const links = { ...(finding.rootCauseId ? { rootCauseId: finding.rootCauseId } : {}), ...(symptoms.length > 0 ? { explained: symptoms.length } : {}) };
  const json = [
    full,
    withoutEvidence,
    { ...base, message: finding.message, count: finding.count, ...rootJson, ...links },
    { ...base, message: clause, count: finding.count, ...rootJson, ...links },
    { ...base, count: finding.count, cause: tinyCause(finding) },
  ];
  return { markdown, json };
}
