import { apiMetricName, METRIC_NAMES, OVERALL_ROUTE, toolMetricName } from './metric-names.js';

/** Requests or executions of one route or tool. */
interface Tally {
  count: number;
  errors: number;
  /** Since the last committed read. */
  windowCount: number;
  windowErrors: number;
  windowSeconds: number;
  /** Mean duration of the last committed window, if it had traffic, for uncommitted reads of a quiet window. */
  lastMean?: number;
  lastErrorRate?: number;
}

const newTally = (): Tally => ({ count: 0, errors: 0, windowCount: 0, windowErrors: 0, windowSeconds: 0 });

/** Name used for routes or tools beyond {@link ActivityStatsOptions.maxKeys}. */
export const OTHER_KEY = 'other';

/** Options of {@link createActivityStats}. */
export interface ActivityStatsOptions {
  /** Distinct routes, and separately tools, tracked by name; further ones are counted as `other`. Default 100. */
  readonly maxKeys?: number;
}

/** Counts API requests and tool executions for the JSON metrics. */
export interface ActivityStats {
  /**
   * Records one API request; a status of 500 or more counts as an error. Returns the route name
   * it was recorded under (`other` past the key limit). Pass route patterns, not raw paths.
   */
  recordApiRequest(route: string, status: number, seconds: number): string;
  /** Records one tool execution; returns the tool name it was recorded under. */
  recordToolExecution(tool: string, seconds: number, ok: boolean): string;
  /**
   * The dotted values: counts since start (`requests`, `errors`, `executions`), and means over
   * the window since the last committed read (`response_time`, `execution_time`,
   * `error_rate_percent`, absent when the window had no traffic). An uncommitted read of a quiet
   * window reports the last committed window instead (absent too when that one was quiet);
   * `commit: true` starts a new window.
   */
  values(options?: { commit?: boolean }): Record<string, number>;
}

/**
 * Creates {@link ActivityStats}.
 *
 * @throws RangeError prefixed `createActivityStats:` when maxKeys is not a positive integer
 */
export function createActivityStats(options: ActivityStatsOptions = {}): ActivityStats {
  const maxKeys = options.maxKeys ?? 100;
  if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new RangeError(`createActivityStats: maxKeys must be a positive integer, got ${maxKeys}`);
  const routes = new Map<string, Tally>();
  const tools = new Map<string, Tally>();
  const overall = newTally();

  const tallyOf = (map: Map<string, Tally>, key: string): [string, Tally] => {
    const name = map.has(key) || map.size < maxKeys ? key : OTHER_KEY;
    let tally = map.get(name);
    if (!tally) map.set(name, (tally = newTally()));
    return [name, tally];
  };

  const add = (tally: Tally, seconds: number, error: boolean): void => {
    tally.count++;
    tally.windowCount++;
    tally.windowSeconds += seconds;
    if (error) {
      tally.errors++;
      tally.windowErrors++;
    }
  };

  /** Window mean and error rate, falling back on the last busy window for uncommitted reads. */
  const windowOf = (tally: Tally, commit: boolean): { mean?: number; errorRate?: number } => {
    if (tally.windowCount > 0) {
      const mean = tally.windowSeconds / tally.windowCount;
      const errorRate = (100 * tally.windowErrors) / tally.windowCount;
      if (commit) {
        tally.lastMean = mean;
        tally.lastErrorRate = errorRate;
      }
      return { mean, errorRate };
    }
    if (commit) {
      // A quiet window is now the last one: its mean is absent, not the one of an older window.
      delete tally.lastMean;
      delete tally.lastErrorRate;
      return {};
    }
    return { ...(tally.lastMean !== undefined ? { mean: tally.lastMean } : {}), ...(tally.lastErrorRate !== undefined ? { errorRate: tally.lastErrorRate } : {}) };
  };

  const reset = (tally: Tally): void => {
    tally.windowCount = 0;
    tally.windowErrors = 0;
    tally.windowSeconds = 0;
  };

  return {
    recordApiRequest(route, status, seconds) {
      // A route literally named like the aggregate would overwrite it.
      const [name, tally] = tallyOf(routes, route === OVERALL_ROUTE ? `${OVERALL_ROUTE}_route` : route);
      const error = status >= 500;
      add(tally, seconds, error);
      add(overall, seconds, error);
      return name;
    },
    recordToolExecution(tool, seconds, ok) {
      const [name, tally] = tallyOf(tools, tool);
      add(tally, seconds, !ok);
      return name;
    },
    values(options = {}) {
      const commit = options.commit === true;
      const out: Record<string, number> = {};
      for (const [route, tally] of routes) {
        out[apiMetricName(route, 'requests')] = tally.count;
        out[apiMetricName(route, 'errors')] = tally.errors;
        const { mean } = windowOf(tally, commit);
        if (mean !== undefined) out[apiMetricName(route, 'response_time')] = mean;
      }
      out[METRIC_NAMES.apiRequests] = overall.count;
      out[METRIC_NAMES.apiErrors] = overall.errors;
      const all = windowOf(overall, commit);
      if (all.mean !== undefined) out[METRIC_NAMES.apiResponseTime] = all.mean;
      if (all.errorRate !== undefined) out[METRIC_NAMES.apiErrorRatePercent] = all.errorRate;
      for (const [tool, tally] of tools) {
        out[toolMetricName(tool, 'executions')] = tally.count;
        out[toolMetricName(tool, 'errors')] = tally.errors;
        const { mean } = windowOf(tally, commit);
        if (mean !== undefined) out[toolMetricName(tool, 'execution_time')] = mean;
      }
      if (commit) {
        for (const tally of [...routes.values(), ...tools.values(), overall]) reset(tally);
      }
      return out;
    },
  };
}

