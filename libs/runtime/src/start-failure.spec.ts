import { ConfigError } from '@k8s-mcp/config';
import { describe, expect, it } from 'vitest';
import { RuntimeError } from './runtime-error.js';
import { reportStartFailure } from './start-failure.js';

function report(error: unknown): { code: number; lines: { message: string; fields?: Record<string, unknown> }[] } {
  const lines: { message: string; fields?: Record<string, unknown> }[] = [];
  const code = reportStartFailure(error, (message, fields) => void lines.push({ message, ...(fields ? { fields: { ...fields } } : {}) }), 'k8s-mcp test server failed');
  return { code, lines };
}

describe('reportStartFailure', () => {
  it('maps an invalid configuration to exit 2 with the message that names the setting', () => {
    const r = report(new ConfigError([{ variable: 'K8S_MCP_PORT', value: 'x', message: 'K8S_MCP_PORT=x: expected a port' }]));
    expect(r.code).toBe(2);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]?.message).toContain('K8S_MCP_PORT');
  });

  it('maps an unusable cluster to exit 1 with the error attached for the logger', () => {
    const error = new RuntimeError('CLUSTER_UNREACHABLE', 'the API server at https://x did not answer');
    const r = report(error);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([{ message: 'k8s-mcp: the API server at https://x did not answer', fields: { error } }]);
  });

  it('maps anything else to exit 1, naming the server and keeping the stack', () => {
    const r = report(new TypeError('boom'));
    expect(r.code).toBe(1);
    expect(r.lines[0]?.message).toBe('k8s-mcp test server failed: boom');
    expect(String(r.lines[0]?.fields?.['stack'])).toMatch(/TypeError: boom\n\s+at /);
    expect(report('plain').lines[0]).toEqual({ message: 'k8s-mcp test server failed: plain', fields: {} });
  });
});
