import { isAbsolute, join, resolve } from 'node:path';
import type * as z from 'zod';
import { parseConfigFlags } from './cli-flags.js';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { parseDotenv, type DotenvEntry } from './dotenv.js';
import { redactConfig } from './redact.js';
import { configSchema, listSettings, type SettingInfo, type SettingKey } from './settings.js';

type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * The validated k8s-mcp configuration: one camelCase field per setting of `configSchema`, deeply
 * frozen. Paths are absolute, `apiToken`/`authTokens` include what their `_FILE` variants held.
 * `JSON.stringify` and `util.inspect` of a loaded config mask secrets.
 */
export type AppConfig = DeepReadonly<z.output<typeof configSchema>>;

/** Everything {@link loadConfig} reads, injected so it never touches the process itself. */
export interface LoadConfigOptions {
  /** Command-line arguments after the program name (`process.argv.slice(2)`), config flags only. */
  readonly argv: readonly string[];
  /** Environment variables (`process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads a UTF-8 text file; must throw an error with `code: 'ENOENT'` for a missing file. */
  readonly readFile: (path: string) => string;
  /** Working directory against which relative paths (and the default `.env`) are resolved. */
  readonly cwd: string;
  /** Home directory, for `~` in paths. */
  readonly homedir: string;
  /** `.env` file to read (relative to `cwd`), or `false` for none. Default `.env`; a missing file is fine. */
  readonly envFile?: string | false;
}

interface RawValue {
  readonly value: string;
  /** Variable actually used (may be an alias such as KUBECONFIG). */
  readonly variable: string;
  readonly source: string;
}

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Loads the configuration from, highest precedence first: CLI flags, the environment, the
 * `.env` file, then the schema defaults. A variable set to an empty string counts as unset at
 * that level. Reads token files named by `K8S_API_TOKEN_FILE` / `K8S_MCP_AUTH_TOKENS_FILE`, and
 * checks that a kubeconfig named by KUBECONFIG_PATH/KUBECONFIG exists when it would be used.
 * With `K8S_MCP_LOG_DIR` set and `K8S_AUDIT_LOG` unset, `auditLogPath` is `audit.log` there.
 *
 * @returns a deeply frozen {@link AppConfig}
 * @throws ConfigError listing every invalid variable with its value, source and what is expected
 */
