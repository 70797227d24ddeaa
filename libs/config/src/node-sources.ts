import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import type { LoadConfigOptions } from './load-config.js';

/**
 * The real process's configuration sources for {@link LoadConfigOptions}: `argv` (after the
 * program name), `process.env`, the file system, the working and home directories. Only entry
 * points (apps' `main.ts`) should call this; everything else takes injected options.
 */
export function processConfigSources(argv: readonly string[] = process.argv.slice(2)): LoadConfigOptions {
  return {
    argv,
    env: process.env,
    readFile: (path) => readFileSync(path, 'utf8'),
    cwd: process.cwd(),
    homedir: homedir(),
  };
}
