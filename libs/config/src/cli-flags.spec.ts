import { describe, expect, it } from 'vitest';
import { parseConfigFlags } from './cli-flags.js';

describe('parseConfigFlags', () => {
  it('maps --kebab-name to the variable name, in both value forms', () => {
    const { values, issues } = parseConfigFlags(['--k8s-mcp-port', '9000', '--log-level=debug']);
    expect(issues).toEqual([]);
    expect(values.get('K8S_MCP_PORT')).toEqual({ value: '9000', flag: '--k8s-mcp-port' });
    expect(values.get('LOG_LEVEL')).toEqual({ value: 'debug', flag: '--log-level' });
  });

  it('keeps "=" inside a value and allows an explicitly empty value', () => {
    const { values } = parseConfigFlags(['--k8s-context=a=b', '--k8s-namespace=']);
    expect(values.get('K8S_CONTEXT')?.value).toBe('a=b');
    expect(values.get('K8S_NAMESPACE')?.value).toBe('');
  });

  it('treats a bare boolean flag as true, and takes a following boolean word as its value', () => {
    const { values } = parseConfigFlags(['--k8s-mcp-debug', '--k8s-audit-enabled', 'no', '--k8s-mcp-allow-writes']);
    expect(values.get('K8S_MCP_DEBUG')?.value).toBe('true');
    expect(values.get('K8S_AUDIT_ENABLED')?.value).toBe('no');
    expect(values.get('K8S_MCP_ALLOW_WRITES')?.value).toBe('true');
  });

  it('lets a repeated flag keep its last value', () => {
    expect(parseConfigFlags(['--k8s-mcp-port=1', '--k8s-mcp-port=2']).values.get('K8S_MCP_PORT')?.value).toBe('2');
  });

  it('accepts alias flags such as --kubeconfig', () => {
    expect(parseConfigFlags(['--kubeconfig', '/k']).values.get('KUBECONFIG')?.value).toBe('/k');
  });

  it('reports a non-boolean flag without a value', () => {
    const { issues } = parseConfigFlags(['--k8s-mcp-port']);
    expect(issues.map((i) => i.message)).toEqual([
      'option --k8s-mcp-port needs a value (--k8s-mcp-port=value or --k8s-mcp-port value)',
    ]);
    expect(parseConfigFlags(['--k8s-mcp-port', '--k8s-mcp-debug']).issues).toHaveLength(1);
  });

  it('reports unknown flags with a suggestion only when one is close', () => {
    expect(parseConfigFlags(['--log-levle=INFO']).issues[0]?.message).toBe(
      'unknown option --log-levle (did you mean --log-level?); run with --help to list the options',
    );
    expect(parseConfigFlags(['--frobnicate']).issues[0]?.message).toBe(
      'unknown option --frobnicate; run with --help to list the options',
    );
  });

  it('reports stray arguments and single-dash options', () => {
    const { issues } = parseConfigFlags(['serve', '-p', '--']);
    expect(issues.map((i) => i.variable)).toEqual(['serve', '-p', '--']);
    expect(issues[0]?.message).toContain('run with --help');
  });
});
