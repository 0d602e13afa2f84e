/**
 * Helpers for fields the server owns or derives, which a client's whole-object write must not
 * change (or may leave out).
 */

/** Gives `target` exactly `source`'s values for `keys`; a key `source` lacks is removed from `target`. */
export function keepStoredFields(
  target: Record<string, unknown>,
  source: Readonly<Record<string, unknown>>,
  keys: readonly string[],
): void {
  for (const key of keys) {
    if (key in source) target[key] = source[key];
    else delete target[key];
  }
}

/** Copies `source`'s values for those `keys` that `target` lacks. */
export function fillMissingFields(
  target: Record<string, unknown>,
  source: Readonly<Record<string, unknown>>,
  keys: readonly string[],
): void {
  for (const key of keys) {
    if (!(key in target) && key in source) target[key] = source[key];
  }
}
