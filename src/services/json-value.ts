/** A value that survives JSON.stringify/parse unchanged: what change plans and snapshots are made of. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `out[key] = item`, also for `__proto__` (JSON.parse makes it an own key; a plain assignment sets the prototype). */
export function setOwnKey(out: { [key: string]: JsonValue }, key: string, item: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
  } else {
    out[key] = item;
  }
}

/** Deep equality of JSON values; object key order does not matter. */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && jsonEqual(a[key], b[key]));
  }
  return false;
}

/**
 * The value as a JSON round trip would give it back, which is also how it is stored (undefined and functions
 * dropped from objects and null in arrays, Dates through toJSON, NaN and ±Infinity null, -0 as 0), copied in one
 * walk: stringify + parse took 13 ms for a 5,000-field mapping, and snapshots are taken several times per change.
 */
export function toJsonValue(value: unknown): JsonValue {
  return copyAsJson(value ?? null) ?? null;
}

/** `value` as JSON.stringify would write it, copied, or undefined where it would write nothing (undefined, functions). */
export function copyAsJson(value: unknown): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : null;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object': {
      if (value === null) return null;
      const withToJson = value as { toJSON?: unknown };
      if (typeof withToJson.toJSON === 'function') return copyAsJson((withToJson.toJSON as () => unknown).call(value));
      if (value instanceof Number || value instanceof String || value instanceof Boolean) {
        return copyAsJson(value.valueOf());
      }
      if (Array.isArray(value)) return Array.from(value, (item) => copyAsJson(item) ?? null);
      const out: { [key: string]: JsonValue } = {};
      for (const key of Object.keys(value)) {
        const item = copyAsJson((value as Record<string, unknown>)[key]);
        if (item === undefined) continue;
        setOwnKey(out, key, item);
      }
      return out;
    }
    default:
      // undefined, functions and symbols: dropped from objects, null in arrays (as JSON.stringify does).
      return undefined;
  }
}
