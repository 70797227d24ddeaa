import { describe, expect, it } from 'vitest';
import { redactArgs } from './audit-log.js';

describe('redactArgs', () => {
  it('masks secret-looking keys at any depth', () => {
    expect(redactArgs({ name: 'web', apiToken: 'x', nested: { password: 'y', ok: 1 } })).toEqual({
      name: 'web',
      apiToken: '<redacted>',
      nested: { password: '<redacted>', ok: 1 },
    });
  });

  it('keeps only metadata and keys of a Secret manifest, object or text', () => {
    const secret = { kind: 'Secret', metadata: { name: 'db' }, data: { pw: 'c2VjcmV0' } };
    expect(redactArgs({ manifest: secret })).toEqual({ manifest: { kind: 'Secret', metadata: { name: 'db' }, dataKeys: ['pw'] } });
    expect(redactArgs({ manifest: JSON.stringify(secret) })).toEqual({ manifest: '<redacted: Secret manifest>' });
    expect(redactArgs({ manifest: 'kind: Secret\ndata:\n  pw: c2VjcmV0' })).toEqual({ manifest: '<redacted: Secret manifest>' });
  });
});
