import { describe, expect, it } from 'vitest';
import { fitLayout, type LayoutDocument } from './budget-layout.js';
import { SummaryBudgetError } from './fit-to-budget.js';
import { utf8Bytes } from './text.js';

const item = (name: string) => ({
  markdown: [`- ${name} with a long explanation and evidence`, `- ${name}`],
  json: [{ name, detail: 'long explanation and evidence' }, { name }],
});

const doc: LayoutDocument = {
  markdownHeader: '# Title',
  jsonHeader: { summary: 'test' },
  sections: [
    { key: 'a', title: 'First', items: ['a1', 'a2', 'a3'].map(item) },
    { key: 'b', title: 'Second', items: ['b1', 'b2'].map(item) },
  ],
};

describe('fitLayout', () => {
  it('renders everything in full when it fits', () => {
    const result = fitLayout(doc, 'markdown', 10_000);
    expect(result).toMatchObject({ omittedItems: 0, shortenedItems: 0 });
    expect(result.text).toBe(
      '# Title\n\n## First (3)\n- a1 with a long explanation and evidence\n- a2 with a long explanation and evidence\n- a3 with a long explanation and evidence\n\n## Second (2)\n- b1 with a long explanation and evidence\n- b2 with a long explanation and evidence\n',
    );
  });

  it('shortens items before dropping any, enriching the first ones again when room allows', () => {
    const full = fitLayout(doc, 'markdown', 10_000).bytes;
    const result = fitLayout(doc, 'markdown', full - 40);
    expect(result.omittedItems).toBe(0);
    expect(result.shortenedItems).toBe(2);
    expect(result.text).toContain('- a1 with a long explanation');
    expect(result.text).toContain('\n- b2\n');
  });

  it('drops whole items, later sections first within each, and counts them', () => {
    // Short items cost less than their omission note, so the minimum keeps them all.
    const result = fitLayout(doc, 'markdown', 65);
    expect(result.text).toBe('# Title\n\n## First (3)\n- a1\n- a2\n- a3\n\n## Second (2)\n- b1\n- b2\n');
    expect(result).toMatchObject({ bytes: 62, omittedItems: 0, shortenedItems: 5 });
    const long = (name: string) => ({ markdown: [`- ${name} ${'x'.repeat(30)}`], json: [name] });
    const tight = fitLayout({ ...doc, sections: [{ key: 'a', title: 'A', items: ['a1', 'a2', 'a3'].map(long) }] }, 'markdown', 110);
    expect(tight.text).toBe(`# Title\n\n## A (3)\n- a1 ${'x'.repeat(30)}\n- a2 ${'x'.repeat(30)}\n(1 more omitted)\n`);
  });

  it('keeps JSON valid at every budget and never exceeds it', () => {
    const minimum = utf8Bytes(JSON.stringify({ summary: 'test', a: [], aTotal: 3, b: [], bTotal: 2, omitted: { a: 3, b: 2 } }));
    expect(() => fitLayout(doc, 'json', minimum - 1)).toThrow(SummaryBudgetError);
    for (let budget = minimum; budget < 400; budget++) {
      const result = fitLayout(doc, 'json', budget);
      expect(result.bytes).toBeLessThanOrEqual(budget);
      const parsed = JSON.parse(result.text) as { a: unknown[]; omitted: Record<string, number> };
      expect(parsed.a.length + (parsed.omitted['a'] ?? 0)).toBe(3);
    }
  });
});
