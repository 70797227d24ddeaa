import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfig, type LoadConfigOptions } from './load-config.js';
import { describeConfig, redactConfig, REDACTED } from './redact.js';

const SECRET = 'super-secret-token-value';

function options(env: Record<string, string>, argv: string[] = []): LoadConfigOptions {
  return {
    argv,
    env,
    cwd: '/work',
    homedir: '/home/dev',
    readFile: (path) => {
      throw Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' });
    },
  };
}

const withSecrets = loadConfig(
  options({ K8S_API_SERVER: 'https://k8s:6443', K8S_API_TOKEN: SECRET, K8S_MCP_AUTH_TOKENS: `${SECRET}-1,${SECRET}-2` }),
);

describe('secret masking', () => {
  it('keeps secrets usable on the config itself', () => {
    expect(withSecrets.apiToken).toBe(SECRET);
    expect(withSecrets.authTokens).toEqual([`${SECRET}-1`, `${SECRET}-2`]);
  });

  it('masks secrets in describeConfig and redactConfig', () => {
    const text = describeConfig(withSecrets);
    expect(text).not.toContain(SECRET);
    expect(text).toContain(`K8S_API_TOKEN=${REDACTED}\n`);
    expect(text).toContain(`K8S_MCP_AUTH_TOKENS=${REDACTED}\n`);
    expect(text).toContain('K8S_API_SERVER=https://k8s:6443\n');
    expect(text).toContain('KUBECONFIG_PATH=/home/dev/.kube/config\n');
    const plain = redactConfig(withSecrets);
    expect(plain['apiToken']).toBe(REDACTED);
    expect(plain['port']).toBe(8766);
  });

  it('shows unset secrets as empty, not as redacted', () => {
    const text = describeConfig(loadConfig(options({})));
    expect(text).toContain('K8S_API_TOKEN=\n');
    expect(text).toContain('K8S_MCP_AUTH_TOKENS=\n');
  });

  it('masks secrets when the config is serialised or inspected', () => {
    expect(JSON.stringify(withSecrets)).not.toContain(SECRET);
    expect(JSON.parse(JSON.stringify(withSecrets)).apiToken).toBe(REDACTED);
    expect(inspect(withSecrets)).not.toContain(SECRET);
  });

  it('never echoes a secret in a validation error', () => {
    const bad = `${SECRET} with spaces`;
    for (const opts of [
      options({ K8S_API_SERVER: 'https://k8s', K8S_API_TOKEN: bad }),
      options({ K8S_API_SERVER: 'https://k8s' }, [`--k8s-api-token=${bad}`]),
      options({ K8S_MCP_AUTH_TOKENS: `ok,${bad}` }),
      options({ K8S_API_TOKEN: SECRET }),
    ]) {
      try {
        loadConfig(opts);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).message).not.toContain(SECRET);
        expect(JSON.stringify((error as ConfigError).issues)).not.toContain(SECRET);
      }
    }
  });

  it('says which secret was bad without its value', () => {
    try {
      loadConfig(options({ K8S_API_SERVER: 'https://k8s', K8S_API_TOKEN: 'a b' }));
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).message).toContain(
        `K8S_API_TOKEN=${REDACTED} (from environment): expected a bearer token (no whitespace)`,
      );
    }
  });
});
