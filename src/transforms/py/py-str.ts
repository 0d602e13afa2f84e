/**
 * Python `str` semantics that differ from JavaScript's: whitespace (`str.strip`/`isspace`) and code point
 * (not UTF-16 unit) indexing. `str.lower`/`str.upper` are JavaScript's toLowerCase/toUpperCase, which apply the
 * same full Unicode mappings (`ß` → `SS`, `İ` → `i̇`, final sigma); the tables are Node's Unicode version.
 */

/**
 * Python's whitespace (`str.isspace`, what `str.strip()` removes): JavaScript's `trim` set plus U+001C..U+001F
 * and U+0085, minus U+FEFF. All of them are in the BMP, so UTF-16 units can be tested one by one.
 */
export function isPyWhitespaceCode(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Python's `str.strip()` with no argument. */
export function pyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPyWhitespaceCode(text.charCodeAt(start))) start++;
  while (end > start && isPyWhitespaceCode(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** The code points of a string (Python's characters), as one-character strings. */
export function codePoints(text: string): string[] {
  return SURROGATE.test(text) ? Array.from(text) : text.split('');
}

/** Python's `len(str)`: the number of code points. */
export function pyStrLength(text: string): number {
  return SURROGATE.test(text) ? Array.from(text).length : text.length;
}
