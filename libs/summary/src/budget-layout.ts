import { omittedLine, SummaryBudgetError } from './fit-to-budget.js';
import { utf8Bytes } from './text.js';

/** Output format of a summary: markdown for models and people, JSON for programs. */
export type SummaryFormat = 'markdown' | 'json';

/** One item of a section, in several renderings from richest to poorest (at least one). */
export interface LayoutItem {
  /** Markdown renderings; each may span lines and is never cut. */
  readonly markdown: readonly string[];
  /** JSON renderings (same count as `markdown`). */
  readonly json: readonly unknown[];
}

/** A titled list of items, most important first. */
export interface LayoutSection {
  /** JSON property name. */
  readonly key: string;
  /** Markdown heading text. */
  readonly title: string;
  readonly items: readonly LayoutItem[];
  /**
   * How many leading items must be kept, in their poorest form, before any item of any section
   * gets a richer form or a later item is kept (e.g. one line per broken namespace in a
   * cluster-wide summary). Default 0: the section competes only through its order.
   */
  readonly essential?: number;
  /**
   * Under pressure, kept and enriched before the sections without it, whatever the display
   * order: findings win over inventory (resource counts, lists), which shrinks first to its
   * omission count. Default false.
   */
  readonly fillFirst?: boolean;
}

/** A whole summary before fitting: a header always kept, then sections. */
export interface LayoutDocument {
  /** Markdown header lines (kept whole). */
  readonly markdownHeader: string;
  /** JSON header properties (kept whole), placed before the sections. */
  readonly jsonHeader: Readonly<Record<string, unknown>>;
  readonly sections: readonly LayoutSection[];
}

/** What {@link fitLayout} produced. */
export interface FittedLayout {
  readonly text: string;
  /** UTF-8 bytes of `text` (never above the budget). */
  readonly bytes: number;
  /** Items left out, over all sections. */
  readonly omittedItems: number;
  /** Items rendered in a shorter form than their richest. */
  readonly shortenedItems: number;
}

/** Items per section that keep their second-richest rendering under pressure. */
const RICH_TOP = 3;
/** Fewest items a summary must still list for {@link RICH_TOP} to apply. */
const MIN_ITEMS_WITH_RICH_TOP = 8;

/** Per section: how many items are kept and which rendering each kept item uses. */
type Selection = number[][];

function renderMarkdown(doc: LayoutDocument, selection: Selection): string {
  const parts = [doc.markdownHeader];
  doc.sections.forEach((section, i) => {
    const chosen = selection[i] as number[];
    const lines = [`## ${section.title} (${section.items.length})`];
    chosen.forEach((variant, j) => lines.push((section.items[j] as LayoutItem).markdown[variant] as string));
    const omitted = section.items.length - chosen.length;
    if (omitted > 0) lines.push(omittedLine(omitted));
    if (section.items.length === 0) lines.push('(none)');
    parts.push(lines.join('\n'));
  });
  return parts.join('\n\n') + '\n';
}

function renderJson(doc: LayoutDocument, selection: Selection): string {
  const out: Record<string, unknown> = { ...doc.jsonHeader };
  const omitted: Record<string, number> = {};
  doc.sections.forEach((section, i) => {
    const chosen = selection[i] as number[];
    out[section.key] = chosen.map((variant, j) => (section.items[j] as LayoutItem).json[variant]);
    out[`${section.key}Total`] = section.items.length;
    if (chosen.length < section.items.length) omitted[section.key] = section.items.length - chosen.length;
  });
  out['omitted'] = omitted;
  return JSON.stringify(out);
}

function render(doc: LayoutDocument, selection: Selection, format: SummaryFormat): string {
  return format === 'json' ? renderJson(doc, selection) : renderMarkdown(doc, selection);
}

function variantBytes(item: LayoutItem, variant: number, format: SummaryFormat): number {
  return format === 'json' ? utf8Bytes(JSON.stringify(item.json[variant])) : utf8Bytes(item.markdown[variant] as string);
}


