import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './list-cursor.js';

describe('list cursors', () => {
  it('round-trip', () => {
    expect(decodeCursor(encodeCursor({ after: 'shop/web-1' }))).toEqual({ after: 'shop/web-1' });
    expect(decodeCursor(encodeCursor({ continue: 'abc' }))).toEqual({ continue: 'abc' });
    expect(decodeCursor(encodeCursor({ continue: 'abc', live: true }))).toEqual({ continue: 'abc', live: true });
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it('refuse anything else, naming the argument', () => {
    expect(() => decodeCursor('garbage')).toThrow(/Invalid argument "cursor"/);
    expect(() => decodeCursor(Buffer.from('{"v":2}').toString('base64url'))).toThrow(/cursor/);
  });
});
