import { REDACTED } from './placeholder.js';

/**
 * True when `after` (a resource about to be written) holds more masked values than `before` (the resource as the
 * pipeline has it): the plan was built from a masked snapshot and would overwrite a credential with `••••••`.
 * Walks strings, arrays, plain objects and Maps; other objects are not looked into.
 */
export function writesMask(before: unknown, after: unknown): boolean {
  return maskCount(after, 0) > maskCount(before, 0);
}

const MAX_DEPTH = 32;

function maskCount(value: unknown, depth: number): number {
  if (typeof value === 'string') return value.includes(REDACTED) ? 1 : 0;
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return 0;
  const items = Array.isArray(value) ? value : value instanceof Map ? [...value.values()] : plainValues(value);
  return items.reduce((sum: number, item) => sum + maskCount(item, depth + 1), 0);
}

function plainValues(value: object): unknown[] {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null ? Object.values(value) : [];
}
