import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseDotenv } from './dotenv.js';

const values = (text: string): Record<string, string> =>
  Object.fromEntries([...parseDotenv(text, '.env')].map(([k, v]) => [k, v.value]));

describe('parseDotenv', () => {
  it('reads KEY=value lines, skipping blanks and comments, and records line numbers', () => {
    const entries = parseDotenv('# header\n\nA=1\n  B = two words  \nexport C=3\n', '.env');
    expect(Object.fromEntries([...entries].map(([k, v]) => [k, v]))).toEqual({
      A: { value: '1', line: 3 },
      B: { value: 'two words', line: 4 },
      C: { value: '3', line: 5 },
    });
  });

  it('handles quotes, escapes and trailing comments', () => {
    expect(
      values(
        [
          'A="quoted # not a comment"',
          "B='single \\n literal'",
          'C="line\\nbreak \\"q\\" \\\\"',
          'D=value # comment',
          'E=#only-comment',
          'F=',
          'G="x" # after',
          'H=a#b',
        ].join('\n'),
      ),
    ).toEqual({
      A: 'quoted # not a comment',
      B: 'single \\n literal',
      C: 'line\nbreak "q" \\',
      D: 'value',
      E: '',
      F: '',
      G: 'x',
      H: 'a#b',
    });
  });

  it('accepts CRLF line endings and a BOM; later duplicates win', () => {
    expect(values('\uFEFFA=1\r\nA=2\r\n')).toEqual({ A: '2' });
  });

  it('rejects every malformed line, naming file and line', () => {
    let error: unknown;
    try {
      parseDotenv('OK=1\nno equals here\n1BAD=x\nQ="open\nR=\'x\' trailing\n', '/app/.env');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.message)).toEqual([
      '/app/.env:2: expected KEY=value',
      '/app/.env:3: invalid variable name "1BAD" (expected letters, digits and _, not starting with a digit)',
      '/app/.env:4: unterminated double-quoted value',
      '/app/.env:5: unexpected text after the closing quote: "trailing"',
    ]);
  });
});
