import { describe, expect, it } from 'vitest';
import { fitLayout, type LayoutDocument, type LayoutSection } from './budget-layout.js';
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
  it('keeps essential items in their poorest form before any detail or any other item', () => {
    const finding = (name: string) => ({
      markdown: [`- ${name} full\n  - evidence: ${'e'.repeat(60)}`, `- ${name} medium\n  - next: ${'n'.repeat(30)}`, `- ${name}`],
      json: [{ name, evidence: 'e'.repeat(60) }, { name, next: 'n'.repeat(30) }, { name }],
    });
    const bulky = (name: string) => ({ markdown: [`- ${name} ${'b'.repeat(40)}`], json: [{ name, b: 'b'.repeat(40) }] });
    const names = Array.from({ length: 12 }, (_, i) => `f${String(i).padStart(2, '0')}`);
    const withEssential = (essential: number | undefined): LayoutDocument => ({
      markdownHeader: '# T',
      jsonHeader: { summary: 't' },
      sections: [
        { key: 'counts', title: 'Counts', items: ['c1', 'c2', 'c3'].map(bulky) },
        { key: 'findings', title: 'Findings', items: names.map(finding), ...(essential === undefined ? {} : { essential }) },
      ],
    });
    for (const format of ['markdown', 'json'] as const) {
      for (let budget = 120; budget < 900; budget += 7) {
        const plain = fitLayout(withEssential(undefined), format, budget);
        const result = fitLayout(withEssential(8), format, budget);
        expect(result.bytes).toBeLessThanOrEqual(budget);
        const kept = names.filter((n) => result.text.includes(`${n}`));
        // The same document with counts too big to ever fit: what the findings alone can keep.
        const huge = (name: string) => ({ markdown: [`- ${name} ${'b'.repeat(1000)}`], json: [{ name, b: 'b'.repeat(1000) }] });
        const counts = withEssential(undefined).sections[0] as LayoutSection;
        const alone = fitLayout({ ...withEssential(undefined), sections: [{ ...counts, items: ['c1', 'c2', 'c3'].map(huge) }, withEssential(undefined).sections[1] as LayoutSection] }, format, budget);
        // The essential items get the budget before the earlier section and before any detail.
        if (names.slice(0, 8).every((n) => alone.text.includes(n))) {
          expect(kept.slice(0, 8), `${format} ${budget}`).toEqual(names.slice(0, 8));
        }
        const detailed = /evidence|next/.test(result.text);
        if (detailed) expect(kept.length, `${format} ${budget}`).toBeGreaterThanOrEqual(8);
        // Same document, same bytes.
        expect(fitLayout(withEssential(8), format, budget).text).toBe(result.text);
        expect(plain.bytes).toBeLessThanOrEqual(budget);
        if (format === 'json') expect(() => JSON.parse(result.text) as unknown).not.toThrow();
      }
    }
    // A budget for the 8 essential lines but not the bulky counts: counts go, findings stay.
    const tight = fitLayout(withEssential(8), 'markdown', 150);
    expect(tight.text).toContain('## Counts (3)\n(3 more omitted)');
    expect(tight.text).toContain('- f07\n');
    expect(fitLayout(withEssential(undefined), 'markdown', 150).text).not.toContain('- f07\n');
  });

  it('fills fillFirst sections (findings) before inventory shown above them, at every budget', () => {
    const finding = (name: string) => ({
      markdown: [`- ${name} full\n  - next: ${'n'.repeat(60)}`, `- ${name} ${'w'.repeat(40)}\n  - next: ${'n'.repeat(20)}`, `- ${name} ${'w'.repeat(40)}`],
      json: [{ name, next: 'n'.repeat(60) }, { name, why: 'w'.repeat(40), next: 'n'.repeat(20) }, { name, why: 'w'.repeat(40) }],
    });
    const countItem = (kind: string) => ({ markdown: [`- ${kind}: 12 (Running 10, Failed 2)`, `- ${kind}: 12`], json: [{ kind, count: 12, byStatus: { Running: 10 } }, { kind, count: 12 }] });
    const kinds = Array.from({ length: 22 }, (_, i) => `Kind${i}`);
    const names = Array.from({ length: 16 }, (_, i) => `f${String(i).padStart(2, '0')}`);
    const overview = (fillFirst: boolean): LayoutDocument => ({
      markdownHeader: '# Overview',
      jsonHeader: { summary: 'overview' },
      sections: [
        { key: 'resources', title: 'Resources', items: kinds.map(countItem) },
        { key: 'findings', title: 'Top findings', items: names.map(finding), ...(fillFirst ? { fillFirst } : {}) },
      ],
    });
    const shown = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(`- ${prefix}`)).length;
    // The same overview with inventory lines too big to ever fit: what the findings alone keep.
    const huge = (kind: string) => ({ markdown: [`- ${kind}: ${'x'.repeat(3000)}`], json: [{ kind, x: 'x'.repeat(3000) }] });
    const findingsAlone = (format: 'markdown' | 'json', budget: number) =>
      fitLayout({ ...overview(false), sections: [{ key: 'resources', title: 'Resources', items: kinds.map(huge) }, overview(false).sections[1] as LayoutSection] }, format, budget);
    const count = (format: 'markdown' | 'json', text: string, key: 'resources' | 'findings') =>
      format === 'json' ? ((JSON.parse(text) as Record<string, unknown[]>)[key] as unknown[]).length : shown(text, key === 'findings' ? 'f' : 'Kind');
    // A 600-byte overview: without the flag the 22 short inventory lines take the room of findings.
    expect(count('markdown', fitLayout(overview(false), 'markdown', 600).text, 'findings')).toBeLessThan(count('markdown', findingsAlone('markdown', 600).text, 'findings'));
    for (const format of ['markdown', 'json'] as const) {
      for (let budget = 200; budget < 2600; budget += 37) {
        const result = fitLayout(overview(true), format, budget);
        expect(result.bytes).toBeLessThanOrEqual(budget);
        // Every finding the budget could hold without any inventory is kept.
        expect(count(format, result.text, 'findings'), `${format} ${budget}`).toBe(count(format, findingsAlone(format, budget).text, 'findings'));
      }
    }
  });

  it('with essential items, gives every kept line its second-poorest form before any top item its detail', () => {
    const finding = (name: string) => ({
      markdown: [`- ${name} full\n  - evidence: ${'e'.repeat(80)}`, `- ${name} detail\n  - next: ${'n'.repeat(80)}`, `- ${name} because of the cause`, `- ${name}`],
      json: [{ name, evidence: 'e' }, { name, next: 'n' }, { name, cause: 'because of the cause' }, { name }],
    });
    const names = Array.from({ length: 10 }, (_, i) => `f${i}`);
    const essentialDoc = (essential: number | undefined): LayoutDocument => ({
      markdownHeader: '# T',
      jsonHeader: {},
      sections: [{ key: 'findings', title: 'Findings', items: names.map(finding), ...(essential === undefined ? {} : { essential }) }],
    });
    // Room for every line with its cause, not for that and three detailed top items too.
    const lines = `# T\n\n## Findings (10)\n${names.map((n) => `- ${n} because of the cause\n`).join('')}`;
    const budget = utf8Bytes(lines) + 50;
    const result = fitLayout(essentialDoc(10), 'markdown', budget).text;
    for (const n of names) expect(result, n).toContain(`- ${n} because of the cause`);
    expect(result).not.toMatch(/ {2}- next: /);
    // Without essential items, the top items keep their details and later lines pay for them.
    expect(fitLayout(essentialDoc(undefined), 'markdown', budget).text).toMatch(/ {2}- next: /);
  });
});