/**
 * Renders a document within `maxBytes` of UTF-8, never cutting text. Everything in its richest
 * form when that fits; otherwise, in order of priority:
 * 1. each section's {@link LayoutSection.essential} items, one form richer than their poorest
 *    when all of them fit so, else in their poorest form (earlier sections first, as many as
 *    fit);
 * 2. the first three items of each section in their second-richest form (fewer, down to none,
 *    when that would cost an essential item, leave fewer than eight items kept where poorest
 *    forms would keep them, or, when some items are essential, keep a kept item from its
 *    second-poorest form that fits otherwise), and as many further items in their poorest form
 *    as fit, {@link LayoutSection.fillFirst} sections (findings) first, then the others (inventory
 *    shrinks to its omission count first), earlier sections first within each, the rest of a
 *    section counted as omitted;
 * 3. kept items enriched again while the budget allows, breadth first: every item one form
 *    richer (in order, `fillFirst` sections first) before any item gets two.
 * Deterministic: the same document and budget give the same bytes.
 *
 * @throws SummaryBudgetError when even the header and section titles exceed `maxBytes`
 */
export function fitLayout(doc: LayoutDocument, format: SummaryFormat, maxBytes: number): FittedLayout {
  const fits = (selection: Selection): boolean => utf8Bytes(render(doc, selection, format)) <= maxBytes;
  // Section indexes in the order they are filled and enriched: `fillFirst` ones, then the rest.
  const fillOrder = [...doc.sections.keys()].sort((a, b) => Number(doc.sections[b]?.fillFirst === true) - Number(doc.sections[a]?.fillFirst === true));
  const full: Selection = doc.sections.map((s) => s.items.map(() => 0));
  const finish = (selection: Selection): FittedLayout => {
    const text = render(doc, selection, format);
    const total = doc.sections.reduce((n, s) => n + s.items.length, 0);
    const kept = selection.reduce((n, s) => n + s.length, 0);
    const shortened = selection.reduce((n, s) => n + s.filter((v) => v > 0).length, 0);
    return { text, bytes: utf8Bytes(text), omittedItems: total - kept, shortenedItems: shortened };
  };
  if (fits(full)) return finish(full);

  const poorestAll = (section: LayoutSection): number[] => section.items.map((item) => item.markdown.length - 1);
  // Each section at its cheapest: all items in their poorest form when that is shorter than
  // the omission note (a few tiny items), else none.
  const minimal: Selection = doc.sections.map(() => []);
  doc.sections.forEach((section, i) => {
    const none = utf8Bytes(render(doc, minimal, format));
    minimal[i] = poorestAll(section);
    if (utf8Bytes(render(doc, minimal, format)) >= none) minimal[i] = [];
  });
  if (!fits(minimal)) {
    throw new SummaryBudgetError(utf8Bytes(render(doc, minimal, format)), maxBytes);
  }
  const essential = doc.sections.map((s) => Math.max(0, Math.min(s.essential ?? 0, s.items.length)));
  // Every kept item one form richer than its poorest (in a cluster-wide summary: each broken
  // namespace's line with its message, not only its tiniest cause).
  const oneRicher = (s: Selection): Selection =>
    s.map((c, i) =>
      c.map((v, j) => {
        const poorestVariant = ((doc.sections[i] as LayoutSection).items[j] as LayoutItem).markdown.length - 1;
        return v === poorestVariant && poorestVariant > 0 ? poorestVariant - 1 : v;
      }),
    );
  const breadthFirst = essential.some((e) => e > 0);
  // Essential items one form richer than their poorest when all of them fit so: a broken
  // namespace's line then says why in its message's words, before other items are kept.
  const essentialPoorest: Selection = minimal.map((m, i) => ((essential[i] as number) > 0 ? poorestAll(doc.sections[i] as LayoutSection).slice(0, essential[i]) : [...m]));
  const essentialRicher = breadthFirst && fits(oneRicher(essentialPoorest)) ? essential : essential.map(() => 0);
  // The first `count` items of a section: the first `richTop` in their second-richest form, then
  // the essential ones one form richer than their poorest when they all fit so, the rest in
  // their poorest.
  const variants = (i: number, count: number, richTop: number): number[] => {
    const richer = essentialRicher[i] as number;
    return (doc.sections[i] as LayoutSection).items.slice(0, count).map((item, j) => {
      const poorestVariant = item.markdown.length - 1;
      if (j < richTop) return Math.min(1, poorestVariant);
      return j < richer ? Math.max(0, poorestVariant - 1) : poorestVariant;
    });
  };
  // Sets chosen[i] to the longest prefix of at most `high` items (at least `low`) that fits with
  // the other sections as chosen; keeps `fallback` when none does. Below all items the size
  // grows with the count (an item costs more than the one digit the omission note may shrink
  // by), so a binary search finds it; all items is tried on its own (no omission note).
  const longestPrefix = (chosen: Selection, i: number, low: number, high: number, richTop: number): void => {
    const section = doc.sections[i] as LayoutSection;
    const fallback = chosen[i] as number[];
    chosen[i] = variants(i, high, richTop);
    if (fits(chosen)) return;
    let lo = low;
    let hi = Math.min(high, section.items.length - 1);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      chosen[i] = variants(i, mid, richTop);
      if (fits(chosen)) lo = mid;
      else hi = mid - 1;
    }
    chosen[i] = variants(i, lo, richTop);
    if (!fits(chosen) || (chosen[i] as number[]).length < fallback.length) chosen[i] = fallback;
  };
  const layout = (richTop: number): Selection => {
    const chosen: Selection = minimal.map((m) => [...m]);
    // Essential items first, with the later sections still minimal.
    essential.forEach((count, i) => {
      if (count > (chosen[i] as number[]).length) longestPrefix(chosen, i, 0, count, richTop);
    });
    // Then as many items as fit, section by section (findings before inventory).
    for (const i of fillOrder) longestPrefix(chosen, i, (chosen[i] as number[]).length, (doc.sections[i] as LayoutSection).items.length, richTop);
    return chosen;
  };
  // Items that count towards "enough items": those of `fillFirst` sections when there are any
  // (inventory kept instead of findings is not enough).
  const anyFirst = doc.sections.some((section) => section.fillFirst === true);
  const kept = (s: Selection): number => s.reduce((n, c, i) => n + (!anyFirst || doc.sections[i]?.fillFirst === true ? c.length : 0), 0);
  const poorest = layout(0);
  // Details for the top items only while they cost no essential item and leave enough items.
  const acceptable = (s: Selection): boolean =>
    kept(s) >= Math.min(kept(poorest), MIN_ITEMS_WITH_RICH_TOP) &&
    s.every((c, i) => c.length >= Math.min((poorest[i] as number[]).length, essential[i] as number)) &&
    // With essential items, details for the top ones only once every kept line can say why.
    (!breadthFirst || fits(oneRicher(s)) || !fits(oneRicher(poorest)));
  let selection = poorest;
  for (let richTop = RICH_TOP; richTop > 0; richTop--) {
    const rich = layout(richTop);
    if (acceptable(rich)) {
      selection = rich;
      break;
    }
  }

  // Enrich breadth first: every kept item one form richer (in order) before any gets two, so
  // the words that say why reach every line before any line gets its evidence.
  let used = utf8Bytes(render(doc, selection, format));
  const poorestVariant = Math.max(0, ...doc.sections.flatMap((s) => s.items.map((item) => item.markdown.length - 1)));
  for (let level = poorestVariant - 1; level >= 0; level--) {
    fillOrder.forEach((i) => {
      const section = doc.sections[i] as LayoutSection;
      const chosen = selection[i] as number[];
      chosen.forEach((current, j) => {
        if (current <= level) return;
        const item = section.items[j] as LayoutItem;
        const target = Math.min(level, item.markdown.length - 1);
        const delta = variantBytes(item, target, format) - variantBytes(item, current, format);
        if (used + delta <= maxBytes) {
          chosen[j] = target;
          used += delta;
        }
      });
    });
  }
  // The deltas are exact (an item's text is replaced in place); this guards the hard cap anyway.
  while (!fits(selection)) {
    const last = selection.map((s, i) => (s.length > 0 ? i : -1)).filter((i) => i >= 0).pop();
    if (last === undefined) break;
    (selection[last] as number[]).pop();
  }
  return finish(selection);
}
