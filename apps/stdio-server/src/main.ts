#!/usr/bin/env node
// Entry point of the k8s-mcp stdio server. SIGINT/SIGTERM handlers come first, before the heavy
// modules load (a desktop client may stop the server at any moment): the signal is remembered
// and ends in a clean exit (0) as soon as there is something to stop (without a handler Node
// would die of it, exit code null). A second signal exits at once (1). run-stdio-server.ts does
// the rest: exit 0 when the client closes stdin or on a signal, 2 on invalid configuration, 1
// when the configured cluster cannot be used.
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stop.signal.aborted) process.exit(1);
    stop.abort(signal);
  });
}

const { runStdioServer } = await import('./run-stdio-server.js');
process.exit(await runStdioServer(stop.signal));
