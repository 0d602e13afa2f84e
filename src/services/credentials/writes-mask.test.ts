import { describe, expect, it } from 'vitest';
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
