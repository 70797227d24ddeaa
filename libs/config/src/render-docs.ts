import { listSettings, SETTING_GROUPS, type SettingInfo } from './settings.js';

const GENERATED_BY = 'Generated from libs/config/src/settings.ts by `npm run docs:config`; do not edit by hand.';

function describeDefault(setting: SettingInfo): string {
  return setting.defaultText === '' ? 'unset' : setting.defaultText;
}

function byGroup(): [string, SettingInfo[]][] {
  const settings = listSettings();
  return SETTING_GROUPS.map((group) => [group, settings.filter((s) => s.group === group)] as [string, SettingInfo[]]).filter(
    ([, members]) => members.length > 0,
  );
}

/**
 * The text of `config.env.example`: every setting as `# description (default: X)` followed by
 * `NAME=default`, grouped like the docs. Copying it to `.env` changes nothing.
 */
export function renderEnvExample(): string {
  const out: string[] = [
    '# k8s-mcp configuration: every setting with its default.',
    `# ${GENERATED_BY}`,
    '# Precedence, highest first: command-line flags (--k8s-mcp-port=9000), the environment,',
    '# a .env file in the working directory, then these defaults. An empty value means unset.',
  ];
  for (const [group, members] of byGroup()) {
    out.push('', `# === ${group} ===`);
    for (const setting of members) {
      const secret = setting.secret ? ' Secret: never printed.' : '';
      out.push(`# ${setting.description}${secret} (default: ${describeDefault(setting)})`);
      out.push(`${setting.env}=${setting.defaultText}`);
    }
  }
  return `${out.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** The markdown of `docs/configuration.md`: precedence, value formats and one table per group. */
export function renderConfigDocs(): string {
  const out: string[] = [
    '# Configuration',
    '',
    `<!-- ${GENERATED_BY} A unit test fails when this file drifts from the schema. -->`,
    '',
    'Every setting can be given, highest precedence first, as a command-line flag, an environment',
    'variable, a line of a `.env` file in the working directory, or left to its default. The flag',
    'is the variable name in lower case with `-` for `_`: `K8S_MCP_PORT` is `--k8s-mcp-port=9000`',
    'or `--k8s-mcp-port 9000`; a boolean flag alone means true (`--k8s-mcp-debug`).',
    '',
    'Value formats:',
    '',
    '- booleans: `true`/`false`, `1`/`0`, `yes`/`no`, any case;',
    '- durations: a number of seconds (`300`, `0.5`);',
    '- lists: comma-separated, items trimmed, empty items dropped;',
    '- an empty value means unset, so the next source (or the default) applies.',
    '',
    'Invalid values stop the server at startup with one message naming every bad variable, the',
    'value given, where it came from and what is expected. Secret settings are never printed.',
    '`config.env.example` at the repository root lists every setting with its default.',
  ];
  for (const [group, members] of byGroup()) {
    out.push('', `## ${group}`, '', '| Variable | Flag | Default | Description |', '| --- | --- | --- | --- |');
    for (const setting of members) {
      const aliases = setting.aliases?.length ? ` (also ${setting.aliases.map((a) => `\`${a}\``).join(', ')})` : '';
      const def = setting.defaultText === '' ? '_unset_' : `\`${setting.defaultText}\``;
      const secret = setting.secret ? ' **Secret**: never printed.' : '';
      out.push(
        `| \`${setting.env}\`${aliases} | \`${setting.flag}\` | ${def} | ${cell(setting.description)}${secret} Expects ${cell(setting.expected)}. |`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

/** Option help for `--help` screens: one line per flag with its default. */
export function renderFlagHelp(): string {
  const lines = listSettings().map((s) => {
    const def = s.defaultText === '' ? '' : ` (default: ${s.defaultText})`;
    return `  ${s.flag}=<value>  ${s.description}${def}`;
  });
  return `${lines.join('\n')}\n`;
}