export function loadConfig(options: LoadConfigOptions): AppConfig {
  const issues: ConfigIssue[] = [];
  const flags = parseConfigFlags(options.argv);
  issues.push(...flags.issues);
  const dotenv = readDotenv(options, issues);
  const settings = listSettings();

  const raw = new Map<SettingKey, RawValue>();
  for (const setting of settings) {
    const found = pickRaw(setting, flags.values, options.env, dotenv.entries, dotenv.file);
    if (found) raw.set(setting.key, found);
  }

  const input: Record<string, string | undefined> = {};
  for (const [key, found] of raw) input[key] = found.value;
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    // One message per bad setting; for lists, name the offending items.
    const bad = new Map<SettingKey, Set<number>>();
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as SettingKey | undefined;
      if (key === undefined) continue;
      const items = bad.get(key) ?? new Set<number>();
      if (typeof issue.path[1] === 'number') items.add(issue.path[1]);
      bad.set(key, items);
    }
    for (const setting of settings) {
      const items = bad.get(setting.key);
      if (!items) continue;
      const found = raw.get(setting.key);
      let detail = '';
      if (items.size > 0 && !setting.secret && found) {
        const list = found.value.split(setting.listSeparator ?? ',').map((v) => v.trim()).filter((v) => v !== '');
        const names = [...items].map((i) => JSON.stringify(list[i] ?? '')).join(', ');
        detail = ` (not valid: ${names})`;
      }
      issues.push(valueIssue(setting, found, `expected ${setting.expected}${detail}`));
    }
  }
  if (!parsed.success || issues.length > 0) {
    // Cross-field checks need a fully parsed config; report what we have so far.
    throw new ConfigError(issues.length > 0 ? issues : [{ message: 'invalid configuration' }]);
  }

  const config = { ...parsed.data };
  const byKey = new Map(settings.map((s) => [s.key, s]));
  const setting = (key: SettingKey): SettingInfo => byKey.get(key) as SettingInfo;
  const expand = (path: string): string => expandPath(path, options.cwd, options.homedir);

  config.kubeconfigPaths = config.kubeconfigPaths.map(expand);
  // Only "nothing configured" may end in the demo cluster: a kubeconfig that was named (and would
  // be read: no snapshot, demo or explicit server) but is not there is a mistake to report.
  const kubeconfigUsed = config.snapshot === undefined && config.demo !== true && config.apiServer === undefined;
  if (raw.has('kubeconfigPaths') && kubeconfigUsed && !config.kubeconfigPaths.some((path) => fileExists(path, options))) {
    const found = raw.get('kubeconfigPaths');
    const variable = found?.variable ?? 'KUBECONFIG_PATH';
    issues.push(
      valueIssue(
        setting('kubeconfigPaths'),
        found,
        `no kubeconfig file exists at ${config.kubeconfigPaths.join(', ')}; point ${variable} at an existing kubeconfig file, or unset it to use ~/.kube/config, the in-cluster service account or, with neither, the bundled demo cluster`,
      ),
    );
  }
  if (config.logDir !== undefined) {
    config.logDir = expand(config.logDir);
    // One directory for every log unless the audit log is placed on its own.
    if (!raw.has('auditLogPath')) config.auditLogPath = join(config.logDir, 'audit.log');
  }

  if (config.apiTokenFile !== undefined) {
    config.apiTokenFile = expand(config.apiTokenFile);
    if (config.apiToken !== undefined) {
      issues.push(conflict(setting('apiToken'), setting('apiTokenFile'), raw));
    } else {
      const text = readSecretFile(config.apiTokenFile, setting('apiTokenFile'), raw, options, issues);
      if (text !== undefined) {
        const token = text.trim();
        if (token === '') issues.push(valueIssue(setting('apiTokenFile'), raw.get('apiTokenFile'), 'the file is empty'));
        else config.apiToken = token;
      }
    }
  }
  if (config.authTokensFile !== undefined) {
    config.authTokensFile = expand(config.authTokensFile);
    if (config.authTokens.length > 0) {
      issues.push(conflict(setting('authTokens'), setting('authTokensFile'), raw));
    } else {
      const text = readSecretFile(config.authTokensFile, setting('authTokensFile'), raw, options, issues);
      if (text !== undefined) {
        config.authTokens = text
          .split(/\r?\n/)
          .filter((line) => !line.trim().startsWith('#'))
          .flatMap((line) => line.split(','))
          .map((token) => token.trim())
          .filter((token) => token !== '');
        if (config.authTokens.length === 0) {
          issues.push(valueIssue(setting('authTokensFile'), raw.get('authTokensFile'), 'the file holds no tokens'));
        }
      }
    }
  }
  if (config.apiToken !== undefined && config.apiServer === undefined) {
    const tokenSetting = raw.has('apiTokenFile') ? setting('apiTokenFile') : setting('apiToken');
    issues.push({
      variable: tokenSetting.env,
      message: `${tokenSetting.env} is set but K8S_API_SERVER is not: set K8S_API_SERVER to the API server URL the token is for, or unset ${tokenSetting.env} to use the kubeconfig`,
    });
  }
  if (config.apiServer !== undefined && config.apiToken === undefined && !issues.some((i) => i.variable?.startsWith('K8S_API_TOKEN'))) {
    issues.push({
      variable: 'K8S_API_SERVER',
      message: 'K8S_API_SERVER is set but neither K8S_API_TOKEN nor K8S_API_TOKEN_FILE is: set one of them, or unset K8S_API_SERVER to use the kubeconfig',
    });
  }
  if (config.allowDestructive && !config.allowWrites) {
    issues.push({
      variable: 'K8S_MCP_ALLOW_DESTRUCTIVE',
      message: 'K8S_MCP_ALLOW_DESTRUCTIVE=true requires K8S_MCP_ALLOW_WRITES=true (destructive tools are write tools)',
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);

  return freezeConfig(config);
}

function readDotenv(
  options: LoadConfigOptions,
  issues: ConfigIssue[],
): { entries: ReadonlyMap<string, DotenvEntry>; file: string } {
  const empty = { entries: new Map<string, DotenvEntry>(), file: '' };
  if (options.envFile === false) return empty;
  const file = resolve(options.cwd, options.envFile ?? '.env');
  let text: string;
  try {
    text = options.readFile(file);
  } catch (error) {
    if (isNotFound(error)) return empty;
    issues.push({ variable: file, source: file, message: `${file}: cannot read the .env file: ${describeError(error)}` });
    return empty;
  }
  try {
    return { entries: parseDotenv(text, file), file };
  } catch (error) {
    if (error instanceof ConfigError) {
      issues.push(...error.issues);
      return empty;
    }
    throw error;
  }
}

function pickRaw(
  setting: SettingInfo,
  flags: ReadonlyMap<string, { value: string; flag: string }>,
  env: Readonly<Record<string, string | undefined>>,
  dotenv: ReadonlyMap<string, DotenvEntry>,
  dotenvFile: string,
): RawValue | undefined {
  const names = [setting.env, ...(setting.aliases ?? [])];
  for (const name of names) {
    const flag = flags.get(name);
    if (flag !== undefined && flag.value.trim() !== '') {
      return { value: flag.value, variable: name, source: `flag ${flag.flag}` };
    }
  }
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return { value, variable: name, source: 'environment' };
  }
  for (const name of names) {
    const entry = dotenv.get(name);
    if (entry !== undefined && entry.value.trim() !== '') {
      return { value: entry.value, variable: name, source: `${dotenvFile}:${entry.line}` };
    }
  }
  return undefined;
}

