import type { KubeObject } from '@k8s-mcp/k8s-client';

/** Aligned plain-text table: compact for LLMs, readable for people. Cells are single-line. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const clean = rows.map((r) => r.map((c) => c.replace(/\s+/g, ' ').trim() || '-'));
  const widths = headers.map((h, i) => Math.max(h.length, ...clean.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...clean.map(line)].join('\n');
}

/** kubectl-style age: `45s`, `12m`, `5h`, `3d`. */
export function formatAge(timestamp: unknown, now: number): string {
  if (typeof timestamp !== 'string') return '-';
  const ms = now - Date.parse(timestamp);
  if (!Number.isFinite(ms)) return '-';
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172_800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** Reads a nested field without throwing: `field(obj, 'status', 'phase')`. */
export function field(obj: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/** `field` as an array (empty when absent). */
export function list(obj: unknown, ...path: string[]): readonly unknown[] {
  const v = field(obj, ...path);
  return Array.isArray(v) ? v : [];
}

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function qualifiedName(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}
