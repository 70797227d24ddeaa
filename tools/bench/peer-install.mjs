// Installs the pinned peer servers (peer-servers.mjs PEER_VERSIONS) into
// ~/.cache/k8s-mcp/peers with npm, once; later runs reuse them. Returns that folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PEER_VERSIONS } from './peer-servers.mjs';

/** Installs the peers when missing or at another version; returns their folder. @throws when npm fails. */
export function installPeers({ log }) {
  const dir = join(homedir(), '.cache', 'k8s-mcp', 'peers');
  const manifest = JSON.stringify({ name: 'k8s-mcp-bench-peers', private: true, dependencies: PEER_VERSIONS }, null, 2);
  const manifestPath = join(dir, 'package.json');
  const installed = Object.keys(PEER_VERSIONS).every((name) => {
    const path = join(dir, 'node_modules', name, 'package.json');
    return existsSync(path) && JSON.parse(readFileSync(path, 'utf8')).version === PEER_VERSIONS[name];
  });
  if (installed) return dir;
  log(`peer-install: installing ${Object.entries(PEER_VERSIONS).map(([n, v]) => `${n}@${v}`).join(', ')} into ${dir}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(manifestPath, manifest);
  // --ignore-scripts: the peers need no install scripts (the Go server ships as an optional
  // platform package holding the binary).
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`peer-install: npm install in ${dir} exited ${r.status}`);
  return dir;
}
