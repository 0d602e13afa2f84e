import { REDACTED } from './placeholder.js';

/**
 * True when `after` (a resource about to be written) holds more masked values than `before` (the resource as the
 * pipeline has it): the plan was built from a masked snapshot and would overwrite a credential with `••••••`.
 * Walks strings, arrays, plain objects and Maps; other objects are not looked into.
 */
export function writesMask(before: unknown, after: unknown): boolean {
  return masksAdded(before, after, 0) > 0;
}

const MAX_DEPTH = 32;

/**
 * maskCount(after) − maskCount(before), walking both together: a planned resource shares what it does not change
 * with the current one (`{ ...mapping, mappingMode }`), and a part both share adds nothing, so changing one
 * setting of a 5,000-field mapping looks at one level instead of counting every field twice.
 */
function masksAdded(before: unknown, after: unknown, depth: number): number {
  if (before === after) return 0;
  if (depth > MAX_DEPTH) return maskCount(after, depth) - maskCount(before, depth);
  if (Array.isArray(before) && Array.isArray(after)) {
    let added = 0;
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      added += masksAdded(i in before ? before[i] : undefined, i in after ? after[i] : undefined, depth + 1);
    }
    return added;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    let added = 0;
    for (const key of Object.keys(after)) {
      added += masksAdded(ownEnumerable(before, key), (after as Record<string, unknown>)[key], depth + 1);
    }
    for (const key of Object.keys(before)) {
      if (!Object.prototype.propertyIsEnumerable.call(after, key)) {
        added -= maskCount((before as Record<string, unknown>)[key], depth + 1);
      }
    }
    return added;
  }
  return maskCount(after, depth) - maskCount(before, depth);
}

function maskCount(value: unknown, depth: number): number {
  if (typeof value === 'string') return value.includes(REDACTED) ? 1 : 0;
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return 0;
  const items = Array.isArray(value) ? value : value instanceof Map ? [...value.values()] : plainValues(value);
  return items.reduce((sum: number, item) => sum + maskCount(item, depth + 1), 0);
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function ownEnumerable(object: object, key: string): unknown {
  return Object.prototype.propertyIsEnumerable.call(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

function plainValues(value: object): unknown[] {
  return isPlainObject(value) ? Object.values(value) : [];
}
