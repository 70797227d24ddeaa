#!/usr/bin/env node
// Entry point of the k8s-mcp HTTP server. SIGINT/SIGTERM handlers come first, before the heavy
// modules load: a signal that arrives while they load or while the runtime starts is remembered
// and ends in the same clean exit (0) as a later one, as soon as there is something to stop
// (without a handler Node would die of it, exit code null). A second signal exits at once (1).
// run-http-server.ts does the rest and says which exit code.
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stop.signal.aborted) process.exit(1);
    stop.abort(signal);
  });
}

const { runHttpServer } = await import('./run-http-server.js');
process.exit(await runHttpServer(process.argv.slice(2), stop.signal));