function valueIssue(setting: SettingInfo, found: RawValue | undefined, what: string): ConfigIssue {
  const variable = found?.variable ?? setting.env;
  const source = found?.source ?? 'default';
  const shown = setting.secret ? '<redacted>' : JSON.stringify(found?.value ?? '');
  return {
    variable,
    source,
    ...(setting.secret || found === undefined ? {} : { value: found.value }),
    message: `${variable}=${shown} (from ${source}): ${what}`,
  };
}

function conflict(a: SettingInfo, b: SettingInfo, raw: ReadonlyMap<SettingKey, RawValue>): ConfigIssue {
  const where = (s: SettingInfo): string => raw.get(s.key)?.source ?? 'default';
  return {
    variable: b.env,
    message: `${a.env} (from ${where(a)}) and ${b.env} (from ${where(b)}) are both set: set only one of them`,
  };
}

function readSecretFile(
  path: string,
  setting: SettingInfo,
  raw: ReadonlyMap<SettingKey, RawValue>,
  options: LoadConfigOptions,
  issues: ConfigIssue[],
): string | undefined {
  try {
    return options.readFile(path);
  } catch (error) {
    issues.push(valueIssue(setting, raw.get(setting.key), `cannot read ${path}: ${describeError(error)}`));
    return undefined;
  }
}

function expandPath(path: string, cwd: string, homedir: string): string {
  if (path === '~') return homedir;
  if (path.startsWith('~/')) return join(homedir, path.slice(2));
  return isAbsolute(path) ? path : resolve(cwd, path);
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}

/** Whether `path` names something: only a missing file (or a missing directory on the way) counts as absent. */
function fileExists(path: string, options: LoadConfigOptions): boolean {
  try {
    options.readFile(path);
    return true;
  } catch (error) {
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}

function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return error instanceof Error ? error.message : String(error);
}

function freezeConfig(config: z.output<typeof configSchema>): AppConfig {
  for (const value of Object.values(config)) {
    if (Array.isArray(value)) Object.freeze(value);
  }
  Object.defineProperty(config, 'toJSON', { value: () => redactConfig(config as AppConfig), enumerable: false });
  Object.defineProperty(config, inspectSymbol, { value: () => redactConfig(config as AppConfig), enumerable: false });
  return Object.freeze(config) as AppConfig;
}
