import { describe, expect, it } from 'vitest';
import { K8sClientError } from './k8s-client-error.js';
import { labelSelectorFromSpec, parseLabelSelector } from './label-selector.js';

const web = { app: 'web', tier: 'frontend', env: 'prod' };
const db = { app: 'db', tier: 'backend', env: 'prod', canary: 'true' };
const bare = {};

function matching(selector: string): string[] {
  const s = parseLabelSelector(selector);
  return Object.entries({ web, db, bare })
    .filter(([, labels]) => s.matches(labels))
    .map(([name]) => name);
}

function errorOf(fn: () => unknown): K8sClientError {
  try {
    fn();
  } catch (error) {
    if (error instanceof K8sClientError) return error;
    throw error;
  }
  throw new Error('expected a K8sClientError');
}

describe('parseLabelSelector', () => {
  it.each([
    ['', ['web', 'db', 'bare']],
    ['app=web', ['web']],
    ['app==web', ['web']],
    ['app!=web', ['db', 'bare']],
    ['tier in (frontend, backend)', ['web', 'db']],
    ['tier notin (frontend)', ['db', 'bare']],
    ['canary', ['db']],
    ['!canary', ['web', 'bare']],
    ['env=prod,!canary', ['web']],
    ['env = prod , tier in (backend)', ['db']],
    ['app in (web),tier notin (backend,other),env', ['web']],
  ])('"%s" selects %j', (selector, expected) => {
    expect(matching(selector)).toEqual(expected);
  });

  it('matches the empty value with a=', () => {
    expect(parseLabelSelector('a=').matches({ a: '' })).toBe(true);
    expect(parseLabelSelector('a=').matches({ a: 'x' })).toBe(false);
  });

  it('accepts prefixed keys', () => {
    const s = parseLabelSelector('app.kubernetes.io/name=web,!k8s-mcp.io/failure');
    expect(s.matches({ 'app.kubernetes.io/name': 'web' })).toBe(true);
    expect(s.matches({ 'app.kubernetes.io/name': 'web', 'k8s-mcp.io/failure': 'crashloop' })).toBe(false);
  });

  it('exposes the parsed requirements', () => {
    expect(parseLabelSelector('a=b,c notin (d,e),!f').requirements).toEqual([
      { key: 'a', operator: 'Equals', values: ['b'] },
      { key: 'c', operator: 'NotIn', values: ['d', 'e'] },
      { key: 'f', operator: 'DoesNotExist', values: [] },
    ]);
  });

  it.each([
    ['a in x', 'expected "(" after "in"'],
    ['a in (x', 'expected "," or ")"'],
    ['a in ()', 'expected a value in the set'],
    ['a=b,', 'trailing ","'],
    ['a=b c=d', 'expected "," at position 4'],
    ['a>1', 'unexpected character ">"'],
    ['=b', 'expected a label key at position 0'],
    ['-a=b', '"-a" is not a valid label key'],
    ['a=b/c', '"b/c" is not a valid label value'],
    ['a foo (b)', 'expected an operator'],
  ])('rejects "%s" with INVALID naming the problem', (selector, problem) => {
    const error = errorOf(() => parseLabelSelector(selector));
    expect(error.code).toBe('INVALID');
    expect(error.message).toContain(`"${selector}"`);
    expect(error.message).toContain(problem);
  });

  it.each([
    ['a huge value', `app=${'v'.repeat(2_000_000)}`],
    ['a huge key', `${'k'.repeat(2_000_000)}=v`],
    ['a huge bad token', `app=web ${'x'.repeat(2_000_000)}`],
  ])('echoes only a prefix of %s, never the whole selector', (_, selector) => {
    const error = errorOf(() => parseLabelSelector(selector));
    expect(error.code).toBe('INVALID');
    expect(error.message.length).toBeLessThan(600);
    expect(error.message).toMatch(/\(\d{7} characters\)/);
    expect(error.message).not.toMatch(/parseLabelSelector/);
  });
});

describe('labelSelectorFromSpec', () => {
  it('combines matchLabels and matchExpressions', () => {
    const s = labelSelectorFromSpec({
      matchLabels: { env: 'prod' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['frontend', 'backend'] },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    });
    expect(s.matches(web)).toBe(true);
    expect(s.matches(db)).toBe(false);
    expect(s.matches(bare)).toBe(false);
  });

  it('matches everything for {}', () => {
    expect(labelSelectorFromSpec({}).matches(bare)).toBe(true);
  });

  it('rejects unknown operators and empty In sets', () => {
    expect(errorOf(() => labelSelectorFromSpec({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).message).toContain(
      'unknown operator "Gt"',
    );
    expect(errorOf(() => labelSelectorFromSpec({ matchExpressions: [{ key: 'a', operator: 'In' }] })).message).toContain(
      'needs at least one value',
    );
  });
});
