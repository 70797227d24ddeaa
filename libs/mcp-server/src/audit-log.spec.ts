import { describe, expect, it } from 'vitest';
import { auditLine, type AuditRecord, redactArgs } from './audit-log.js';

const SECRET_VALUE = 'hunter2-planted';
const nested = (levels: number, leaf: unknown): unknown => {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};
const recorded = (args: unknown) => JSON.stringify(redactArgs(args));

describe('redactArgs', () => {
  it('masks secret-looking keys at any depth', () => {
    expect(redactArgs({ name: 'web', apiToken: 'x', nested: { password: 'y', ok: 1 } })).toEqual({
      name: 'web',
      apiToken: '<redacted>',
      nested: { password: '<redacted>', ok: 1 },
    });
  });

  it('replaces the values of a Secret object by their sizes and keeps the rest', () => {
    const secret = { kind: 'Secret', metadata: { name: 'db' }, data: { pw: Buffer.from('secret').toString('base64') }, stringData: { user: 'admin' } };
    expect(redactArgs({ manifest: secret })).toEqual({
      manifest: { kind: 'Secret', metadata: { name: 'db' }, data: { pw: '<redacted: 6 bytes>' }, stringData: { user: '<redacted: 5 bytes>' } },
    });
  });

  it.each([
    ['JSON', JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { pw: SECRET_VALUE } })],
    ['JSON with the kind written in unicode escapes', `{"apiVersion":"v1","kind":"\\u0053ecret","metadata":{"name":"db"},"stringData":{"pw":"${SECRET_VALUE}"}}`],
    ['JSON with the key "kind" written in unicode escapes', `{"apiVersion":"v1","\\u006bind":"Secret","metadata":{"name":"db"},"data":{"pw":"${Buffer.from(SECRET_VALUE).toString('base64')}"}}`],
    ['YAML', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  pw: ${SECRET_VALUE}\n`],
    ['YAML with the kind in a double-quoted escape', `apiVersion: v1\n"\\x6bind": "\\x53ecret"\nmetadata: {name: db}\nstringData:\n  pw: ${SECRET_VALUE}\n`],
    ['flow YAML', `{kind: Secret, metadata: {name: db}, stringData: {pw: ${SECRET_VALUE}}}`],
    ['multi-document YAML', `kind: ConfigMap\nmetadata: {name: a}\n---\nkind: Secret\nmetadata: {name: db}\nstringData:\n  pw: ${SECRET_VALUE}\n`],
    ['a List holding one', JSON.stringify({ kind: 'List', items: [{ kind: 'ConfigMap' }, { kind: 'Secret', data: { pw: Buffer.from(SECRET_VALUE).toString('base64') } }] })],
    ['a key inside YAML', `x: {kind: Secret, stringData: {pw: ${SECRET_VALUE}}}`],
  ])('never records the values of a Secret manifest given as %s', (_, manifest) => {
    const text = recorded({ manifest });
    expect(text).not.toContain(SECRET_VALUE);
    expect(text).not.toContain(Buffer.from(SECRET_VALUE).toString('base64'));
    expect(text).toMatch(/"pw":"<redacted: \d+ bytes>"/);
  });

  it('treats Secret data under arguments that name the secrets kind (a patch) as values', () => {
    const text = recorded({ kind: 'secrets', name: 'db', patch: JSON.stringify({ stringData: { pw: SECRET_VALUE } }) });
    expect(text).not.toContain(SECRET_VALUE);
  });

  it('does not record structured text it cannot parse (what it holds cannot be checked)', () => {
    const text = recorded({ manifest: `{"kind":"\\u0053ecret","stringData":{"pw":"${SECRET_VALUE}"}` });
    expect(text).not.toContain(SECRET_VALUE);
    expect(text).toMatch(/parse as neither JSON nor YAML/);
  });

  it.each([
    ['mysql -u root --password=SECRETVALUE db', 'mysql -u root --password=<redacted> db'],
    ['mysql -u root --password SECRETVALUE db', 'mysql -u root --password <redacted> db'],
    ['mysql -u root -p SECRETVALUE', 'mysql -u root -p <redacted>'],
    ['mysql -uroot -pSECRETVALUE', 'mysql -uroot -p<redacted>'],
    ['PASSWORD=SECRETVALUE env', 'PASSWORD=<redacted> env'],
    ['env DB_PASSWORD=SECRETVALUE app', 'env DB_PASSWORD=<redacted> app'],
    ["sh -c 'PGPASSWORD=SECRETVALUE psql -h db'", 'sh -c "PGPASSWORD=<redacted> psql -h db"'],
    ['curl -u admin:SECRETVALUE http://x', 'curl -u admin:<redacted> http://x'],
    ["curl -H 'Authorization: Bearer SECRETVALUE' http://x", 'curl -H "Authorization: <redacted>" http://x'],
    ['psql postgresql://app:SECRETVALUE@db:5432/app', 'psql postgresql://app:<redacted>@db:5432/app'],
    ['kubectl create secret generic x --from-literal=db_password=SECRETVALUE', 'kubectl create secret generic x --from-literal=db_password=<redacted>'],
  ])('redacts the credential in the command line %s', (command, expected) => {
    expect(redactArgs({ name: 'db-0', command })).toEqual({ name: 'db-0', command: expected });
  });

  it('redacts credentials in an argv given as a JSON array', () => {
    const text = recorded({ command: JSON.stringify(['mysql', '-p', 'SECRETVALUE']) });
    expect(text).not.toContain('SECRETVALUE');
    expect(redactArgs({ command: 'cat /etc/hosts' })).toEqual({ command: 'cat /etc/hosts' });
  });

  it('records a 10,000-level nested value as a marker, quickly and without throwing', () => {
    const started = Date.now();
    const args = { namespace: 'shop', constructor: nested(10_000, SECRET_VALUE) };
    const text = recorded(args);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(text).toContain('nested deeper than 10 levels');
    expect(text).not.toContain(SECRET_VALUE);
  });

  it('never records a value nested deeper than the limit, even one that is not secret-looking', () => {
    expect(recorded({ a: nested(12, { note: SECRET_VALUE }) })).not.toContain(SECRET_VALUE);
  });

  it('keeps prototype-named arguments as plain keys', () => {
    const args = JSON.parse('{"__proto__":{"x":1},"constructor":"c","toString":"t"}') as Record<string, unknown>;
    const out = redactArgs(args);
    expect(Object.keys(out)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it('bounds the record whatever the size of the arguments', () => {
    const huge = 'A'.repeat(2_000_000);
    const wide = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, 'v'.repeat(400)]));
    const long = Array.from({ length: 100_000 }, (_, i) => `item-${i}`);
    for (const args of [{ label_selector: huge }, { [huge]: 1 }, wide, { kinds: long }, { manifest: `[${'1,'.repeat(600_000)}1]` }]) {
      expect(Buffer.byteLength(recorded(args))).toBeLessThan(64_000);
    }
  });

  it('survives anything it is given (no throw, JSON-serialisable)', () => {
    for (const args of [undefined, null, 'text', 5, [1, 2], { big: 10n }, { d: new Date(0) }]) {
      expect(() => JSON.stringify(redactArgs(args))).not.toThrow();
    }
  });
});

describe('auditLine', () => {
  it('writes a record it cannot serialise without its arguments instead of throwing', () => {
    const record: AuditRecord = {
      time: '2024-01-01T00:00:00.000Z',
      caller: 'ci',
      transport: 'stdio',
      method: 'tools/call',
      tool: 'k8s-get-pods',
      args: { big: 1n },
      outcome: 'ok',
      durationMs: 1,
    };
    expect(JSON.parse(auditLine(record))).toMatchObject({ tool: 'k8s-get-pods', args: { '<arguments>': expect.stringContaining('not recorded') } });
  });
});
