import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthTokenError, parseAuthTokens, tokenFingerprint } from './named-tokens.js';

describe('parseAuthTokens', () => {
  it('reads name=token pairs and names bare tokens by a sha256 fingerprint', () => {
    const bare = 'f00dfeedcafe';
    const digest = createHash('sha256').update(bare).digest('hex');
    expect(parseAuthTokens(['dify=s3cret', bare, 'ci.bot_2@team-a=x=y'])).toEqual([
      { name: 'dify', token: 's3cret' },
      { name: `sha256:${digest.slice(0, 12)}`, token: bare },
      { name: 'ci.bot_2@team-a', token: 'x=y' },
    ]);
    expect(tokenFingerprint(bare)).toBe(`sha256:${digest.slice(0, 12)}`);
  });

  it('keeps base64 tokens with = padding, and entries whose name part is not a name, bare', () => {
    for (const token of ['dGVzdA==', 'abc=', '=lead', 'a/b=x']) {
      expect(parseAuthTokens([token])).toEqual([{ name: tokenFingerprint(token), token }]);
    }
  });

  it('merges identical entries and refuses a name or a token given twice, without showing a token', () => {
    expect(parseAuthTokens(['a=t1', 'a=t1', 'b=t2'])).toHaveLength(2);
    const twoTokens = (): unknown => parseAuthTokens(['a=t1-secret', 'a=t2-secret']);
    expect(twoTokens).toThrow(AuthTokenError);
    expect(twoTokens).toThrow(/name "a" is given to two different tokens/);
    const twoNames = (): unknown => parseAuthTokens(['a=t1-secret', 'b=t1-secret']);
    expect(twoNames).toThrow(/listed under two names, "a" and "b"/);
    const bareAndNamed = (): unknown => parseAuthTokens(['t1-secret', 'a=t1-secret']);
    expect(bareAndNamed).toThrow(new RegExp(`\\(${tokenFingerprint('t1-secret')}\\)`));
    for (const attempt of [twoTokens, twoNames, bareAndNamed]) {
      try {
        attempt();
      } catch (error) {
        expect((error as AuthTokenError).code).toBe('AUTH_TOKENS_INVALID');
        expect((error as Error).message).not.toContain('secret');
      }
    }
  });
});
