/** Freezes a value and everything in it, so that a copy shared between callers cannot be changed by one of them. */
export function deepFreeze<T>(value: T): T {
  deepFreezeWeighing(value);
  return value;
}

/**
 * deepFreeze, telling how many values it froze or found inside what it froze: a parsed document's weight, in the
 * walk that freezing makes anyway. A part that was frozen already (shared with its owner) counts as one.
 */
export function deepFreezeWeighing(value: unknown): number {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return 1;
  Object.freeze(value);
  let count = 1;
  for (const child of Object.values(value)) count += deepFreezeWeighing(child);
  return count;
}
