import { describe, expect, it } from 'vitest';
import { MATCH_ALL, parseLabelSelector, selectorFromMap, selectorMatches } from './label-selector.js';

describe('label selectors', () => {
  it('treats nil as undefined and {} as match-all', () => {
    expect(parseLabelSelector(undefined)).toBeUndefined();
    expect(parseLabelSelector(null)).toBeUndefined();
    expect(parseLabelSelector({})).toEqual(MATCH_ALL);
    expect(selectorMatches(MATCH_ALL, {})).toBe(true);
  });

  it('evaluates matchLabels and every operator', () => {
    const s = parseLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', 'edge'] },
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'team', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    })!;
    expect(selectorMatches(s, { app: 'web', tier: 'edge', team: 'a' })).toBe(true);
    expect(selectorMatches(s, { app: 'web', tier: 'edge', team: 'a', env: 'prod' })).toBe(true);
    expect(selectorMatches(s, { app: 'web', tier: 'edge', team: 'a', env: 'dev' })).toBe(false);
    expect(selectorMatches(s, { app: 'web', tier: 'back', team: 'a' })).toBe(false);
    expect(selectorMatches(s, { app: 'web', tier: 'edge' })).toBe(false);
    expect(selectorMatches(s, { app: 'web', tier: 'edge', team: 'a', legacy: '' })).toBe(false);
    expect(selectorMatches(s, { app: 'api', tier: 'edge', team: 'a' })).toBe(false);
  });

  it('matches nothing with an unknown operator', () => {
    const s = parseLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Near', values: [] }] })!;
    expect(s.never).toBe(true);
    expect(selectorMatches(s, { a: 'x' })).toBe(false);
  });

  it('builds In requirements from a map, sorted by key', () => {
    expect(selectorFromMap({ b: '2', a: '1' }).requirements.map((r) => r.key)).toEqual(['a', 'b']);
  });
});
