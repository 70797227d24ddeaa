import { describe, expect, it } from 'vitest';
import { redactCredentials } from './redact-credentials.js';

describe('redactCredentials', () => {
  it('masks passwords in URLs, credential-named values and bearer tokens', () => {
    expect(redactCredentials('dial postgres://app:s3cr3t@db:5432/shop failed')).toBe('dial postgres://app:***@db:5432/shop failed');
    expect(redactCredentials('--db-password=hunter2 --api-key: abc123 TOKEN="xyz"')).toBe('--db-password=*** --api-key: *** TOKEN="***"');
    expect(redactCredentials('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc')).toBe('Authorization: Bearer ***');
  });

  it('keeps lines that only name a credential', () => {
    expect(redactCredentials('FATAL: DATABASE_PASSWORD is not set')).toBe('FATAL: DATABASE_PASSWORD is not set');
    expect(redactCredentials('secret "db-creds" not found')).toBe('secret "db-creds" not found');
  });
});
