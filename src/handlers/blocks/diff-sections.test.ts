import { describe, expect, it } from 'vitest';
import { diffSections } from './diff-sections.js';
import { LIMITS } from './limits.js';

describe('diffSections', () => {
  it('keeps a short diff in one code block, escaped', () => {
    const [only, ...rest] = diffSections('-  "a": 1,\n+  "a": "<b>",', 10);
    expect(rest).toEqual([]);
    expect(only?.text?.text).toBe('```\n-  "a": 1,\n+  "a": "&lt;b&gt;",\n```');
  });

  it('splits a long diff on line boundaries into sections that fit, and counts what does not fit', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `+  "field_${i}": "${'&'.repeat(i % 40)}",`);
    const sections = diffSections(lines.join('\n'), 5);
    expect(sections).toHaveLength(5);
    for (const section of sections) expect(section.text?.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    const shown = sections.map((s) => s.text?.text ?? '').join('\n');
    expect(shown).toContain('+  "field_0": "",');
    expect(shown).not.toContain('… 0 more');
    const shownLines = shown.split('\n').filter((line) => line.startsWith('+')).length;
    expect(sections.at(-1)?.text?.text).toContain(`_… ${3000 - shownLines} more lines not shown._`);
  });

  it('cuts a single line longer than a section instead of dropping it', () => {
    const [only] = diffSections(`+${'x'.repeat(10_000)}`, 3);
    expect(only?.text?.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(only?.text?.text).toContain('+xxx');
  });
});
