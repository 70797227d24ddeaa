import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigDocs, renderEnvExample, renderFlagHelp } from './render-docs.js';
import { listSettings } from './settings.js';

const repoRoot = new URL('../../../', import.meta.url);
const committed = (file: string): string => readFileSync(new URL(file, repoRoot), 'utf8');
const REGENERATE = 'out of date: run `npm run docs:config` and commit the result';

describe('generated configuration docs', () => {
  it(`config.env.example matches the schema (${REGENERATE})`, () => {
    expect(committed('config.env.example')).toBe(renderEnvExample());
  });

  it(`docs/configuration.md matches the schema (${REGENERATE})`, () => {
    expect(committed('docs/configuration.md')).toBe(renderConfigDocs());
  });
});

describe('renderEnvExample', () => {
  const text = renderEnvExample();

  it('writes every setting as a described NAME=default pair', () => {
    for (const setting of listSettings()) {
      const line = `${setting.env}=${setting.defaultText}`;
      const lines = text.split('\n');
      const index = lines.indexOf(line);
      expect(index, `${line} missing`).toBeGreaterThan(0);
      expect(lines[index - 1]).toMatch(/^# .+ \(default: .+\)$/);
    }
  });

  it('uses the contract defaults', () => {
    for (const line of [
      'KUBECONFIG_PATH=~/.kube/config',
      'K8S_NAMESPACE=default',
      'K8S_MCP_HOST=localhost',
      'K8S_MCP_PORT=8766',
      'K8S_MCP_DEBUG=false',
      'LOG_LEVEL=INFO',
      'ENABLE_KNOWLEDGE_GRAPH=true',
      'SYNC_INTERVAL=300',
      'GRAPH_MAX_DEPTH=3',
      'GRAPH_TTL=3600',
      'GRAPH_MEMORY_LIMIT=1024',
      'MAX_SUMMARY_SIZE_KB=10',
      'WATCH_TIMEOUT=600',
      'MAX_RETRY_COUNT=3',
      'MONITORING_ENABLED=true',
      'METRICS_COLLECTION_INTERVAL=30',
      'METRICS_HISTORY_SIZE=1000',
      'K8S_MCP_LOG_DIR=',
      'ALERT_API_RESPONSE_TIME_MAX=5',
      'ALERT_CPU_PERCENT_MAX=80',
      'ALERT_MEMORY_PERCENT_MAX=85',
      'ALERT_ERROR_RATE_MAX=5',
      'ALERT_SYNC_DELAY_MAX=300',
      'K8S_ALLOWED_NAMESPACES=',
      'K8S_FORBIDDEN_NAMESPACES=',
      'K8S_MAX_RESOURCES=100',
      'K8S_AUDIT_ENABLED=true',
      'K8S_MCP_ALLOW_WRITES=false',
      'K8S_MCP_ALLOW_DESTRUCTIVE=false',
      'K8S_MCP_DEMO=auto',
    ]) {
      expect(text.split('\n')).toContain(line);
    }
  });

  it('marks secrets and leaves them empty', () => {
    expect(text).toMatch(/# Bearer token for K8S_API_SERVER\. .*Secret: never printed\. \(default: unset\)\nK8S_API_TOKEN=\n/);
  });
});

describe('renderConfigDocs', () => {
  const text = renderConfigDocs();

  it('has one table row per setting with its flag', () => {
    for (const setting of listSettings()) {
      expect(text).toContain(`| \`${setting.env}\``);
      expect(text).toContain(`\`${setting.flag}\``);
    }
    expect(text).toContain('| `KUBECONFIG_PATH` (also `KUBECONFIG`) | `--kubeconfig-path` | `~/.kube/config` |');
  });

  it('flags secrets', () => {
    const row = text.split('\n').find((line) => line.startsWith('| `K8S_MCP_AUTH_TOKENS` '));
    expect(row).toContain('**Secret**');
  });
});

describe('renderFlagHelp', () => {
  it('lists every flag once', () => {
    const text = renderFlagHelp();
    for (const setting of listSettings()) {
      expect(text.match(new RegExp(`^  ${setting.flag}=`, 'm'))).toHaveLength(1);
    }
  });
});
