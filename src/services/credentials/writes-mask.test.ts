import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskableValue } from '../../../test/services/credentials/maskable-values.js';
import { REDACTED } from './placeholder.js';
import { writesMask } from './writes-mask.js';

describe('writesMask', () => {
  it('is true when the planned resource holds a mask the current one does not', () => {
    expect(writesMask({ password: 'hunter2' }, { password: REDACTED })).toBe(true);
    expect(writesMask({ dsn: 'postgres://u:p@h' }, { dsn: `postgres://u:${REDACTED}@h` })).toBe(true);
    expect(writesMask({ list: [{ v: 'x' }] }, { list: [{ v: 'x' }, { v: REDACTED }] })).toBe(true);
    expect(writesMask(new Map([['k', 'x']]), new Map([['k', REDACTED]]))).toBe(true);
  });

  it('is false for a plan that keeps the credentials it has, or writes none', () => {
    expect(writesMask({ password: 'hunter2', batch: 1 }, { password: 'hunter2', batch: 2 })).toBe(false);
    // A mask already in the pipeline (someone typed it there) is not a new one.
    expect(writesMask({ note: REDACTED }, { note: REDACTED, batch: 2 })).toBe(false);
    expect(writesMask(null, { name: 'x' })).toBe(false);
  });
});

/** The definition writesMask implements, counted over both resources whole. */
function masksIn(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.includes(REDACTED) ? 1 : 0;
  if (typeof value !== 'object' || value === null || depth > 32) return 0;
  const prototype = Object.getPrototypeOf(value);
  const items = Array.isArray(value)
    ? value
    : value instanceof Map
      ? [...value.values()]
      : prototype === Object.prototype || prototype === null
        ? Object.values(value)
        : [];
  return items.reduce((sum: number, item) => sum + masksIn(item, depth + 1), 0);
}

/** `value` with the part `steps` lead to replaced, copying only along the way (the rest is shared, as plans do). */
function replacedAt(value: unknown, steps: readonly number[], replacement: unknown): unknown {
  const [step, ...rest] = steps;
  if (step === undefined || typeof value !== 'object' || value === null) return replacement;
  if (Array.isArray(value)) {
    if (value.length === 0) return [replacement];
    const copy = [...value];
    copy[step % value.length] = replacedAt(value[step % value.length], rest, replacement);
    return copy;
  }
  if (value instanceof Map || value instanceof Date) return replacement;
  const keys = Object.keys(value);
  const copy: Record<string, unknown> = Object.create(Object.getPrototypeOf(value));
  Object.assign(copy, value);
  if (keys.length === 0 || step % 3 === 0) {
    Object.defineProperty(copy, `added${step}`, { value: replacement, enumerable: true });
  } else {
    const key = keys[step % keys.length] as string;
    if (step % 5 === 0) delete copy[key];
    else
      Object.defineProperty(copy, key, {
        value: replacedAt((value as Record<string, unknown>)[key], rest, replacement),
        enumerable: true,
      });
  }
  return copy;
}

const withMasks = fc.oneof(maskableValue, fc.constant(REDACTED), fc.constant({ password: REDACTED, list: [REDACTED] }));

describe('writesMask, walking both resources together', () => {
  it('answers as counting the masks of both resources would, for plans that share what they keep', () => {
    fc.assert(
      fc.property(maskableValue, fc.array(fc.nat(20), { maxLength: 4 }), withMasks, (before, steps, replacement) => {
        const after = replacedAt(before, steps, replacement);
        expect(writesMask(before, after)).toBe(masksIn(after) > masksIn(before));
        expect(writesMask(after, before)).toBe(masksIn(before) > masksIn(after));
      }),
      { numRuns: 2000 },
    );
  });

  it('answers as counting would for unrelated resources and Maps', () => {
    fc.assert(
      fc.property(withMasks, withMasks, (before, after) => {
        expect(writesMask(before, after)).toBe(masksIn(after) > masksIn(before));
      }),
      { numRuns: 1000 },
    );
    expect(writesMask(new Map([['k', 'x']]), { k: REDACTED })).toBe(true);
    expect(writesMask({ k: REDACTED }, new Map([['k', REDACTED]]))).toBe(false);
  });
});
