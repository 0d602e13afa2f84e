import { describe, expect, it } from 'vitest';
import { stripMappingStats } from './strip-stats.js';

describe('stripMappingStats', () => {
  it('removes stats at the top level and from nested fields, keeping everything else', () => {
    const raw = {
      name: 'E',
      stats: { count: 3 },
      mapping: { stats: 'kept: only top level and fields[] are stripped' },
      fields: [
        { fieldName: 'a', stats: { count: 1 }, fields: [{ fieldName: 'b', stats: { count: 2 }, fields: [] }] },
        { fieldName: 'c', fields: [] },
      ],
    };
    expect(stripMappingStats(raw)).toEqual({
      name: 'E',
      mapping: { stats: 'kept: only top level and fields[] are stripped' },
      fields: [
        { fieldName: 'a', fields: [{ fieldName: 'b', fields: [] }] },
        { fieldName: 'c', fields: [] },
      ],
    });
    expect(raw.stats).toEqual({ count: 3 });
  });

  it('returns non-objects unchanged', () => {
    expect(stripMappingStats(null)).toBeNull();
    expect(stripMappingStats([1])).toEqual([1]);
  });
});
