// Writes kwok ClusterLogs for the diagnosis scenarios that bring their own container logs
// (`scenario.logs` in tools/diagnosis/scenarios/<id>.yaml): one CRI-format log file per scenario
// (and one for `--previous`) in OUT_DIR, and the ClusterLogs documents (one per scenario
// namespace, diag-<id>) on stdout. cp.sh puts them before its catch-all ClusterLogs.
//   node tools/diagnosis/kwok-logs.mjs SCENARIOS_DIR OUT_DIR
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, loadAll } from 'js-yaml';

const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  process.stderr.write('usage: kwok-logs.mjs SCENARIOS_DIR OUT_DIR\n');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

/** CRI log lines, one second apart, errors on stderr as runtimes write them. */
function cri(text) {
  return text
    .trimEnd()
    .split('\n')
    .map((line, i) => {
      const stream = /error|fatal|panic|exception|traceback|denied|forbidden|refused/i.test(line) ? 'stderr' : 'stdout';
      return `2026-01-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000000000Z ${stream} F ${line}`;
    })
    .join('\n')
    .concat('\n');
}

const docs = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const id = file.slice(0, -'.yaml'.length);
  const header = loadAll(readFileSync(join(dir, file), 'utf8'), undefined, { schema: CORE_SCHEMA })[0]?.scenario;
  const logs = header?.logs;
  if (!logs || (typeof logs.current !== 'string' && typeof logs.previous !== 'string')) continue;
  const current = join(out, `${id}.log`);
  const previous = join(out, `${id}.previous.log`);
  // The harness substitutes ${NS} everywhere in a scenario; logs name the namespace too.
  const ns = (text) => text.replaceAll('${NS}', `diag-${id}`);
  writeFileSync(current, cri(ns(logs.current ?? logs.previous)));
  writeFileSync(previous, cri(ns(logs.previous ?? logs.current)));
  docs.push(
    [
      'apiVersion: kwok.x-k8s.io/v1alpha1',
      'kind: ClusterLogs',
      'metadata:',
      `  name: k8s-mcp-diag-${id}`,
      'spec:',
      '  selector:',
      `    matchNamespaces: [diag-${id}]`,
      '  logs:',
      `  - logsFile: '${current}'`,
      `    previousLogsFile: '${previous}'`,
      '    follow: false',
    ].join('\n'),
  );
}
process.stdout.write(docs.map((d) => `${d}\n---\n`).join(''));
