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
});
