import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Reproducible installs: the image runs `npm ci` with the npm of node:20 (npm 10), CI and people
// run the local npm. npm 10 and 11 resolve optional peers differently, so a lock written by one
// can be "out of sync" for the other; `npm ci --dry-run` is the check npm itself applies
// (it compares every package.json with the lock and installs nothing).

const root = fileURLToPath(new URL('../../..', import.meta.url));
const workspaces = ['libs', 'apps'].flatMap((dir) =>
  readdirSync(join(root, dir)).map((name) => join(root, dir, name, 'package.json')),
);

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}
const manifests: Manifest[] = workspaces.map((file) => JSON.parse(readFileSync(file, 'utf8')) as Manifest);

function npmCiDryRun(npm: readonly string[]): { status: number | null; output: string } {
  const [command = 'npm', ...prefix] = npm;
  const run = spawnSync(command, [...prefix, 'ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

describe('workspace manifests and the lock', () => {
  it('name internal dependencies by a real version range that the workspace satisfies', () => {
    const versions = new Map(manifests.map((m) => [m.name, m.version]));
    const internal = manifests.flatMap((m) =>
      Object.entries({ ...m.dependencies, ...m.devDependencies, ...m.peerDependencies })
        .filter(([dep]) => versions.has(dep))
        .map(([dep, range]) => ({ from: m.name, dep, range })),
    );
    expect(internal.length).toBeGreaterThan(10);
    for (const { from, dep, range } of internal) {
      // Published packages must not depend on "any version" of their siblings.
      expect(range, `${from} -> ${dep}`).toBe(`^${versions.get(dep)}`);
    }
  });

  it('passes `npm ci --dry-run` with the local npm', () => {
    const run = npmCiDryRun(['npm']);
    expect(run.output).not.toMatch(/Missing: |can only install packages when/);
    expect(run.status, run.output).toBe(0);
  }, 120_000);

  it('passes `npm ci --dry-run` with npm 10, the npm of the node:20 image the Dockerfile builds on', () => {
    const run = npmCiDryRun(['npx', '-y', 'npm@10']);
    expect(run.output).not.toMatch(/Missing: |can only install packages when/);
    expect(run.status, run.output).toBe(0);
  }, 120_000);
});
