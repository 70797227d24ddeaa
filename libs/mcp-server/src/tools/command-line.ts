import { ToolArgumentError } from '../tool-params.js';

/**
 * Splits a command line into argv words the way a POSIX shell splits words, and nothing more:
 * whitespace separates words, single quotes keep text literally, double quotes keep text with
 * `\"` and `\\` escapes, a backslash outside quotes escapes the next character. Pipes,
 * redirections, variables and globs are plain characters (no shell runs): for those, run
 * `sh -c '...'`. A JSON array of strings (`["cat","/etc/hosts"]`) is taken as the argv itself.
 *
 * @throws ToolArgumentError naming `argument` for an empty command, an unclosed quote, or a
 *   JSON array that is not a list of strings.
 */
export function parseCommandLine(text: string, argument = 'command'): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new ToolArgumentError(argument, `Invalid argument "${argument}": it starts with "[" but is not a JSON array; pass a JSON array of strings or a plain command line.`);
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((w) => typeof w === 'string') || parsed[0] === '') {
      throw new ToolArgumentError(argument, `Invalid argument "${argument}": a JSON command must be a non-empty array of strings, e.g. ["cat","/etc/hosts"].`);
    }
    return parsed as string[];
  }
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && (trimmed[i + 1] === '"' || trimmed[i + 1] === '\\')) word += trimmed[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < trimmed.length) {
      word += trimmed[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new ToolArgumentError(argument, `Invalid argument "${argument}": the ${quote === '"' ? 'double' : 'single'} quote is not closed.`);
  if (inWord) words.push(word);
  if (words.length === 0 || words[0] === '') {
    throw new ToolArgumentError(argument, `Invalid argument "${argument}": the command is empty; give a program and its arguments, e.g. "cat /etc/hosts".`);
  }
  return words;
}
