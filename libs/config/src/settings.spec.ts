import { describe, expect, it } from 'vitest';
import { configSchema, envToFlag, listSettings, settingRegistry } from './settings.js';

describe('settings', () => {
  const settings = listSettings();

  it('gives every schema field a description and metadata', () => {
    expect(settings).toHaveLength(Object.keys(configSchema.shape).length);
    for (const [key, schema] of Object.entries(configSchema.shape)) {
      expect(schema.description, key).toBeTruthy();
      expect(settingRegistry.get(schema)?.env, key).toMatch(/^[A-Z][A-Z0-9_]*$/);
    }
  });

  it('uses each variable name (and alias) only once', () => {
    const names = settings.flatMap((s) => [s.env, ...(s.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('marks exactly the token settings as secret', () => {
    expect(settings.filter((s) => s.secret).map((s) => s.env)).toEqual(['K8S_API_TOKEN', 'K8S_MCP_AUTH_TOKENS']);
  });

  it('derives flags from variable names', () => {
    expect(envToFlag('K8S_MCP_PORT')).toBe('--k8s-mcp-port');
    expect(settings.find((s) => s.key === 'port')?.flag).toBe('--k8s-mcp-port');
  });

  it('describes defaults as they are written in an env file', () => {
    const byEnv = new Map(settings.map((s) => [s.env, s.defaultText]));
    expect(byEnv.get('KUBECONFIG_PATH')).toBe('~/.kube/config');
    expect(byEnv.get('K8S_ALLOWED_NAMESPACES')).toBe('');
    expect(byEnv.get('K8S_CONTEXT')).toBe('');
    expect(byEnv.get('K8S_MCP_DEMO')).toBe('auto');
  });
});
