const BINARY: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Readonly<Record<string, number>> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/**
 * A Kubernetes resource quantity (`250m`, `1.5`, `12345678n`, `128Mi`, `1G`, `1e3`) in base
 * units (cores or bytes); `undefined` when it is not a quantity.
 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  const suffix = match[2] ?? '';
  const factor = BINARY[suffix] ?? DECIMAL[suffix] ?? 1;
  return Number(match[1]) * factor;
}

/** CPU quantity in millicores (`250m` → 250, `1` → 1000, `5000000n` → 5). */
export function cpuMillis(value: unknown): number | undefined {
  const cores = parseQuantity(value);
  return cores === undefined ? undefined : cores * 1000;
}

/** Memory quantity in MiB (`128Mi` → 128, `1Gi` → 1024). */
export function memoryMi(value: unknown): number | undefined {
  const bytes = parseQuantity(value);
  return bytes === undefined ? undefined : bytes / 2 ** 20;
}
