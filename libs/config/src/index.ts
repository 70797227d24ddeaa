export { ConfigError, type ConfigIssue } from './config-error.js';
export { parseConfigFlags, type FlagValue, type ParsedFlags } from './cli-flags.js';
export { parseDotenv, type DotenvEntry } from './dotenv.js';
export { loadConfig, type AppConfig, type LoadConfigOptions } from './load-config.js';
export { processConfigSources } from './node-sources.js';
export { describeConfig, redactConfig, REDACTED } from './redact.js';
export { renderConfigDocs, renderEnvExample, renderFlagHelp } from './render-docs.js';
export {
  configSchema,
  envToFlag,
  listSettings,
  settingRegistry,
  SETTING_GROUPS,
  type SettingGroup,
  type SettingInfo,
  type SettingKey,
  type SettingMeta,
} from './settings.js';
