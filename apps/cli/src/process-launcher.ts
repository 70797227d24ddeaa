import { spawn } from 'node:child_process';
import type { LaunchRequest, LaunchResult } from './cli-io.js';

// The signals passed on, and as what. A hang-up (the terminal closed) asks the server for the
// same graceful drain as SIGTERM: the server does not handle SIGHUP and would die mid-request.
const FORWARDED: ReadonlyMap<NodeJS.Signals, NodeJS.Signals> = new Map([
  ['SIGINT', 'SIGINT'],
  ['SIGTERM', 'SIGTERM'],
  ['SIGHUP', 'SIGTERM'],
]);

/**
 * The real `CliIo.launch`, wired by main.ts (the only other file touching the process):
 * runs `request.script` with this Node.js binary, stdout and stderr inherited, no stdin (a
 * server reads none), and passes SIGINT, SIGTERM (and SIGHUP, as SIGTERM) on to it until it
 * exits. While it runs, those signals no longer end the CLI itself: it waits for the child's
 * drain and reports its exit code.
 *
 * The child gets its own process group (not on Windows, where that would open a console): a
 * Ctrl-C in a terminal goes to the whole foreground group, so a child in the CLI's group would
 * get SIGINT twice, and the server takes a second SIGINT as "stop now", cutting its drain short.
 * This way it gets exactly the one the CLI forwards.
 */
export function launchNodeScript(request: LaunchRequest): Promise<LaunchResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [request.script, ...request.args], {
      cwd: request.cwd,
      env: { ...request.env },
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: process.platform !== 'win32',
    });
    const handlers = [...FORWARDED].map(([received, sent]) => [received, () => void child.kill(sent)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    // Should the CLI end some other way first, the server must not outlive it unnoticed.
    const killChild = (): void => void child.kill('SIGTERM');
    process.once('exit', killChild);
    const cleanUp = (): void => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      process.off('exit', killChild);
    };
    child.on('error', (error) => {
      // After a successful start an error is a failed kill(); 'exit' still follows.
      if (child.pid !== undefined) return;
      cleanUp();
      reject(error);
    });
    child.once('exit', (exitCode, signal) => {
      cleanUp();
      resolve({ exitCode, signal });
    });
  });
}
