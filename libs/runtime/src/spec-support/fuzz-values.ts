import fc from 'fast-check';
import { RawJson } from './fuzz-wire.js';

/** Argument names that exist on every object's prototype: an `in` check lets them through. */
export const PROTOTYPE_NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
] as const;

/** Unicode that tends to break text handling: RTL overrides, NUL, lone surrogates, emoji, joiners. */
export const UNICODE_SPECIALS = [
  '\u202eevil\u202c',
  'שלום-עולם',
  'مرحبا',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\udbff\udfff',
  '😀🔥',
  '👩‍👩‍👧‍👦',
  '\u200b\u200d\ufeff',
  'e\u0301\u0301\u0301',
  '\u2028\u2029',
  'line1\nline2\r\nline3',
  '\u001b[31mred\u001b[0m',
  '\uffff\ufffe',
  'Ω≈ç√∫',
] as const;

/** Path-like values: traversal, absolute paths of this kind of machine, encoded forms. */
export const PATH_LIKE = [
  '../../etc/passwd',
  '/etc/passwd',
  '/root/.kube/config',
  '/home/user/.kube/config',
  '/var/run/secrets/kubernetes.io/serviceaccount/token',
  '/proc/self/environ',
  'file:///etc/shadow',
  '..\\..\\windows\\win.ini',
  'C:\\Windows\\System32',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '~/.ssh/id_rsa',
  `./${'../'.repeat(64)}etc/hosts`,
  'shop/../monitoring',
  'monitoring/..',
] as const;

/** Selector-like values: broken set syntax, negation, operators, very long selectors. */
export const SELECTOR_LIKE = [
  'a in (b',
  '!x',
  'a=b,c!=d',
  '==',
  '!',
  'a in ()',
  'a notin (x,y',
  'app=,=app',
  'a,,b',
  'a==b==c',
  'metadata.name=',
  'status.phase!=Running,spec.nodeName=',
  'key=value\nother=1',
  '(',
  `${'k'.repeat(2000)}=v`,
  Array.from({ length: 400 }, (_, i) => `k${i}=v${i}`).join(','),
  `app in (${Array.from({ length: 500 }, (_, i) => `v${i}`).join(',')})`,
] as const;

/** A string of 100 KB or more built from a repeated unit. */
export const hugeString = fc
  .record({
    unit: fc.constantFrom('A', 'é', '😀', '\u202e', 'a=b,', '../', ' ', '\u0000', '\ud800', '"\\'),
    kb: fc.constantFrom(100, 160),
  })
  .map(({ unit, kb }) => unit.repeat(Math.ceil((kb * 1024) / Buffer.byteLength(unit))));

/** JSON nested `depth` levels deep (arrays, objects or both), as raw text the wire sends verbatim. */
export const deepValue = fc
  .record({ depth: fc.constantFrom(8, 100, 10_000), shape: fc.constantFrom('array', 'object', 'mixed') })
  .map(({ depth, shape }) => {
    if (shape === 'array') return new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    if (shape === 'object') return new RawJson(`${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`);
    return new RawJson(`${'[{"a":'.repeat(depth)}1${'}]'.repeat(depth)}`);
  });

/** Short strings of hostile text: unicode specials, random code points, path- and selector-like. */
export const hostileText = fc.oneof(
  fc.constantFrom(...UNICODE_SPECIALS),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.constantFrom(...PATH_LIKE),
  fc.constantFrom(...SELECTOR_LIKE),
  fc.tuple(fc.constantFrom('shop', 'checkout', 'Pod'), fc.constantFrom(...UNICODE_SPECIALS)).map(([a, b]) => `${a}${b}`),
);

/** Any string a hostile caller may put where a string is expected. */
export const hostileString = fc.oneof({ weight: 6, arbitrary: hostileText }, { weight: 1, arbitrary: hugeString });

/** JSON objects and arrays (never valid where a scalar is expected). */
export const structuredValue = fc.oneof(
  fc.dictionary(fc.constantFrom('a', 'kind', 'name', '0'), fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { minKeys: 1, maxKeys: 3 }),
  fc.constant({}),
  fc.array(fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }), { minLength: 1, maxLength: 2 }),
  deepValue,
);

/** A value of the wrong JSON type for a parameter of `type`; the server must refuse it. */
export function wrongTypeFor(type: string, range: { minimum?: number; maximum?: number }): fc.Arbitrary<unknown> {
  switch (type) {
    case 'integer':
    case 'number': {
      const out = [
        ...(range.minimum !== undefined ? [range.minimum - 1, -1e308] : []),
        ...(range.maximum !== undefined ? [range.maximum + 1, 1e308] : []),
        ...(type === 'integer' ? [1.5, 0.5] : []),
      ];
      return fc.oneof(
        structuredValue,
        fc.boolean(),
        fc.constantFrom('abc', 'NaN', 'Infinity', '1,5', '--1', 'one', '0x', '5 apples', '1e', ...UNICODE_SPECIALS.slice(0, 4)),
        ...(out.length > 0 ? [fc.constantFrom(...out)] : []),
      );
    }
    case 'boolean':
      return fc.oneof(
        fc.dictionary(fc.constantFrom('a', 'b'), fc.boolean(), { minKeys: 1, maxKeys: 2 }),
        fc.constant(['true', 'false']),
        fc.constantFrom(2, -1, 0.5, 1e308),
        fc.constantFrom('maybe', 'ja', 'on', 'truee', 'TRUE!', 'y e s', '\u0000'),
        deepValue,
      );
    case 'array':
      return fc.oneof(
        fc.integer(),
        fc.boolean(),
        fc.dictionary(fc.constantFrom('a', '0'), fc.string({ maxLength: 4 }), { minKeys: 1, maxKeys: 2 }),
        fc.constant([{ a: 1 }]),
        fc.constant([['nested']]),
        fc.constant([null]),
        fc.constantFrom('[not json', '[1,', '[{"a":1}]'),
        deepValue,
      );
    default:
      return structuredValue;
  }
}
