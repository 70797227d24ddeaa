// Runs every vitest project (unit + integration) and ends with one plain summary line,
// "vitest: N passed, N failed, N skipped", that CI and people can read without parsing colours.
// Exits with vitest's own status.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-vitest-'));
const results = join(dir, 'results.json');
const run = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
let status = run.status ?? 1;
try {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  if (r.numTotalTests === 0) {
    console.log('vitest: no test ran');
    status = status || 1;
  }
} catch {
  console.log('vitest: 0 passed, 1 failed (no results: vitest did not finish)');
  status = status || 1;
}
rmSync(dir, { recursive: true, force: true });
process.exit(status);
