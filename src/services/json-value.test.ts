import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJsonValue } from './json-value.js';

const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(value ?? null));

describe('toJsonValue', () => {
  it('gives what a JSON round trip gives, for any value JSON.stringify accepts', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withDate: true,
          withNullPrototype: true,
          withObjectString: true,
          withBoxedValues: true,
          withSparseArray: true,
          key: fc.oneof(fc.string(), fc.constant('__proto__'), fc.constant('toJSON')),
        }),
        (value) => {
          let expected: unknown;
          try {
            expected = roundTrip(value);
          } catch {
            return; // values JSON refuses (BigInt, cycles) are not snapshots
          }
          expect(toJsonValue(value)).toStrictEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('copies, never shares, the objects it is given; -0, NaN and undefined as JSON has them', () => {
    const nested = { a: [1, { b: 2 }] };
    const copy = toJsonValue(nested) as typeof nested;
    expect(copy).toEqual(nested);
    expect(copy.a).not.toBe(nested.a);
    expect(toJsonValue({ x: -0, y: Number.NaN, z: undefined, w: [undefined, () => 1] })).toStrictEqual({
      x: 0,
      y: null,
      w: [null, null],
    });
    expect(toJsonValue(new Date('2026-01-02T03:04:05.000Z'))).toBe('2026-01-02T03:04:05.000Z');
  });
});
