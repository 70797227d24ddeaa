// Safe readers for the API server's plain JSON: objects arrive untyped (any kind, any version),
// so every field is checked before use and a malformed one is treated as absent.

/** A JSON object. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** `value` if it is a non-array object, else undefined. */
export function objectAt(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** `value` if it is an array, else an empty array. */
export function arrayAt(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Array elements that are objects. */
export function objectsAt(value: unknown): readonly JsonObject[] {
  if (!Array.isArray(value)) return NO_OBJECTS;
  // Hot path (every container, volume and env entry): no copy when every item is an object.
  if (value.every((item) => objectAt(item) !== undefined)) return value as JsonObject[];
  return value.filter((item) => objectAt(item) !== undefined) as JsonObject[];
}

const NO_OBJECTS: readonly JsonObject[] = [];

/** `value` if it is a non-empty string, else undefined. */
export function stringAt(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `value` if it is a finite number, else undefined. */
export function numberAt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Follows `keys` through nested objects. */
export function pathAt(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    const o = objectAt(current);
    if (!o) return undefined;
    current = o[key];
  }
  return current;
}

/** A string-to-string map (labels, a Service selector); non-string values are dropped. */
export function stringMapAt(value: unknown): Record<string, string> | undefined {
  const o = objectAt(value);
  if (!o) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'string') out[k] = v;
  return out;
}
