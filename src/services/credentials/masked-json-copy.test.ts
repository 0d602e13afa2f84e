import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskableValue } from '../../../test/services/credentials/maskable-values.js';
import { toJsonValue } from '../json-value.js';
import { createSeedData } from '../sandbox/sandbox-seed.js';
import { ensureMasked, maskCredentials, maskedJsonCopy } from './mask-credentials.js';

/** The two-walk form maskedJsonCopy replaces; its result must be the same to the byte. */
const twoWalks = (value: unknown) => maskCredentials(toJsonValue(value));
function sameAsTwoWalks(value: unknown): void {
  expect(JSON.stringify(maskedJsonCopy(value))).toBe(JSON.stringify(twoWalks(value)));
}

describe('maskedJsonCopy', () => {
  it('equals masking a JSON copy, for any value (credentials, pairs, Dates, boxed values, undefined, __proto__)', () => {
    fc.assert(
      fc.property(maskableValue, (value) => sameAsTwoWalks(value)),
      { numRuns: 2000 },
    );
  });

  it('equals masking a JSON copy for values JSON transforms: toJSON, class instances, non-finite numbers', () => {
    class Row {
      password = 'hunter2';
      name = 'x';
    }
    for (const value of [
      { when: new Date(0), password: 'pw' },
      { token: { toJSON: () => 'secret-token-value' } },
      new Row(),
      [Number.POSITIVE_INFINITY, -0, undefined, () => 1],
      { name: new Date(0), value: 'v' },
      { name: 'Authorization', value: undefined },
      { name: 'Authorization', value: { toJSON: () => 'Bearer abcdefghijkl' } },
      { name: 'Authorization', value: { toJSON: () => undefined } },
      { name: 'password', value: () => 'pw' },
      { name: 'password', value: Symbol('pw') },
      undefined,
    ]) {
      sameAsTwoWalks(value);
    }
  });

  it('masks the sandbox seed as the two walks do, and its result is known masked', () => {
    const seed = createSeedData();
    sameAsTwoWalks(seed);
    const copy = maskedJsonCopy(seed);
    expect(ensureMasked(copy)).toBe(copy);
  });

  it('reads what a pair holds once, however deeply pairs nest (not once more per enclosing pair)', () => {
    let reads = 0;
    const leaf = Object.defineProperty({}, 'rows', {
      enumerable: true,
      get: () => {
        reads++;
        return [1, 2];
      },
    });
    let value: unknown = leaf;
    for (let depth = 0; depth < 6; depth++) value = { name: `level-${depth}`, value };
    const copy = maskedJsonCopy(value);
    expect(reads).toBe(1);
    expect(JSON.stringify(copy)).toContain('"rows":[1,2]');
  });

  it('does not alias its input', () => {
    const input = { nested: { list: [1, 2] } };
    const copy = maskedJsonCopy(input) as { nested: { list: number[] } };
    copy.nested.list.push(3);
    expect(input.nested.list).toEqual([1, 2]);
  });
});
