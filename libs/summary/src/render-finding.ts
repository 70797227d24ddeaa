import type { LayoutItem } from './budget-layout.js';
import { refText, type ChainStep, type Finding, type ObjectRef } from './finding.js';
import { shorten } from './text.js';
import { closeCutFences, fenceInline, fenceTagChars, neutraliseOutsideFences } from './untrusted-text.js';

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
 * cut is marked with `…`, and an untrusted-data fence it cut through is closed after it. Fence
 * tags do not count towards `maxChars`.
 */
export function messageClause(message: string, maxChars = MAX_ONE_LINE_MESSAGE_CHARS): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  // Fence tags around a quoted log line are markup: the bound counts the words only.
  const length = (text: string) => Array.from(text).length - fenceTagChars(text);
  if (length(flat) <= maxChars) return flat;
  const clauses = flat.split('; ');
  let kept = '';
  for (const clause of clauses) {
    const next = kept === '' ? clause : `${kept}; ${clause}`;
    if (length(next) + 1 > maxChars) break;
    kept = next;
  }
  // A cut through a quoted log line (an inline fence) closes the fence again.
  return closeCutFences(kept === '' ? shorten(flat, maxChars + fenceTagChars(flat)) : `${kept}…`);
}

/** Evidence quoting a container log: `log: ...`, `log (previous): ...`. */
const LOG_EVIDENCE = /^log(?: \([^)]*\))?: /;

/**
 * An evidence line as rendered, fenced as untrusted cluster data on one line: a log line's text
 * after its `log ...: ` prefix in `<untrusted-data kind="log">` tags, any other line whole in
 * `<untrusted-data>` tags. Evidence is what the cluster says, and most of it quotes text a
 * workload or user wrote (events, condition, container and termination messages, commands,
 * reasons); fencing every line misses none. Every spelling of the tags inside is neutralised,
 * whatever the text, so a line cannot end its fence early.
 */
export function fenceEvidence(line: string): string {
  const prefix = LOG_EVIDENCE.exec(line)?.[0];
  return prefix === undefined ? fenceInline(line) : `${prefix}${fenceInline(line.slice(prefix.length), 'log')}`;
}

/** Text that quotes the cluster (a message, a status): on one line, every tag spelling outside its own fences neutralised. */
function oneLine(text: string): string {
  return neutraliseOutsideFences(text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' '));
}

/**
 * The finding with the text it quotes from the cluster outside evidence (in its message,
 * statuses, next step and examples) made safe to show unfenced: one line each, no tag spelling.
 */
function withSafeText(finding: Finding): Finding {
  return {
    ...finding,
    id: oneLine(finding.id),
    reason: oneLine(finding.reason),
    message: oneLine(finding.message),
    nextStep: oneLine(finding.nextStep),
    examples: finding.examples.map(oneLine),
    chain: finding.chain.map((step) => ({ ...step, status: oneLine(step.status) })),
  };
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
 * or the tiny cause) and, when the chain goes deeper than the finding's own object, the root.
 * Evidence lines are fenced as untrusted data ({@link fenceEvidence}); the message, statuses and
 * next step are put on one line with every spelling of the fence tags neutralised.
 */
export function findingItem(raw: Finding, symptoms: readonly Finding[] = []): LayoutItem {
  const finding = withSafeText(raw);
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
