import { describe, expect, it } from 'vitest';
import { diffJson } from './changes/json-changes.js';
import { valueAtPath } from './json-path.js';

describe('valueAtPath', () => {
  const doc = { a: { b: [{ c: 'x' }, { c: null }] }, 'weird key': 1 };

  it('reads nested objects and array indexes', () => {
    expect(valueAtPath(doc, 'a.b[0].c')).toBe('x');
    expect(valueAtPath(doc, 'a.b[1].c')).toBeNull();
  });

  it('is undefined for a missing path', () => {
    expect(valueAtPath(doc, 'a.b[5].c')).toBeUndefined();
    expect(valueAtPath(doc, 'a.zzz')).toBeUndefined();
  });

  it('reads own keys only: a path never names what every object inherits', () => {
    expect(valueAtPath(doc, 'a.constructor')).toBeUndefined();
    expect(valueAtPath(doc, 'a.b.length')).toBeUndefined();
  });

  it('round-trips every path diffJson produces', () => {
    const before = { m: { mode: 'AUTO_MAP', keys: ['ID'] }, list: [1, { deep: true }] };
    const after = { m: { mode: 'STRICT', keys: ['ID'] }, list: [1, { deep: false }] };
    for (const change of diffJson(before, after)) expect(valueAtPath(after, change.path)).toEqual(change.after);
  });
});
