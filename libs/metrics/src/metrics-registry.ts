import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/** Options of {@link createMetricsRegistry}. */
export interface MetricsRegistryOptions {
  /** Registry to register into; a new one is created when omitted (never the global one). */
  readonly registry?: Registry;
  /** Prefix of every metric name. Default `k8s_mcp_`. */
  readonly prefix?: string;
}

/** The k8s-mcp metrics, registered in one prom-client registry. */
export interface MetricsRegistry {
  /** The registry; serve `await registry.metrics()` with `registry.contentType` on /metrics. */
  readonly registry: Registry;
  /** `<prefix>tool_executions_total{tool}`: MCP tool calls, by tool name. */
  readonly toolExecutions: Counter<'tool'>;
}

/**
 * Registers the default process/Node.js collectors (prefixed) and the k8s-mcp counters into an
 * injected or new registry. Registering twice into the same registry throws (duplicate metric
 * names), so create one per registry.
 */
export function createMetricsRegistry(options: MetricsRegistryOptions = {}): MetricsRegistry {
  const registry = options.registry ?? new Registry();
  const prefix = options.prefix ?? 'k8s_mcp_';
  collectDefaultMetrics({ register: registry, prefix });
  const toolExecutions = new Counter({
    name: `${prefix}tool_executions_total`,
    help: 'MCP tool calls, by tool name.',
    labelNames: ['tool'] as const,
    registers: [registry],
  });
  return { registry, toolExecutions };
}
