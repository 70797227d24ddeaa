import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listSettings } from '@k8s-mcp/config';
import { describe, expect, it } from 'vitest';

// deploy/systemd/k8s-mcp.service: `systemd-analyze verify` when systemd is installed, and always
// a parse of the unit for the keys the deployment guide promises.

const root = fileURLToPath(new URL('../../..', import.meta.url));
const unitPath = `${root}/deploy/systemd/k8s-mcp.service`;
const unitText = readFileSync(unitPath, 'utf8');

/** Section -> key -> every value (systemd keys may repeat). */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let section: Map<string, string[]> | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[([A-Za-z]+)\]$/.exec(line);
    if (header) {
      section = new Map();
      sections.set(header[1] as string, section);
      return;
    }
    const pair = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(line);
    if (!pair || !section) throw new Error(`k8s-mcp.service line ${index + 1} is neither a section nor Key=value: ${line}`);
    const values = section.get(pair[1] as string) ?? [];
    values.push((pair[2] as string).trim());
    section.set(pair[1] as string, values);
  });
  return sections;
}

const unit = parseUnit(unitText);
const service = unit.get('Service') ?? new Map<string, string[]>();
const one = (key: string) => {
  const values = service.get(key) ?? [];
  expect(values, `[Service] ${key}`).toHaveLength(1);
  return values[0] as string;
};
const environment = new Map((service.get('Environment') ?? []).map((e) => e.split('=', 2) as [string, string]));

describe('systemd unit deploy/systemd/k8s-mcp.service', () => {
  it('passes systemd-analyze verify when systemd is installed (the parse below runs regardless)', () => {
    const run = spawnSync('systemd-analyze', ['verify', unitPath], { encoding: 'utf8' });
    if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write('systemd-unit.spec: systemd-analyze is not installed; the unit was checked by parsing it only\n');
      return;
    }
    // verify exits 0 on unknown keys, only warning about them: any output is a finding.
    expect(run.stderr + run.stdout).toBe('');
    expect(run.status).toBe(0);
  });

  it('has the three sections and starts after the network, wanted by multi-user.target', () => {
    expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
    expect(unit.get('Unit')?.get('After')).toEqual(['network-online.target']);
    expect(unit.get('Install')?.get('WantedBy')).toEqual(['multi-user.target']);
  });

  it('runs the built HTTP server as an unprivileged user with its settings from /etc/k8s-mcp/k8s-mcp.env', () => {
    expect(one('ExecStart')).toMatch(/^\/\S*node \/opt\/k8s-mcp\/apps\/http-server\/dist\/main\.js$/);
    expect(one('WorkingDirectory')).toBe('/opt/k8s-mcp');
    expect(one('EnvironmentFile')).toBe('/etc/k8s-mcp/k8s-mcp.env');
    expect(one('DynamicUser')).toBe('yes');
    expect(service.has('User')).toBe(false);
    expect(one('Restart')).toBe('on-failure');
    // Exit 2 is the server's "invalid configuration": restarting would loop.
    expect(one('RestartPreventExitStatus')).toBe('2');
  });

  it('is hardened', () => {
    const expected: Record<string, string> = {
      NoNewPrivileges: 'yes',
      ProtectSystem: 'strict',
      ProtectHome: 'yes',
      PrivateTmp: 'yes',
      PrivateDevices: 'yes',
      CapabilityBoundingSet: '',
      RestrictSUIDSGID: 'yes',
      LockPersonality: 'yes',
    };
    for (const [key, value] of Object.entries(expected)) expect(one(key), key).toBe(value);
    // V8's JIT needs writable executable memory: this would crash node.
    expect(service.has('MemoryDenyWriteExecute')).toBe(false);
  });

  it('gives the kubeconfig as a credential and writes the audit log to its own LogsDirectory', () => {
    expect(one('LoadCredential')).toBe('kubeconfig:/etc/k8s-mcp/kubeconfig');
    expect(environment.get('KUBECONFIG_PATH')).toBe('%d/kubeconfig');
    expect(environment.get('K8S_AUDIT_LOG')).toBe(`/var/log/${one('LogsDirectory')}/audit.log`);
  });

  it('ships an environment file of known settings that leaves the unit-managed paths alone', () => {
    const envPath = `${root}/deploy/systemd/k8s-mcp.env`;
    expect(existsSync(envPath)).toBe(true);
    const names = new Set(listSettings().flatMap((s) => [s.env, ...(s.aliases ?? [])]));
    const keys = readFileSync(envPath, 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z]/.test(l))
      .map((l) => l.split('=')[0] as string);
    expect(keys.length).toBeGreaterThan(3);
    for (const key of keys) expect(names.has(key), `${key} is a k8s-mcp setting`).toBe(true);
    for (const managed of ['KUBECONFIG_PATH', 'KUBECONFIG', 'K8S_AUDIT_LOG']) expect(keys).not.toContain(managed);
    // Beyond loopback without a token the server refuses to start: the file must make that visible.
    expect(keys).toContain('K8S_MCP_AUTH_TOKENS');
  });
});
