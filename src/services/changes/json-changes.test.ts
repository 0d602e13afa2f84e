import { describe, expect, it } from 'vitest';
import { diffJson } from './json-changes.js';

describe('diffJson', () => {
  it('reports a changed leaf by its dotted path', () => {
    expect(diffJson({ a: { b: 1, c: 2 } }, { a: { b: 1, c: 3 } })).toEqual([
      { path: 'a.c', kind: 'changed', before: 2, after: 3 },
    ]);
  });

  it('reports added and removed keys', () => {
    expect(diffJson({ keep: 1, gone: 'x' }, { keep: 1, fresh: [1] })).toEqual([
      { path: 'gone', kind: 'removed', before: 'x' },
      { path: 'fresh', kind: 'added', after: [1] },
    ]);
  });

  it('walks arrays of equal length element by element', () => {
    const before = {
      fields: [
        { name: 'id', len: 1 },
        { name: 'x', len: 2 },
      ],
    };
    const after = {
      fields: [
        { name: 'id', len: 1 },
        { name: 'x', len: 9 },
      ],
    };
    expect(diffJson(before, after)).toEqual([{ path: 'fields[1].len', kind: 'changed', before: 2, after: 9 }]);
  });

  it('treats an array whose length changed as one change', () => {
    expect(diffJson({ keys: ['ID'] }, { keys: ['ID', 'TS'] })).toEqual([
      { path: 'keys', kind: 'changed', before: ['ID'], after: ['ID', 'TS'] },
    ]);
  });

  it('ignores object key order and finds nothing in equal documents', () => {
    expect(diffJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('reports a type change (object to string) at the node', () => {
    expect(diffJson({ a: { b: 1 } }, { a: 'flat' })).toEqual([
      { path: 'a', kind: 'changed', before: { b: 1 }, after: 'flat' },
    ]);
  });
});
