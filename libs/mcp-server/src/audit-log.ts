/** One audit record: a JSON line in `logs/audit.log`. */
export interface AuditRecord {
  readonly time: string;
  readonly caller: string;
  readonly transport: string;
  readonly tool: string;
  readonly args: Record<string, unknown>;
  readonly outcome: 'ok' | 'error' | 'denied';
  readonly durationMs: number;
  /** Error code of a failed call. */
  readonly error?: string;
}

/** Receives audit records (the app appends them to a file; tests collect them). */
export interface AuditSink {
  write(record: AuditRecord): void;
}

const SECRET_KEY = /token|password|passwd|secret|credential|apikey|api_key|authorization|private/i;

/**
 * A copy of tool arguments safe to log: values under secret-looking keys are replaced, and a
 * manifest of kind Secret keeps only its metadata and data keys. Long strings are shortened.
 */
export function redactArgs(args: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const walk = (value: unknown, key: string, depth: number): unknown => {
    if (SECRET_KEY.test(key)) return '<redacted>';
    if (typeof value === 'string') {
      if (/"kind"\s*:\s*"Secret"|kind:\s*Secret\b/.test(value)) return '<redacted: Secret manifest>';
      return value.length > 500 ? `${value.slice(0, 500)}…(${value.length} chars)` : value;
    }
    if (depth > 6 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => walk(v, '', depth + 1));
    const obj = value as Record<string, unknown>;
    if (obj['kind'] === 'Secret') {
      const data = { ...(obj['data'] as object | undefined), ...(obj['stringData'] as object | undefined) };
      return { kind: 'Secret', metadata: obj['metadata'], dataKeys: Object.keys(data) };
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, walk(v, k, depth + 1)]));
  };
  return walk(args, '', 0) as Record<string, unknown>;
}
