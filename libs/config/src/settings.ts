import * as z from 'zod';

/** Groups used to order settings in the generated docs and `config.env.example`. */
export const SETTING_GROUPS = [
  'Kubernetes access',
  'Safety',
  'HTTP server',
  'Logging',
  'Knowledge graph and sync',
  'Summaries',
  'Monitoring and health',
  'Alert thresholds',
  'Demo mode',
] as const;

/** One of {@link SETTING_GROUPS}. */
export type SettingGroup = (typeof SETTING_GROUPS)[number];

/**
 * Metadata attached to every setting's zod schema through {@link settingRegistry}. The
 * description itself lives on the schema (`.describe()`).
 */
export interface SettingMeta {
  /** Environment variable name; the CLI flag is its kebab-case form (`K8S_MCP_PORT` -> `--k8s-mcp-port`). */
  readonly env: string;
  /** Other variable names accepted for the same setting, lower precedence than `env` within a source. */
  readonly aliases?: readonly string[];
  /** What a valid value looks like, used in error messages after "expected". */
  readonly expected: string;
  /** Secret settings are never printed: errors omit their value and dumps mask it. */
  readonly secret?: boolean;
  /** Section of the generated docs. */
  readonly group: SettingGroup;
  /** Separator of list values when it is not a comma (the default is written with it too). */
  readonly listSeparator?: string;
  /** Whether a bare flag (`--k8s-mcp-debug`) means `true`. */
  readonly boolean?: boolean;
}

/** Registry holding the {@link SettingMeta} of every field of {@link configSchema}. */
export const settingRegistry = z.registry<SettingMeta>();

type Base = Omit<SettingMeta, 'expected' | 'boolean'>;

function setting<T extends z.ZodType>(
  schema: T,
  description: string,
  meta: Base & { expected: string; boolean?: boolean },
): T {
  const described = schema.describe(description);
  settingRegistry.add(described, meta);
  return described;
}

const BOOL_TRUE = ['true', '1', 'yes'];
const BOOL_FALSE = ['false', '0', 'no'];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

const boolValue = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => BOOL_TRUE.includes(v) || BOOL_FALSE.includes(v))
  .transform((v) => BOOL_TRUE.includes(v));

function bool(env: string, group: SettingGroup, def: boolean, description: string) {
  return setting(boolValue.default(def), description, {
    env,
    group,
    expected: 'a boolean (true/false, 1/0, yes/no)',
    boolean: true,
  });
}

function int(env: string, group: SettingGroup, def: number, min: number, max: number, description: string) {
  const schema = z
    .string()
    .trim()
    .regex(INTEGER)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(def);
  return setting(schema, description, {
    env,
    group,
    expected: `an integer between ${min} and ${max}`,
  });
}

function decimal(
  env: string,
  group: SettingGroup,
  def: number,
  range: { min: number; max: number; exclusiveMin?: boolean; unit: string },
  description: string,
) {
  const bounded = range.exclusiveMin ? z.number().gt(range.min) : z.number().min(range.min);
  const schema = z.string().trim().regex(DECIMAL).transform(Number).pipe(bounded.max(range.max)).default(def);
  const lower = range.exclusiveMin ? `greater than ${range.min}` : `at least ${range.min}`;
  return setting(schema, description, {
    env,
    group,
    expected: `a number of ${range.unit} ${lower} and at most ${range.max}`,
  });
}

/** Durations are plain numbers of seconds, greater than zero, at most one week. */
function seconds(env: string, group: SettingGroup, def: number, description: string) {
  return decimal(env, group, def, { min: 0, max: 604_800, exclusiveMin: true, unit: 'seconds' }, description);
}

function percent(env: string, group: SettingGroup, def: number, description: string) {
  return decimal(env, group, def, { min: 0, max: 100, unit: 'percent' }, description);
}

