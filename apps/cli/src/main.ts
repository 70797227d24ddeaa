#!/usr/bin/env node
// The `k8s-mcp` binary: the only place that touches the process (with process-launcher.ts, which
// it wires in). It wires the real streams, files, environment and child processes into run(),
// and exits with run()'s answer.
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { locateHttpServer } from './http-server-entry.js';
import { packageVersion } from './package-info.js';
import { launchNodeScript } from './process-launcher.js';
import { run } from './run.js';

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
  readFile: (path) => readFileSync(path, 'utf8'),
  writeFile: (path, text) => writeFileSync(path, text, 'utf8'),
  cwd: process.cwd(),
  homedir: homedir(),
  version: packageVersion(),
  now: Date.now,
  stdio: { input: process.stdin, output: process.stdout },
  launch: launchNodeScript,
  locateHttpServer: () => locateHttpServer(),
});
process.exitCode = code;
// The command is done (a one-shot one, or a server that has stopped): exit once stdout is
// flushed, so no lingering keep-alive socket or timer of a closed client can hold the process open.
process.stdout.write('', () => process.exit(code));
