import type { DiagnosisScenario } from './diagnosis-scenario.js';

/** How one summary did on one scenario. */
export interface ScenarioScore {
  readonly id: string;
  /** A finding names the expected object and carries the root-cause words. */
  readonly found: boolean;
  /** A finding names the expected object, with or without the cause. */
  readonly named: boolean;
  /** The finding that matched best (the first naming the object when none has the cause). */
  readonly evidence?: string;
}

/**
 * Splits a markdown summary into finding blocks: a line starting with `- ` opens a block and
 * the indented lines under it (`  - cause: ...`) belong to it.
 */
export function findingBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let current: string[] | undefined;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('- ')) {
      if (current) blocks.push(current.join('\n'));
      current = [line];
    } else if (current && line.startsWith('  ')) {
      current.push(line);
    } else if (current) {
      blocks.push(current.join('\n'));
      current = undefined;
    }
  }
  if (current) blocks.push(current.join('\n'));
  return blocks;
}

/** A controller's generated suffix: ReplicaSet and pod hashes, StatefulSet ordinals, Job pods. */
const GENERATED = '(?:-[a-z0-9]{5,10}(?:-[a-z0-9]{5})?|-\\d+)?';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether `block` names `namespace/name` (or the bare `name` of a cluster-scoped object, when
 * `namespace` is undefined): the object itself, or one of its controller's generated children
 * (ReplicaSet/Pod hash suffixes, StatefulSet ordinals, Job pod suffixes).
 */
export function namesObject(block: string, namespace: string | undefined, name: string): boolean {
  const qualified = namespace === undefined ? escape(name) : `${escape(namespace)}/${escape(name)}`;
  return new RegExp(`(?:^|[^a-z0-9/-])${qualified}${GENERATED}(?![a-z0-9-])`).test(block);
}

/**
 * The block with what must not count as cause words: the namespace name (scenario ids such as
 * `probe-wrong-port` describe the fault) and object UIDs (hex that can hold any exit code).
 */
function withoutNames(block: string, namespace: string): string {
  return block.replaceAll(namespace, 'NS').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UID');
}

/**
 * Scores a markdown summary against a scenario: found when one finding block names an expected
 * object of the scenario's namespace and matches its cause regex within that same block (the
 * namespace name and UIDs masked, so they cannot supply the words).
 */
export function scoreSummary(markdown: string, scenario: DiagnosisScenario): ScenarioScore {
  const naming = findingBlocks(markdown).filter((b) => scenario.expect.objects.some((o) => namesObject(b, o.clusterScoped ? undefined : scenario.namespace, o.name)));
  const hit = naming.find((b) => scenario.expect.cause.test(withoutNames(b, scenario.namespace)));
  const shown = hit ?? naming[0];
  return { id: scenario.id, found: hit !== undefined, named: naming.length > 0, ...(shown === undefined ? {} : { evidence: shown }) };
}

/**
 * Whether raw tool output (a peer's object lists and events, not findings) holds the evidence a
 * diagnosis needs: some text names an expected object (its name as a word, or a generated
 * child's) and some text matches the cause regex, the namespace name and UIDs masked. A generous
 * test: the evidence being somewhere in the output is not a diagnosis.
 */
export function evidenceIn(texts: readonly string[], scenario: DiagnosisScenario): { readonly object: boolean[]; readonly cause: boolean[] } {
  const names = scenario.expect.objects.map((o) => new RegExp(`(?:^|[^a-z0-9-])${escape(o.name)}${GENERATED}(?![a-z0-9-])`));
  return {
    object: texts.map((t) => names.some((re) => re.test(withoutNames(t, scenario.namespace)))),
    cause: texts.map((t) => scenario.expect.cause.test(withoutNames(t, scenario.namespace))),
  };
}
