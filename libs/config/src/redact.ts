import type { AppConfig } from './load-config.js';
import { listSettings } from './settings.js';

/** What a set secret is replaced with in every dump. */
export const REDACTED = '<redacted>';

function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return !Array.isArray(value) || value.length > 0;
}

/**
 * A plain copy of the config that is safe to print or serialise: every secret setting that is
 * set is replaced by {@link REDACTED}. `JSON.stringify(config)` already uses this.
 */
export function redactConfig(config: AppConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const setting of listSettings()) {
    const value: unknown = config[setting.key];
    out[setting.key] = setting.secret && isSet(value) ? REDACTED : value;
  }
  return out;
}

function formatValue(value: unknown, separator: string): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(separator);
  return String(value);
}

/**
 * Renders the effective configuration as `NAME=value` lines in schema order, secrets masked, for
 * `k8s-mcp config` and startup diagnostics.
 */
export function describeConfig(config: AppConfig): string {
  const lines = listSettings().map((setting) => {
    const value: unknown = config[setting.key];
    const shown = setting.secret && isSet(value) ? REDACTED : formatValue(value, setting.listSeparator ?? ',');
    return `${setting.env}=${shown}`;
  });
  return `${lines.join('\n')}\n`;
}
