/**
 * Thrown by {@link fitToBudget} when even the smallest rendering (every section's title and
 * omission line, or the whole section when that is shorter) exceeds the budget.
 */
export class SummaryBudgetError extends Error {
  /** Stable machine-readable error code. */
  readonly code = 'SUMMARY_BUDGET_TOO_SMALL' as const;
  /** Smallest budget that would have worked, in bytes. */
  readonly minimumBytes: number;
  /** The budget that was given, in bytes. */
  readonly maxBytes: number;

  /** Builds the error from the minimum needed and the budget given. */
  constructor(minimumBytes: number, maxBytes: number) {
    super(
      `A summary needs at least ${minimumBytes} bytes for its section titles and omission notes, ` +
        `but the budget is ${maxBytes} bytes: raise the budget (MAX_SUMMARY_SIZE_KB) or ask for fewer sections.`,
    );
    this.name = 'SummaryBudgetError';
    this.minimumBytes = minimumBytes;
    this.maxBytes = maxBytes;
  }
}

/** One titled section of a summary; its items are kept whole, in order, or omitted and counted. */
export interface SummarySection {
  /** Title line, always kept (e.g. `Pods in shop (12)`). */
  readonly title: string;
  /** Item lines, most important first. An item may span several lines; it is never cut. */
  readonly items: readonly string[];
}

/** Result of {@link fitToBudget}. */
export interface FittedSummary {
  /** The rendered text; its UTF-8 length is `bytes` <= maxBytes. */
  readonly text: string;
  /** UTF-8 byte length of `text`. */
  readonly bytes: number;
  /** Items kept, over all sections. */
  readonly keptItems: number;
  /** Items omitted, over all sections. */
  readonly omittedItems: number;
}

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** The line that replaces `count` omitted items of a section. */
export function omittedLine(count: number): string {
  return `(${count} more omitted)`;
}

/**
 * Renders sections into at most `maxBytes` bytes of UTF-8 without ever cutting an item: each
 * section is its title, then as many of its items as fit (in order), then `(N more omitted)` when
 * some did not; sections are separated by a blank line. Earlier sections get the budget first;
 * once an item of a section does not fit, the rest of that section is omitted and the next
 * section is tried. Every title and omission line is always present.
 *
 * @throws SummaryBudgetError when titles and omission lines alone (or whole sections, where
 *   shorter) exceed `maxBytes`
 * @throws RangeError when maxBytes is not a non-negative integer
 */
export function fitToBudget(sections: readonly SummarySection[], maxBytes: number): FittedSummary {
  if (!Number.isInteger(maxBytes) || maxBytes < 0) {
    throw new RangeError(`maxBytes must be a non-negative integer, got ${maxBytes}`);
  }
  // Byte cost model: lines of a section are joined by "\n"; sections by "\n\n".
  const n = sections.map((s) => s.items.length);
  const itemCosts = sections.map((s) => s.items.map((item) => utf8(item) + 1));
  const omittedCost = (count: number): number => (count === 0 ? 0 : utf8(omittedLine(count)) + 1);
  const titleCost = sections.map((s, i) => utf8(s.title) + (i > 0 ? 2 : 0));
  const fullCost = sections.map((_, i) => (titleCost[i] as number) + sum(itemCosts[i] as number[]));
  const emptyCost = sections.map((_, i) => (titleCost[i] as number) + omittedCost(n[i] as number));
  // The cheapest rendering of a section: all of it, or its title and omission line.
  const minCost = sections.map((_, i) => Math.min(fullCost[i] as number, emptyCost[i] as number));

  const minimum = sum(minCost);
  if (minimum > maxBytes) throw new SummaryBudgetError(minimum, maxBytes);

  const kept = sections.map(() => 0);
  let used = 0;
  let reserved = minimum;
  sections.forEach((section, i) => {
    reserved -= minCost[i] as number;
    const available = maxBytes - used - reserved;
    const count = n[i] as number;
    if ((fullCost[i] as number) <= available) {
      kept[i] = count;
      used += fullCost[i] as number;
      return;
    }
    // Below all items, the size only grows with each item kept (an item costs at least its
    // newline; the omission line shrinks by at most one digit), so the first misfit ends it.
    const costs = itemCosts[i] as number[];
    let size = emptyCost[i] as number;
    for (let k = 0; k < count - 1; k++) {
      const next = size + (costs[k] as number) - omittedCost(count - k) + omittedCost(count - k - 1);
      if (next > available) break;
      size = next;
      kept[i] = k + 1;
    }
    used += size;
  });

  const text = sections
    .map((section, i) => {
      const count = kept[i] as number;
      const lines = [section.title, ...section.items.slice(0, count)];
      if (count < section.items.length) lines.push(omittedLine(section.items.length - count));
      return lines.join('\n');
    })
    .join('\n\n');
  const keptItems = sum(kept);
  return { text, bytes: utf8(text), keptItems, omittedItems: sum(n) - keptItems };
}
