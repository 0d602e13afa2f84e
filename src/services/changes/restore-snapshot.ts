import { REDACTED } from '../credentials/placeholder.js';
import { isJsonObject, type JsonValue, jsonEqual } from '../json-value.js';

/** Whether a snapshot value hides a credential (the mask stands in for, or inside, the value). */
export function holdsMaskedValue(value: JsonValue | undefined): boolean {
  if (typeof value === 'string') return value.includes(REDACTED);
  if (Array.isArray(value)) return value.some(holdsMaskedValue);
  if (isJsonObject(value)) return Object.values(value).some(holdsMaskedValue);
  return false;
}

/**
 * The raw resource that a stored snapshot describes, built from the resource as it is now: `raw` is the resource,
 * `shown` its snapshot (credentials masked), `target` the snapshot to go back to. Parts that look the same keep the
 * raw values (so unmasked credentials stay as they are server-side); a part whose target is masked is kept as it
 * is (its old value was never known); every other part takes the target's value. Top-level keys the target lacks
 * are kept (server-owned fields a snapshot leaves out); deeper ones are removed, as the target has them.
 */
export function restoreFromSnapshot(raw: JsonValue, shown: JsonValue, target: JsonValue, depth = 0): JsonValue {
  if (jsonEqual(shown, target)) return raw;
  if (isJsonObject(raw) && isJsonObject(shown) && isJsonObject(target)) {
    const restored: { [key: string]: JsonValue } = {};
    for (const [key, value] of Object.entries(target)) {
      const current = raw[key];
      if (current !== undefined && key in shown) {
        restored[key] = restoreFromSnapshot(current, shown[key] ?? null, value, depth + 1);
      } else if (current !== undefined && !(key in shown)) {
        restored[key] = current;
      } else if (!holdsMaskedValue(value)) {
        restored[key] = value;
      }
    }
    for (const [key, value] of Object.entries(raw)) {
      if (key in restored) continue;
      // Not in the snapshot at all (counters, server fields), or a top-level field the target leaves out: kept.
      if (!(key in shown) || depth === 0) restored[key] = value;
      else if (!(key in target) && holdsMaskedValue(shown[key] ?? null)) restored[key] = value;
    }
    return restored;
  }
  if (Array.isArray(raw) && Array.isArray(shown) && Array.isArray(target) && raw.length === target.length) {
    return target.map((item, i) => restoreFromSnapshot(raw[i] ?? null, shown[i] ?? null, item, depth + 1));
  }
  return holdsMaskedValue(target) ? raw : target;
}
