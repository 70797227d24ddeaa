import { describe, expect, it } from 'vitest';
import { fitToBudget, omittedLine, SummaryBudgetError, type SummarySection } from './fit-to-budget.js';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

const pods: SummarySection = {
  title: 'Pods in shop (4)',
  items: ['web-1 Running', 'web-2 CrashLoopBackOff (OOMKilled)', 'db-0 Running', 'worker-9 Pending: Unschedulable'],
};
const events: SummarySection = { title: 'Warning events (2)', items: ['BackOff web-2', 'FailedMount db-0'] };

describe('fitToBudget', () => {
  it('returns everything, unchanged, when it fits', () => {
    const full = [pods.title, ...pods.items].join('\n') + '\n\n' + [events.title, ...events.items].join('\n');
    const result = fitToBudget([pods, events], 10_000);
    expect(result.text).toBe(full);
    expect(result).toMatchObject({ bytes: bytes(full), keptItems: 6, omittedItems: 0 });
  });

  it('is exact at the boundary: the full text fits in exactly its own length', () => {
    const full = fitToBudget([pods, events], 10_000);
    expect(fitToBudget([pods, events], full.bytes).text).toBe(full.text);
    expect(fitToBudget([pods, events], full.bytes - 1).omittedItems).toBeGreaterThan(0);
  });

  it('keeps whole items in order and counts the rest', () => {
    const result = fitToBudget([pods], 60);
    expect(result.text).toBe('Pods in shop (4)\nweb-1 Running\n(3 more omitted)');
    expect(result).toMatchObject({ keptItems: 1, omittedItems: 3 });
  });

  it('gives earlier sections the budget first, then tries later sections', () => {
    const big: SummarySection = { title: 'A', items: ['x'.repeat(50), 'short'] };
    const small: SummarySection = { title: 'B', items: ['b1', 'b2'] };
    const result = fitToBudget([big, small], 40);
    // 'x'*50 cannot fit, so the rest of A is omitted, and B still gets its items.
    expect(result.text).toBe('A\n(2 more omitted)\n\nB\nb1\nb2');
    expect(result.bytes).toBe(27);
  });

  it('never exceeds the budget, for every budget from the minimum up', () => {
    const sections = [pods, events, { title: 'Empty section', items: [] }];
    const minimum = bytes('Pods in shop (4)\n(4 more omitted)\n\nWarning events (2)\n(2 more omitted)\n\nEmpty section');
    expect(() => fitToBudget(sections, minimum - 1)).toThrow(SummaryBudgetError);
    for (let budget = minimum; budget <= 250; budget++) {
      const result = fitToBudget(sections, budget);
      expect(bytes(result.text)).toBe(result.bytes);
      expect(result.bytes).toBeLessThanOrEqual(budget);
      // Every line is a title, a whole item or an omission line.
      const allowed = new Set([...sections.flatMap((s) => [s.title, ...s.items]), '']);
      for (const line of result.text.split('\n')) {
        expect(allowed.has(line) || /^\(\d+ more omitted\)$/.test(line), line).toBe(true);
      }
    }
  });

  it('counts UTF-8 bytes, not characters, for multibyte text', () => {
    // é is 2 bytes, 漢 3 bytes, 🚀 4 bytes (a surrogate pair: 2 UTF-16 units).
    const section: SummarySection = { title: 'Ünïcode', items: ['é'.repeat(10), '漢字'.repeat(5), '🚀'.repeat(5)] };
    const titleBytes = bytes('Ünïcode');
    expect(titleBytes).toBe(9);
    const full = fitToBudget([section], 1000);
    expect(full.bytes).toBe(9 + 1 + 20 + 1 + 30 + 1 + 20);
    expect(full.text.length).toBeLessThan(full.bytes);
    // One byte short of the full text: the last item (emoji) must go entirely, never half a pair.
    const cut = fitToBudget([section], full.bytes - 1);
    expect(cut.text).toBe(`Ünïcode\n${'é'.repeat(10)}\n${'漢字'.repeat(5)}\n(1 more omitted)`);
    expect(cut.text).not.toContain('\uFFFD');
    expect(cut.bytes).toBeLessThanOrEqual(full.bytes - 1);
  });

  it('never splits a multi-line item', () => {
    const section: SummarySection = { title: 'Logs', items: ['line 1\nline 2\nline 3', 'next'] };
    const full = 'Logs\nline 1\nline 2\nline 3\nnext';
    const result = fitToBudget([section], bytes(full) - 1);
    expect(result.text).toBe('Logs\n(2 more omitted)');
  });

  it('keeps every item when all fit even though a prefix plus its omission line would not', () => {
    const section: SummarySection = { title: 'T', items: ['a', 'b'] };
    // All: "T\na\nb" = 5 bytes. One item: "T\na\n(1 more omitted)" = 20 bytes.
    expect(fitToBudget([section], 5).text).toBe('T\na\nb');
    expect(() => fitToBudget([section], 4)).toThrow(expect.objectContaining({ minimumBytes: 5 }));
  });

  it('keeps the most items any prefix allows (matches a brute-force search)', () => {
    const sections: SummarySection[] = [
      { title: 'Pods', items: ['a'.repeat(7), 'ü'.repeat(3), '', 'x', '🚀🚀'] },
      { title: 'Svc', items: ['s1', 's'.repeat(20), 's3'] },
    ];
    const render = (counts: number[]): string =>
      sections
        .map((s, i) => {
          const c = counts[i] as number;
          const lines = [s.title, ...s.items.slice(0, c)];
          if (c < s.items.length) lines.push(omittedLine(s.items.length - c));
          return lines.join('\n');
        })
        .join('\n\n');
    for (let budget = bytes(render([0, 0])); budget <= bytes(render([5, 3])); budget++) {
      // Section-priority optimum: maximise section 1's prefix, then section 2's given that.
      let best: number[] = [0, 0];
      for (let a = 0; a <= 5; a++) {
        for (let b = 0; b <= 3; b++) {
          if (bytes(render([a, b])) > budget) continue;
          const [ba, bb] = best as [number, number];
          if (a > ba || (a === ba && b > bb)) best = [a, b];
        }
      }
      expect(fitToBudget(sections, budget).text, `budget ${budget}`).toBe(render(best));
    }
  });

  it('accounts for the omission line growing a digit', () => {
    const section: SummarySection = { title: 'T', items: Array.from({ length: 12 }, (_, i) => `i${i}`) };
    for (let budget = bytes('T\n(12 more omitted)'); budget < 60; budget++) {
      expect(fitToBudget([section], budget).bytes).toBeLessThanOrEqual(budget);
    }
    expect(omittedLine(12)).toBe('(12 more omitted)');
  });

  it('throws a typed error with the minimum when even the titles cannot fit', () => {
    let error: unknown;
    try {
      fitToBudget([{ title: 'Pods', items: ['a'.repeat(40)] }], 5);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SummaryBudgetError);
    const e = error as SummaryBudgetError;
    expect(e.code).toBe('SUMMARY_BUDGET_TOO_SMALL');
    expect(e.minimumBytes).toBe(bytes('Pods\n(1 more omitted)'));
    expect(e.maxBytes).toBe(5);
    expect(e.message).toContain('raise the budget (MAX_SUMMARY_SIZE_KB)');
  });

  it('handles no sections and a zero budget', () => {
    expect(fitToBudget([], 0)).toEqual({ text: '', bytes: 0, keptItems: 0, omittedItems: 0 });
  });

  it.each([-1, 1.5, Number.NaN])('rejects maxBytes %s', (maxBytes) => {
    expect(() => fitToBudget([], maxBytes)).toThrow(RangeError);
  });
});