function splitList(value: string, separator: string | RegExp): string[] {
  return value
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function namespaceList(env: string, description: string) {
  const schema = z
    .string()
    .transform((v) => splitList(v, ','))
    .pipe(z.array(z.string().regex(DNS_LABEL)))
    .default([]);
  return setting(schema, description, {
    env,
    group: 'Safety',
    expected: 'a comma-separated list of namespace names (lower-case DNS labels)',
  });
}

function optionalString(env: string, group: SettingGroup, description: string, extra: Partial<Base> = {}) {
  return setting(z.string().trim().min(1).optional(), description, {
    env,
    group,
    expected: 'a non-empty string',
    ...extra,
  });
}

/**
 * The one schema holding every k8s-mcp setting: its type, default and description. Fields are
 * keyed by their `AppConfig` name; each field's {@link SettingMeta} (found through
 * {@link settingRegistry}) names its environment variable. Inputs are raw strings (or
 * `undefined` when unset); outputs are typed values.
 */
export const configSchema = z.object({
  // --- Kubernetes access ---
  kubeconfigPaths: setting(
    z
      .string()
      .transform((v) => splitList(v, ':'))
      .pipe(z.array(z.string()).min(1))
      .default(['~/.kube/config']),
    'Kubeconfig file(s). Several files may be joined with ":" as in KUBECONFIG, which is honoured when KUBECONFIG_PATH is unset. A leading ~ is the home directory; relative paths are resolved against the working directory. Set (here or in KUBECONFIG) and none of the files exists: an invalid configuration, never a fallback to the demo cluster. Unset and ~/.kube/config missing: the in-cluster service account, else the demo cluster (K8S_MCP_DEMO=auto).',
    {
      env: 'KUBECONFIG_PATH',
      aliases: ['KUBECONFIG'],
      group: 'Kubernetes access',
      expected: 'one or more file paths separated by ":"',
      listSeparator: ':',
    },
  ),
  kubeContext: optionalString(
    'K8S_CONTEXT',
    'Kubernetes access',
    'Kubeconfig context to use. Unset means the kubeconfig current-context.',
  ),
  apiServer: setting(
    z
      .string()
      .trim()
      .pipe(z.url({ protocol: /^https?$/ }))
      .optional(),
    'Kubernetes API server URL for explicit server + token access, bypassing the kubeconfig. Requires K8S_API_TOKEN or K8S_API_TOKEN_FILE.',
    {
      env: 'K8S_API_SERVER',
      group: 'Kubernetes access',
      expected: 'an http:// or https:// URL',
    },
  ),
  apiToken: setting(
    z.string().trim().regex(/^\S+$/).optional(),
    'Bearer token for K8S_API_SERVER. Prefer K8S_API_TOKEN_FILE.',
    { env: 'K8S_API_TOKEN', group: 'Kubernetes access', expected: 'a bearer token (no whitespace)', secret: true },
  ),
  apiTokenFile: optionalString(
    'K8S_API_TOKEN_FILE',
    'Kubernetes access',
    'File holding the bearer token for K8S_API_SERVER (for example a mounted service-account token). Mutually exclusive with K8S_API_TOKEN.',
  ),
  serviceAccountDir: setting(
    z.string().trim().min(1).default('/var/run/secrets/kubernetes.io/serviceaccount'),
    'Directory of the in-cluster service-account files (token, ca.crt, namespace), used with KUBERNETES_SERVICE_HOST/PORT when neither K8S_API_SERVER nor a kubeconfig file is found. Change it only to run as a pod would, outside one.',
    { env: 'K8S_MCP_SERVICEACCOUNT_DIR', group: 'Kubernetes access', expected: 'a directory path' },
  ),
  namespace: setting(
    z.string().trim().regex(DNS_LABEL).default('default'),
    'Default namespace for namespaced calls that do not name one.',
    {
      env: 'K8S_NAMESPACE',
      group: 'Kubernetes access',
      expected: 'a namespace name (lower-case DNS label)',
    },
  ),
  maxResources: int(
    'K8S_MAX_RESOURCES',
    'Kubernetes access',
    100,
    1,
    10_000,
    'Most objects one tool call returns.',
  ),

  // --- Safety ---
  allowedNamespaces: namespaceList(
    'K8S_ALLOWED_NAMESPACES',
    'Namespaces tools may touch, comma-separated. Empty means every namespace not forbidden.',
  ),
  forbiddenNamespaces: namespaceList(
    'K8S_FORBIDDEN_NAMESPACES',
    'Namespaces tools must never touch, comma-separated. Forbidden wins over allowed. Objects elsewhere that refer into a hidden namespace (a PersistentVolume claimRef, binding subjects, webhook Services, ...) stay listed with the namespace and name shown as <hidden>.',
  ),
  allowWrites: bool(
    'K8S_MCP_ALLOW_WRITES',
    'Safety',
    false,
    'Offer tools that create or change cluster objects. Off means read-only.',
  ),
  allowDestructive: bool(
    'K8S_MCP_ALLOW_DESTRUCTIVE',
    'Safety',
    false,
    'Offer destructive tools (delete, scale to zero, ...). Requires K8S_MCP_ALLOW_WRITES=true.',
  ),
  auditEnabled: bool('K8S_AUDIT_ENABLED', 'Safety', true, 'Write an audit log entry for every tool call.'),
  auditLogPath: setting(
    z.string().trim().min(1).default('logs/audit.log'),
    'Audit log file (JSON lines), relative to the working directory unless absolute. Unset with K8S_MCP_LOG_DIR set: audit.log in that directory.',
    { env: 'K8S_AUDIT_LOG', group: 'Safety', expected: 'a file path' },
  ),
  allowedTools: setting(
    z
      .string()
      .transform((v) => splitList(v, ','))
      .pipe(z.array(z.string().regex(/^[a-z0-9-]+$/)))
      .default([]),
    'Only offer these tools (comma-separated names, e.g. k8s-get-pods,k8s-get-logs). Empty means every tool the safety mode allows.',
    { env: 'K8S_MCP_ALLOWED_TOOLS', group: 'Safety', expected: 'a comma-separated list of tool names' },
  ),
  maxOutputKb: int('K8S_MCP_MAX_OUTPUT_KB', 'Safety', 24, 1, 1024, 'Hard cap on the text of one tool result, in KB.'),

  // --- HTTP server ---
  host: setting(
    z.string().trim().regex(/^[^\s/]+$/).default('localhost'),
    'Address the HTTP server binds to. Use 0.0.0.0 to listen on every interface.',
    { env: 'K8S_MCP_HOST', group: 'HTTP server', expected: 'a host name or IP address' },
  ),
  port: int('K8S_MCP_PORT', 'HTTP server', 8766, 1, 65_535, 'Port the HTTP server binds to.'),
  stateless: bool(
    'K8S_MCP_STATELESS',
    'HTTP server',
    false,
    'Serve /mcp as stateless Streamable HTTP (no sessions; GET and DELETE answer 405). Off means stateful sessions.',
  ),
  allowInsecureBind: bool(
    'K8S_MCP_ALLOW_INSECURE_BIND',
    'HTTP server',
    false,
    'Allow binding to a non-loopback address without K8S_MCP_AUTH_TOKENS. Off refuses to start.',
  ),
  maxBodyKb: int('K8S_MCP_MAX_BODY_KB', 'HTTP server', 4096, 1, 65_536, 'Largest accepted request body, in KB; larger bodies get 413.'),
  authTokens: setting(
    z
      .string()
      .transform((v) => splitList(v, ','))
      .pipe(z.array(z.string().regex(/^\S+$/)))
      .default([]),
    'Bearer tokens accepted by the HTTP server, comma-separated, each `name=token` or a bare token. The audit log names the caller by the name (a bare token by `sha256:` and 12 hex digits of its digest, never the token). Empty means no authentication: callers are `anonymous`.',
    {
      env: 'K8S_MCP_AUTH_TOKENS',
      group: 'HTTP server',
      expected: 'a comma-separated list of name=token pairs or bare bearer tokens (no whitespace inside a token)',
      secret: true,
    },
  ),
  authTokensFile: optionalString(
    'K8S_MCP_AUTH_TOKENS_FILE',
    'HTTP server',
    'File holding the accepted bearer tokens (`name=token` or bare), one per line or comma-separated; lines starting with # are ignored. Mutually exclusive with K8S_MCP_AUTH_TOKENS.',
  ),
  allowedHosts: setting(
    z
      .string()
      .transform((v) => splitList(v, ','))
      .pipe(z.array(z.string().regex(/^[^\s/]+$/)))
      .default([]),
    'Host header values the HTTP server accepts, comma-separated (/health is exempt). Empty means: only loopback names (localhost, 127.0.0.1, [::1], any port) when K8S_MCP_HOST is a loopback address, which stops DNS rebinding; any host otherwise.',
    {
      env: 'K8S_MCP_ALLOWED_HOSTS',
      group: 'HTTP server',
      expected: 'a comma-separated list of host names (optionally host:port)',
    },
  ),
  monitoringPublic: bool(
    'K8S_MCP_MONITORING_PUBLIC',
    'HTTP server',
    false,
    'Serve the monitoring endpoints (/metrics, /metrics/*, /performance, /alerts, /intelligent/*) without a token when auth tokens are set. Off means they need a token like /mcp; /health never does.',
  ),
  maxSessions: int(
    'K8S_MCP_MAX_SESSIONS',
    'HTTP server',
    100,
    1,
    100_000,
    'Open MCP sessions (/sse and stateful /mcp together) beyond which a new session gets 503 with Retry-After.',
  ),
  sessionIdleTimeoutSeconds: seconds(
    'K8S_MCP_SESSION_IDLE_TIMEOUT',
    'HTTP server',
    300,
    'Seconds after which a Streamable HTTP session with no request and no open stream is closed. SSE sessions end when their stream closes.',
  ),

  // --- Logging ---
  debug: bool(
    'K8S_MCP_DEBUG',
    'Logging',
    false,
    'Debug mode: logs at DEBUG whatever LOG_LEVEL says, with the stack trace of every logged error. Answers to MCP clients never carry stack traces either way.',
  ),
  logLevel: setting(
    z.string().trim().toUpperCase().pipe(z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR'])).default('INFO'),
    'Log level: DEBUG, INFO, WARNING or ERROR (case-insensitive). Logs go to stderr (never stdout): pretty lines on a terminal, JSON lines otherwise. The CLI\'s one-shot commands are one step quieter (INFO shows warnings and errors).',
    {
      env: 'LOG_LEVEL',
      group: 'Logging',
      expected: 'one of DEBUG, INFO, WARNING, ERROR (case-insensitive)',
    },
  ),
  logDir: optionalString(
    'K8S_MCP_LOG_DIR',
    'Logging',
    'Directory that also receives the logs as JSON lines, created when missing: k8s-mcp.log (every record LOG_LEVEL lets through) and error.log (warnings and errors, whatever LOG_LEVEL). Unless K8S_AUDIT_LOG is set, the audit log goes there too (audit.log). Relative to the working directory unless absolute. Unset: logs go to stderr only.',
  ),

  // --- Knowledge graph and sync ---
  knowledgeGraphEnabled: bool(
    'ENABLE_KNOWLEDGE_GRAPH',
    'Knowledge graph and sync',
    true,
    'Build the resource relationship graph and offer the tools that use it.',
  ),
  syncIntervalSeconds: seconds('SYNC_INTERVAL', 'Knowledge graph and sync', 300, 'Full resync period, in seconds.'),
  graphMaxDepth: int(
    'GRAPH_MAX_DEPTH',
    'Knowledge graph and sync',
    3,
    1,
    10,
    'Upper bound on the depth of a relationship query: a caller asking for more hops (max_depth, --depth) is clamped to it and told so. A query naming no depth walks 3 hops (neighbors 1), or this bound when it is lower.',
  ),
  graphTtlSeconds: seconds(
    'GRAPH_TTL',
    'Knowledge graph and sync',
    3600,
    'Seconds after which graph data not refreshed by a watch is dropped.',
  ),
  graphMemoryLimitMb: int(
    'GRAPH_MEMORY_LIMIT',
    'Knowledge graph and sync',
    1024,
    16,
    1_048_576,
    'Memory budget of the graph, in MB.',
  ),
  watchTimeoutSeconds: seconds(
    'WATCH_TIMEOUT',
    'Knowledge graph and sync',
    600,
    'Seconds before a watch is closed and re-established.',
  ),
  maxRetryCount: int(
    'MAX_RETRY_COUNT',
    'Knowledge graph and sync',
    3,
    0,
    100,
    'Consecutive failed list/watch attempts before a resource kind is marked failed.',
  ),

  // --- Summaries ---
  maxSummarySizeKb: int(
    'MAX_SUMMARY_SIZE_KB',
    'Summaries',
    10,
    1,
    1024,
    'Default size budget of a summary and its upper bound, in KB (1 KB = 1024 bytes of UTF-8): a caller asking for more (max_size_kb, --max-size-kb) is clamped to it and told so. Summaries never exceed K8S_MCP_MAX_OUTPUT_KB either.',
  ),
  summaryLogs: bool(
    'K8S_MCP_SUMMARY_LOGS',
    'Summaries',
    true,
    'Read the crash logs of the worst failing containers when summarizing anomalies, and quote their telling lines (error, panic, not found, forbidden...) as evidence. Off: summaries read no logs.',
  ),
  summaryLogContainers: int(
    'K8S_MCP_SUMMARY_LOG_CONTAINERS',
    'Summaries',
    6,
    1,
    50,
    'Most containers whose logs one summary reads (one per workload, worst first).',
  ),
  summaryLogTailLines: int(
    'K8S_MCP_SUMMARY_LOG_TAIL_LINES',
    'Summaries',
    100,
    10,
    5000,
    'Log lines read from the end of each of those containers (the previous, crashed container first); at most 64 KiB each, 3 at a time, 3 s per read.',
  ),

  // --- Monitoring and health ---
  monitoringEnabled: bool('MONITORING_ENABLED', 'Monitoring and health', true, 'Collect internal metrics.'),
  metricsCollectionIntervalSeconds: seconds(
    'METRICS_COLLECTION_INTERVAL',
    'Monitoring and health',
    30,
    'Seconds between metric samples.',
  ),
  metricsHistorySize: int(
    'METRICS_HISTORY_SIZE',
    'Monitoring and health',
    1000,
    1,
    1_000_000,
    'Metric samples kept in memory.',
  ),

  // --- Alert thresholds ---
  alertApiResponseTimeMaxSeconds: seconds(
    'ALERT_API_RESPONSE_TIME_MAX',
    'Alert thresholds',
    5.0,
    'Alert when this server\'s HTTP API takes longer than this many seconds to answer (average over a sampling interval).',
  ),
  alertCpuPercentMax: percent('ALERT_CPU_PERCENT_MAX', 'Alert thresholds', 80, 'Alert above this system CPU percentage.'),
  alertMemoryPercentMax: percent(
    'ALERT_MEMORY_PERCENT_MAX',
    'Alert thresholds',
    85,
    'Alert above this system memory percentage.',
  ),
  alertErrorRatePercentMax: percent(
    'ALERT_ERROR_RATE_MAX',
    'Alert thresholds',
    5.0,
    'Alert above this percentage of failed calls.',
  ),
  alertSyncDelayMaxSeconds: seconds(
    'ALERT_SYNC_DELAY_MAX',
    'Alert thresholds',
    300,
    'Alert when the last successful sync is older than this many seconds.',
  ),

  // --- Demo mode ---
  snapshot: optionalString(
    'K8S_MCP_SNAPSHOT',
    'Demo mode',
    'Serve an offline cluster dump (kubectl get -o json/yaml output, multi-document YAML, a directory, or kubectl cluster-info dump --output-directory) instead of a live cluster. Read-only.',
  ),
  demo: setting(
    z
      .string()
      .trim()
      .toLowerCase()
      .refine((v) => v === 'auto' || BOOL_TRUE.includes(v) || BOOL_FALSE.includes(v))
      .transform((v): 'auto' | boolean => (v === 'auto' ? 'auto' : BOOL_TRUE.includes(v)))
      .default('auto'),
    'Serve a built-in demo cluster: auto (only when no cluster is configured), true or false.',
    {
      env: 'K8S_MCP_DEMO',
      group: 'Demo mode',
      expected: 'auto, true or false',
    },
  ),
});

/** Name of a field of {@link configSchema} (and of `AppConfig`). */
export type SettingKey = keyof typeof configSchema.shape;

/** A setting's key, schema description and metadata, as listed by {@link listSettings}. */
export interface SettingInfo extends SettingMeta {
  /** Field name in `AppConfig`. */
  readonly key: SettingKey;
  /** Human description (the schema's `.describe()` text). */
  readonly description: string;
  /** CLI flag for this setting, e.g. `--k8s-mcp-port`. */
  readonly flag: string;
  /** The default as written in an env file ('' when the setting is unset by default). */
  readonly defaultText: string;
}

/** Converts an environment variable name to its CLI flag: `K8S_MCP_PORT` -> `--k8s-mcp-port`. */
export function envToFlag(env: string): string {
  return `--${env.toLowerCase().replaceAll('_', '-')}`;
}

function formatDefault(schema: z.ZodType, separator: string): string {
  if (!(schema instanceof z.ZodDefault)) return '';
  const value: unknown = schema.def.defaultValue;
  return Array.isArray(value) ? value.join(separator) : String(value);
}

/** Every setting in schema order, with its metadata. */
export function listSettings(): readonly SettingInfo[] {
  return (Object.keys(configSchema.shape) as SettingKey[]).map((key) => {
    const schema = configSchema.shape[key];
    const meta = settingRegistry.get(schema);
    if (!meta || schema.description === undefined) {
      throw new Error(`setting ${key} lacks metadata or a description`);
    }
    return {
      key,
      description: schema.description,
      flag: envToFlag(meta.env),
      defaultText: formatDefault(schema, meta.listSeparator ?? ','),
      ...meta,
    };
  });
}
