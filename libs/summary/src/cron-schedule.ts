/** A parsed cron schedule: the sets of minutes, hours, days, months and weekdays it fires on. */
export interface CronSchedule {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
  /** `*` (or `?`) in the day-of-month or day-of-week field: both day fields must match (else either). */
  readonly dayStar: boolean;
  /** For `@every <duration>`: the fixed interval in ms (the field sets are then unused). */
  readonly everyMs?: number;
}

/** Result of {@link parseCronSchedule}. */
export type CronParseResult = { readonly ok: true; readonly schedule: CronSchedule } | { readonly ok: false; readonly error: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

function parseDuration(text: string): number | undefined {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = text;
  if (rest === '') return undefined;
  while (rest !== '') {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * (units[m[2] as string] as number);
    rest = rest.slice(m[0].length);
  }
  return total > 0 ? total : undefined;
}

function parseField(text: string, min: number, max: number, names: readonly string[] | undefined, what: string): Set<number> | string {
  const values = new Set<number>();
  const value = (token: string): number | undefined => {
    const index = names?.indexOf(token.toLowerCase()) ?? -1;
    if (index >= 0) return index + (names === MONTHS ? 1 : 0);
    return /^\d+$/.test(token) ? Number(token) : undefined;
  };
  for (const part of text.split(',')) {
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined || range === undefined || range === '') return `bad ${what} "${part}"`;
    const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) ? Number(stepText) : 0;
    if (step < 1) return `bad step in ${what} "${part}"`;
    let low: number | undefined;
    let high: number | undefined;
    if (range === '*' || range === '?') {
      low = min;
      high = max;
    } else {
      const dash = range.split('-');
      if (dash.length > 2) return `bad range in ${what} "${part}"`;
      low = value(dash[0] as string);
      high = dash.length === 2 ? value(dash[1] as string) : stepText === undefined ? low : max;
    }
    if (low === undefined || high === undefined) return `bad value in ${what} "${part}"`;
    if (low < min || high > max || low > high) return `${what} "${part}" is out of range ${min}-${max}`;
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return values;
}

/**
 * Parses a CronJob schedule as Kubernetes does (standard 5 fields, names for months and
 * weekdays, `*`, `?`, ranges, steps, lists, 7 as Sunday, and the `@hourly`..`@yearly` and
 * `@every <duration>` descriptors). A `TZ=`/`CRON_TZ=` prefix is ignored. Never throws.
 */
export function parseCronSchedule(text: string): CronParseResult {
  let spec = text.trim().replace(/^(CRON_)?TZ=\S+\s+/, '');
  if (spec.startsWith('@every ')) {
    const everyMs = parseDuration(spec.slice(7).trim());
    if (everyMs === undefined) return { ok: false, error: `bad duration in "${text}"` };
    const none = new Set<number>();
    return { ok: true, schedule: { minutes: none, hours: none, daysOfMonth: none, months: none, daysOfWeek: none, dayStar: true, everyMs } };
  }
  spec = DESCRIPTORS[spec.toLowerCase()] ?? spec;
  const fields = spec.split(/\s+/);
  if (fields.length !== 5) return { ok: false, error: `expected 5 fields, got ${fields.length} in "${text}"` };
  const [mi, h, dom, mon, dow] = fields as [string, string, string, string, string];
  const minutes = parseField(mi, 0, 59, undefined, 'minute');
  const hours = parseField(h, 0, 23, undefined, 'hour');
  const daysOfMonth = parseField(dom, 1, 31, undefined, 'day of month');
  const months = parseField(mon, 1, 12, MONTHS, 'month');
  const daysOfWeekRaw = parseField(dow, 0, 7, DAYS, 'day of week');
  for (const r of [minutes, hours, daysOfMonth, months, daysOfWeekRaw]) {
    if (typeof r === 'string') return { ok: false, error: r };
  }
  const daysOfWeek = new Set([...(daysOfWeekRaw as Set<number>)].map((d) => d % 7));
  const star = (f: string): boolean => f.startsWith('*') || f.startsWith('?');
  return {
    ok: true,
    schedule: {
      minutes: minutes as Set<number>,
      hours: hours as Set<number>,
      daysOfMonth: daysOfMonth as Set<number>,
      months: months as Set<number>,
      daysOfWeek,
      dayStar: star(dom) || star(dow),
    },
  };
}

const DAY_MS = 86_400_000;
/** How far back {@link previousFireTimes} looks (8 years covers Feb 29 and rare weekday dates). */
const LOOKBACK_DAYS = 8 * 366;

/**
 * The `count` most recent times (ms, UTC, newest first) strictly before `beforeMs` at which the
 * schedule fires; fewer when it fires less often than that within eight years (e.g. `0 0 30 2 *`
 * never fires). `@every` schedules count back from `beforeMs` in whole intervals.
 */
export function previousFireTimes(schedule: CronSchedule, beforeMs: number, count: number): number[] {
  const result: number[] = [];
  if (schedule.everyMs !== undefined) {
    for (let i = 1; i <= count; i++) result.push(beforeMs - i * schedule.everyMs);
    return result;
  }
  const hours = [...schedule.hours].sort((a, b) => b - a);
  const minutes = [...schedule.minutes].sort((a, b) => b - a);
  const dayStart = Math.floor(beforeMs / DAY_MS) * DAY_MS;
  for (let d = 0; d < LOOKBACK_DAYS && result.length < count; d++) {
    const start = dayStart - d * DAY_MS;
    const date = new Date(start);
    if (!schedule.months.has(date.getUTCMonth() + 1)) continue;
    const dom = schedule.daysOfMonth.has(date.getUTCDate());
    const dow = schedule.daysOfWeek.has(date.getUTCDay());
    if (!(schedule.dayStar ? dom && dow : dom || dow)) continue;
    for (const h of hours) {
      for (const m of minutes) {
        const t = start + h * 3_600_000 + m * 60_000;
        if (t < beforeMs) {
          result.push(t);
          if (result.length === count) return result;
        }
      }
    }
  }
  return result;
}
