import type { CliIo } from './cli-io.js';

/**
 * A caller's request clamped to the upper bound an operator set (GRAPH_MAX_DEPTH,
 * MAX_SUMMARY_SIZE_KB), the clamping said on stderr (stdout stays the answer, JSON included).
 * `requested` undefined: `fallback` (itself at most `bound`).
 */
export function boundedByOperator(io: CliIo, option: { flag: string; requested: number | undefined; fallback: number; bound: number; setting: string; unit?: string }): number {
  const { requested, bound } = option;
  if (requested === undefined) return Math.min(option.fallback, bound);
  if (requested <= bound) return requested;
  const unit = option.unit ? ` ${option.unit}` : '';
  io.stderr.write(`k8s-mcp: ${option.flag} ${requested} was clamped to ${bound}${unit} (${option.setting}, the upper bound set for this installation)\n`);
  return bound;
}
