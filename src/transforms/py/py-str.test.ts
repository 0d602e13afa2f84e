import { describe, expect, it } from 'vitest';
import { codePoints, isPyWhitespaceCode, pyStrip, pyStrLength } from './py-str.js';

describe('Python str semantics', () => {
  it('strips what Python strips: \\x1c-\\x1f, \\x85, NBSP, \\u2028, \\u3000 but not \\ufeff or \\u200b', () => {
    expect(pyStrip('\x1c\x1d\x1e\x1f\x85\u00a0\u2028\u2029\u3000\u2003 x \t\n')).toBe('x');
    expect(pyStrip('\ufeffx\u200b')).toBe('\ufeffx\u200b');
    expect(pyStrip('  a  b  ')).toBe('a  b');
  });

  it('has exactly the 29 whitespace code points of CPython (str.isspace)', () => {
    const spaces: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isPyWhitespaceCode(c)) spaces.push(c);
    expect(spaces).toEqual([
      0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
      0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
    ]);
  });

  it('counts and indexes code points, not UTF-16 units', () => {
    expect(pyStrLength('a😀b')).toBe(3);
    expect(codePoints('a😀b')).toEqual(['a', '😀', 'b']);
  });

  it('lower/upper use the full Unicode mappings (as str.lower/str.upper)', () => {
    expect('straße.größe'.toUpperCase()).toBe('STRASSE.GRÖSSE');
    expect('İSTANBUL'.toLowerCase()).toBe('i̇stanbul');
    expect('ΣΟΦΟΣ'.toLowerCase()).toBe('σοφος');
    expect('ﬁ'.toUpperCase()).toBe('FI');
  });
});
