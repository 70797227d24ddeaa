import { describe, expect, it } from 'vitest';
import { CLUSTER_OPTIONS, formatOption, HELP_OPTION } from './command.js';
import { type OptionSpec, parseArgs, splitCommand } from './parse-args.js';
import { UsageError } from './usage-error.js';

const OPTIONS: OptionSpec[] = [
  { name: 'type', type: 'string', choices: ['overview', 'nodes'], description: '' },
  { name: 'depth', type: 'integer', min: 1, description: '' },
  { name: 'max-size-kb', type: 'number', above: 0, description: '' },
  { name: 'no-anomalies', type: 'flag', description: '' },
  formatOption(['markdown', 'json']),
  ...CLUSTER_OPTIONS,
  HELP_OPTION,
];

function usage(argv: string[]): string {
  try {
    parseArgs(argv, OPTIONS, 'k8s-mcp test');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`no UsageError for ${JSON.stringify(argv)}`);
}

describe('parseArgs', () => {
  it('reads long options in both forms, short options, flags and positionals in any order', () => {
    const args = parseArgs(['Deployment/shop/web', '--type', 'nodes', '--depth=3', '-n', 'shop', '--no-anomalies', 'extra', '--max-size-kb', '2.5'], OPTIONS, 'k8s-mcp test');
    expect(args.positionals).toEqual(['Deployment/shop/web', 'extra']);
    expect(args.string('type')).toBe('nodes');
    expect(args.number('depth')).toBe(3);
    expect(args.number('max-size-kb')).toBe(2.5);
    expect(args.string('namespace')).toBe('shop');
    expect(args.flag('no-anomalies')).toBe(true);
    expect(args.has('format')).toBe(false);
    expect(args.help).toBe(false);
  });

  it('hands global options to the configuration under their setting flags', () => {
    const args = parseArgs(['--context', 'prod', '-n', 'shop', '--kubeconfig', '/k', '--snapshot=dump.json', '--demo'], OPTIONS, 'k8s-mcp test');
    expect(args.configArgs).toEqual(['--k8s-context=prod', '--k8s-namespace=shop', '--kubeconfig-path=/k', '--k8s-mcp-snapshot=dump.json', '--k8s-mcp-demo=true']);
  });

  it('passes every configuration flag through, boolean ones standing alone or with a boolean word', () => {
    const args = parseArgs(['--k8s-max-resources', '50', '--k8s-mcp-debug', 'pos', '--k8s-audit-enabled', 'false', '--log-level=DEBUG'], OPTIONS, 'k8s-mcp test');
    expect(args.configArgs).toEqual(['--k8s-max-resources=50', '--k8s-mcp-debug=true', '--k8s-audit-enabled=false', '--log-level=DEBUG']);
    expect(args.positionals).toEqual(['pos']);
  });

  it('treats everything after -- as positional and notices --help anywhere before it', () => {
    const args = parseArgs(['--help', '--', '--type', '-n'], OPTIONS, 'k8s-mcp test');
    expect(args.help).toBe(true);
    expect(args.positionals).toEqual(['--type', '-n']);
  });

  it('rejects unknown options with the closest known one', () => {
    expect(usage(['--typ', 'nodes'])).toBe('k8s-mcp test: unknown option --typ (did you mean --type?); run k8s-mcp test --help to list the options');
    expect(usage(['--k8s-max-resource=5'])).toContain('did you mean --k8s-max-resources?');
    expect(usage(['-x'])).toContain('unknown option -x');
  });

  it('rejects missing values, values given to flags, and values outside choices or ranges', () => {
    expect(usage(['--type'])).toBe('k8s-mcp test: --type needs a value (--type <value>)');
    expect(usage(['-n', '--demo'])).toContain('-n needs a value');
    expect(usage(['--k8s-max-resources'])).toContain('--k8s-max-resources needs a value');
    expect(usage(['--no-anomalies=yes'])).toContain('--no-anomalies takes no value');
    expect(usage(['--format', 'yaml'])).toBe('k8s-mcp test: --format must be one of markdown, json, got "yaml"');
    expect(usage(['--depth', '0'])).toBe('k8s-mcp test: --depth must be a whole number >= 1, got "0"');
    expect(usage(['--depth', '1.5'])).toContain('whole number');
    expect(usage(['--max-size-kb', '0'])).toBe('k8s-mcp test: --max-size-kb must be a number > 0, got "0"');
    expect(usage(['--max-size-kb', 'ten'])).toContain('got "ten"');
  });
});

describe('splitCommand', () => {
  const globals = [...CLUSTER_OPTIONS, HELP_OPTION];
  it('finds the command after global options and their values', () => {
    expect(splitCommand(['-n', 'shop', '--k8s-max-resources', '5', 'summary', '--type', 'nodes'], globals)).toEqual({
      command: 'summary',
      rest: ['-n', 'shop', '--k8s-max-resources', '5', '--type', 'nodes'],
    });
    expect(splitCommand(['--demo', '--kubeconfig=/k', 'health'], globals)).toEqual({ command: 'health', rest: ['--demo', '--kubeconfig=/k'] });
    // A boolean config flag does not swallow the command.
    expect(splitCommand(['--k8s-mcp-debug', 'health'], globals).command).toBe('health');
  });

  it('reports no command for options only', () => {
    expect(splitCommand(['--help'], globals)).toEqual({ rest: ['--help'] });
    expect(splitCommand([], globals)).toEqual({ rest: [] });
  });
});
