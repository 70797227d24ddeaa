/** Levenshtein distance, or `limit + 1` as soon as it must exceed `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      current.push(value);
      if (value < best) best = value;
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * Up to `limit` ids close to `wanted`, best first: the same id in another letter case, then ids
 * with the same name (another kind or namespace), then ids within a small edit distance.
 */
export function suggestIds(wanted: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = wanted.toLowerCase();
  const name = lower.slice(lower.lastIndexOf('/') + 1);
  const maxEdits = Math.max(2, Math.floor(wanted.length / 5));
  const scored: Array<[number, string]> = [];
  for (const id of candidates) {
    const candidate = id.toLowerCase();
    let score: number;
    if (candidate === lower) score = 0;
    else if (name !== '' && candidate.slice(candidate.lastIndexOf('/') + 1) === name) score = 1;
    else {
      const d = distance(lower, candidate, maxEdits);
      if (d > maxEdits) continue;
      score = 1 + d;
    }
    scored.push([score, id]);
  }
  return scored
    .sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1))
    .slice(0, limit)
    .map(([, id]) => id);
}
