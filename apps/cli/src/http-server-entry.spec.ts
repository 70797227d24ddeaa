import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type EntryProbe, locateHttpServer } from './http-server-entry.js';

const FROM = 'file:///opt/k8s-mcp/apps/cli/dist/http-server-entry.js';
const SIBLING = '/opt/k8s-mcp/apps/http-server/dist/main.js';

function probe(files: readonly string[], manifest?: string): EntryProbe {
  return { exists: (path) => files.includes(path), resolvePackageJson: (name) => (name === '@k8s-mcp/http-server' ? manifest : undefined) };
}

describe('locateHttpServer', () => {
  it('finds the server built beside the CLI in the repository (or installed beside it)', () => {
    expect(locateHttpServer(probe([SIBLING]), FROM)).toEqual({ entry: SIBLING, searched: [SIBLING] });
  });

  it('falls back to wherever Node resolves @k8s-mcp/http-server', () => {
    const installed = '/usr/lib/node_modules/@k8s-mcp/http-server/dist/main.js';
    expect(locateHttpServer(probe([installed], '/usr/lib/node_modules/@k8s-mcp/http-server/package.json'), FROM)).toEqual({
      entry: installed,
      searched: [SIBLING, installed],
    });
  });

  it('finds nothing when neither is there, and lists each place once', () => {
    expect(locateHttpServer(probe([]), FROM)).toEqual({ searched: [SIBLING, 'the installed package @k8s-mcp/http-server (not installed)'] });
    // In the repository the package resolves (workspace link) to the same unbuilt app.
    expect(locateHttpServer(probe([], '/opt/k8s-mcp/apps/http-server/package.json'), FROM)).toEqual({ searched: [SIBLING] });
    const installed = '/usr/lib/node_modules/@k8s-mcp/http-server/dist/main.js';
    expect(locateHttpServer(probe([], '/usr/lib/node_modules/@k8s-mcp/http-server/package.json'), FROM)).toEqual({ searched: [SIBLING, installed] });
  });

  describe('with the real file system and module resolution', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-locate-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const from = pathToFileURL(join(dir, 'apps/cli/dist/http-server-entry.js')).href;

    it('finds a built sibling app on disk', () => {
      const entry = join(dir, 'apps/http-server/dist/main.js');
      mkdirSync(join(dir, 'apps/http-server/dist'), { recursive: true });
      writeFileSync(entry, '');
      expect(locateHttpServer(undefined, from).entry).toBe(entry);
      rmSync(join(dir, 'apps/http-server'), { recursive: true });
    });

    it('resolves the workspace package @k8s-mcp/http-server when there is no sibling', () => {
      const root = fileURLToPath(new URL('../../..', import.meta.url));
      expect(locateHttpServer(undefined, from).searched).toEqual([join(dir, 'apps/http-server/dist/main.js'), join(root, 'apps/http-server/dist/main.js')]);
    });
  });
});
