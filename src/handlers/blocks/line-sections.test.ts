import { describe, expect, it } from 'vitest';
import { linesToSections } from './line-sections.js';

const textOf = (section: { text?: { text: string } }) => section.text?.text ?? '';

describe('linesToSections', () => {
  it('keeps short lists in one section, one line per line', () => {
    expect(linesToSections(['a', 'b']).map(textOf)).toEqual(['a\nb']);
  });

  it('splits long lists between lines, every section within 3000 characters, nothing lost', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(40)}`);
    const sections = linesToSections(lines).map(textOf);
    expect(sections.length).toBeGreaterThan(1);
    for (const text of sections) expect(text.length).toBeLessThanOrEqual(3000);
    expect(sections.join('\n').split('\n')).toEqual(lines);
  });

  it('cuts a single line longer than a section', () => {
    const [only] = linesToSections(['y'.repeat(5000)]).map(textOf);
    expect(only?.length).toBe(3000);
    expect(only?.endsWith('…')).toBe(true);
  });

  it('gives no section for no lines', () => {
    expect(linesToSections([])).toEqual([]);
  });
});
