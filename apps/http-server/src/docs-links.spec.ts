import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The user guides link to each other, to deploy/ files and to headings; a renamed file or heading
// must not leave a dead link behind. Only relative links are checked (no network).

const root = fileURLToPath(new URL('../../..', import.meta.url));
const docsDir = join(root, 'docs');
const pages = [join(root, 'README.md'), ...readdirSync(docsDir).filter((f) => f.endsWith('.md')).map((f) => join(docsDir, f))];

/** GitHub's heading anchors: lower-case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      found.add(
        (heading[1] as string)
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\s_-]/gu, '')
          .trim()
          .replace(/\s/g, '-'),
      );
    }
  }
  return found;
}

function links(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string).filter((href) => !/^[a-z]+:/i.test(href));
}

describe('documentation links', () => {
  it.each(pages.map((p) => [relative(root, p), p]))('every relative link in %s resolves, anchors included', (_name, page) => {
    const text = readFileSync(page, 'utf8');
    for (const href of links(text)) {
      const [path = '', anchor] = href.split('#');
      const target = path === '' ? page : resolve(dirname(page), path);
      expect(existsSync(target), `${href} -> ${relative(root, target)}`).toBe(true);
      if (anchor !== undefined && target.endsWith('.md')) {
        expect([...anchors(readFileSync(target, 'utf8'))], `${href}`).toContain(anchor);
      }
    }
  });

  it('docs/README.md indexes every page of docs/', () => {
    const index = readFileSync(join(docsDir, 'README.md'), 'utf8');
    for (const page of pages.filter((p) => p.startsWith(docsDir) && !p.endsWith('README.md'))) {
      expect(index, relative(root, page)).toContain(`](${relative(docsDir, page)})`);
    }
  });
});
