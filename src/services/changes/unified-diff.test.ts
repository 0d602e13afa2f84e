import { describe, expect, it } from 'vitest';
import { unifiedJsonDiff } from './unified-diff.js';

describe('unifiedJsonDiff', () => {
  it('labels both sides, counts lines, and shows context around the change', () => {
    const diff = unifiedJsonDiff('orders', { a: 1, b: 2, c: 3 }, { a: 1, b: 5, c: 3 });
    expect(diff.added).toBe(1);
    expect(diff.removed).toBe(1);
    const lines = diff.text.split('\n');
    expect(lines[0]).toBe('--- orders (before)');
    expect(lines[1]).toBe('+++ orders (after)');
    expect(lines).toContain('-  "b": 2,');
    expect(lines).toContain('+  "b": 5,');
    expect(lines).toContain('   "a": 1,');
    expect(diff.text).not.toContain('=====');
  });

  it('is an empty hunk list for equal documents', () => {
    const diff = unifiedJsonDiff('x', { a: 1 }, { a: 1 });
    expect(diff.added + diff.removed).toBe(0);
    expect(diff.text).not.toContain('@@');
  });

  it('shows a create as additions only and a delete as removals only (no "null" line)', () => {
    const created = unifiedJsonDiff('n', null, { a: 1 });
    expect(created).toMatchObject({ added: 3, removed: 0 });
    expect(created.text).not.toContain('null');
    const deleted = unifiedJsonDiff('n', { a: 1 }, null);
    expect(deleted).toMatchObject({ added: 0, removed: 3 });
    expect(deleted.text).not.toContain('null');
  });
});
