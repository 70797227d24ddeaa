import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configSchema, envToFlag, listSettings, settingRegistry } from './settings.js';

/** The non-spec TypeScript sources of every project but this one: where settings are put to use. */
function readerSources(): string {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) texts.push(readFileSync(path, 'utf8'));
    }
  };
  for (const group of ['apps', 'libs']) {
    for (const project of readdirSync(join(root, group))) if (`${group}/${project}` !== 'libs/config') walk(join(root, group, project, 'src'));
  }
  return texts.join('\n');
}

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

  it('gives every setting a reader: no documented setting is accepted and then ignored', () => {
    const sources = readerSources();
    const unread = settings.filter((s) => !new RegExp(`\\bconfig\\.${s.key}\\b`).test(sources)).map((s) => s.env);
    expect(unread).toEqual([]);
  });

  it('describes GRAPH_MAX_DEPTH and MAX_SUMMARY_SIZE_KB as upper bounds that clamp callers, with their defaults', () => {
    const byEnv = new Map(settings.map((s) => [s.env, s]));
    const depth = byEnv.get('GRAPH_MAX_DEPTH');
    expect(depth?.description).toMatch(/^Upper bound on the depth of a relationship query: a caller asking for more hops \(max_depth, --depth\) is clamped to it and told so\./);
    expect(depth?.description).toMatch(/naming no depth walks 3 hops/);
    expect(depth?.defaultText).toBe('3');
    const size = byEnv.get('MAX_SUMMARY_SIZE_KB');
    expect(size?.description).toMatch(/^Default size budget of a summary and its upper bound.*clamped to it and told so\..*K8S_MCP_MAX_OUTPUT_KB/);
    expect(size?.defaultText).toBe('10');
    expect(configSchema.shape.graphMaxDepth.parse('1')).toBe(1);
    expect(configSchema.shape.maxSummarySizeKb.parse('3')).toBe(3);
  });

  it('describes defaults as they are written in an env file', () => {
    const byEnv = new Map(settings.map((s) => [s.env, s.defaultText]));
    expect(byEnv.get('KUBECONFIG_PATH')).toBe('~/.kube/config');
    expect(byEnv.get('K8S_ALLOWED_NAMESPACES')).toBe('');
    expect(byEnv.get('K8S_CONTEXT')).toBe('');
    expect(byEnv.get('K8S_MCP_DEMO')).toBe('auto');
  });
});
