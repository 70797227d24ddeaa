#!/usr/bin/env node
// The `k8s-mcp` binary: wires the real process into run(); the exit code is run()'s answer.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { packageVersion } from './package-info.js';
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  readFile: (path) => readFileSync(path, 'utf8'),
  cwd: process.cwd(),
  homedir: homedir(),
  version: packageVersion(),
});
