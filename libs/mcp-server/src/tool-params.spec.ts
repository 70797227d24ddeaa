import { describe, expect, it } from 'vitest';
import { coerceArgs, toInputSchema, ToolArgumentError, type ParamsSpec } from './tool-params.js';

const spec = {
  namespace: { type: 'string', description: 'Namespace.' },
  limit: { type: 'integer', description: 'Most items.', default: 20, minimum: 1, maximum: 500 },
  ratio: { type: 'number', description: 'A ratio.' },
  all: { type: 'boolean', description: 'All namespaces.', default: false },
  kinds: { type: 'array', description: 'Kinds.' },
  format: { type: 'string', description: 'Output format.', enum: ['table', 'json'], default: 'table' },
  name: { type: 'string', description: 'Object name.', required: true },
} as const satisfies ParamsSpec;

describe('toInputSchema', () => {
  it('is flat with exactly one JSON type per property and a description on each', () => {
    const schema = toInputSchema(spec);
    expect(schema.required).toEqual(['name']);
    for (const prop of Object.values(schema.properties)) {
      expect(typeof prop['type']).toBe('string');
      expect(prop['description']).toBeTruthy();
      expect(prop).not.toHaveProperty('anyOf');
      expect(prop).not.toHaveProperty('oneOf');
    }
    expect(schema.properties['kinds']).toEqual({ type: 'array', description: 'Kinds.', items: { type: 'string' } });
  });
});

describe('coerceArgs', () => {
  it('applies defaults for absent, null and empty values', () => {
    const args = coerceArgs(spec, { name: 'web', namespace: '', limit: null });
    expect(args).toEqual({ name: 'web', limit: 20, all: false, format: 'table' });
  });

  it('accepts numbers and booleans sent as strings, arrays as JSON strings or comma lists', () => {
    const args = coerceArgs(spec, { name: 'web', limit: '50', ratio: '0.5', all: 'true', kinds: '["Pod","Service"]' });
    expect(args.limit).toBe(50);
    expect(args.ratio).toBe(0.5);
    expect(args.all).toBe(true);
    expect(args.kinds).toEqual(['Pod', 'Service']);
    expect(coerceArgs(spec, { name: 'x', kinds: 'Pod, Service' }).kinds).toEqual(['Pod', 'Service']);
  });

  it('passes a value above the maximum on for the tool to clamp when the parameter says so (the schema still shows it)', () => {
    const budget = { size_kb: { type: 'integer', description: 'Budget.', minimum: 1, maximum: 10, clampsAboveMaximum: true } } as const satisfies ParamsSpec;
    expect(coerceArgs(budget, { size_kb: 30 }).size_kb).toBe(30);
    expect(toInputSchema(budget).properties['size_kb']).toMatchObject({ minimum: 1, maximum: 10 });
    expect(() => coerceArgs(budget, { size_kb: 0 })).toThrow(/from 1 to 10/);
  });

  it.each([
    [{ name: 'x', limit: 'ten' }, 'limit', /expected an integer from 1 to 500/],
    [{ name: 'x', limit: 1000 }, 'limit', /expected an integer from 1 to 500/],
    [{ name: 'x', limit: 2.5 }, 'limit', /integer/],
    [{ name: 'x', all: 'maybe' }, 'all', /expected true or false/],
    [{ name: 'x', format: 'yaml' }, 'format', /one of "table", "json"/],
    [{ name: 'x', kinds: '[1, {}]' }, 'kinds', /list of strings/],
    [{}, 'name', /Missing argument "name"/],
    [{ name: 'x', nmespace: 'a' }, 'nmespace', /Unknown argument "nmespace"; this tool accepts "namespace"/],
  ])('names the argument and what it accepts: %j', (raw, argument, message) => {
    try {
      coerceArgs(spec, raw);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ToolArgumentError);
      expect((error as ToolArgumentError).argument).toBe(argument);
      expect((error as Error).message).toMatch(message);
    }
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('refuses the prototype name %s as an unknown argument', (name) => {
    const raw = JSON.parse(`{"name":"x",${JSON.stringify(name)}:"y"}`) as Record<string, unknown>;
    expect(() => coerceArgs(spec, raw)).toThrow(new RegExp(`Unknown argument "${name}"`));
  });

  it('refuses a deeply nested value where any type is expected, naming the argument (no stack overflow)', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    for (const argument of ['namespace', 'limit', 'ratio', 'all', 'kinds', 'format']) {
      try {
        coerceArgs(spec, { name: 'x', [argument]: deep });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ToolArgumentError);
        expect((error as ToolArgumentError).argument).toBe(argument);
        expect((error as Error).message).toMatch(new RegExp(`^Invalid argument "${argument}": got an array of 1 item\\(s\\)`));
      }
    }
  });

  it('echoes at most a short prefix of an offending value', () => {
    const huge = 'A'.repeat(100_000);
    for (const raw of [{ name: 'x', format: huge }, { name: 'x', limit: huge }, { name: 'x', [huge]: 1 }]) {
      try {
        coerceArgs(spec, raw);
        expect.unreachable();
      } catch (error) {
        expect((error as Error).message.length).toBeLessThan(300);
        expect((error as Error).message).toContain('(100000 characters)');
      }
    }
  });
});
