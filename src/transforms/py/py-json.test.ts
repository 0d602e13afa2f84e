import { describe, expect, it } from 'vitest';
import { py, raised, repr } from '../testing/py-literals.js';
import { PyDict } from './py-dict.js';
import { jsonDumps } from './py-json-dump.js';
import { jsonLoads, parseJson } from './py-json-parse.js';
import { PyFloat, PyTuple } from './py-value.js';

describe('parseJson / jsonLoads (Python json.loads)', () => {
  it('keeps key order, ints as ints and floats as floats', () => {
    expect(repr(py('{"2": 1, "1": 1.0, "a": -0.0, "b": 1e2, "c": 12345678901234567890123}'))).toBe(
      "{'2': 1, '1': 1.0, 'a': -0.0, 'b': 100.0, 'c': 12345678901234567890123}",
    );
  });

  it('accepts NaN, Infinity and -Infinity, and huge exponents become inf', () => {
    expect(repr(py('[NaN, Infinity, -Infinity, 1e400, -1e400]'))).toBe('[nan, inf, -inf, inf, -inf]');
  });

  it('keeps the first position and the last value of a repeated key', () => {
    expect(repr(py('{"a": 1, "b": 2, "a": 3}'))).toBe("{'a': 3, 'b': 2}");
  });

  it('decodes escapes and surrogate pairs', () => {
    expect(py('"\\u00e9\\ud83d\\ude00\\n\\/"')).toBe('é😀\n/');
    expect(repr(py('"\\ud800"'))).toBe("'\\ud800'");
  });

  it.each([
    ['', 'JSONDecodeError: Expecting value: line 1 column 1 (char 0)'],
    ['[1,', 'JSONDecodeError: Expecting value: line 1 column 4 (char 3)'],
    ['[1,]', 'JSONDecodeError: Expecting value: line 1 column 4 (char 3)'],
    ['{"a" 1}', "JSONDecodeError: Expecting ':' delimiter: line 1 column 6 (char 5)"],
    ['{"a":1,}', 'JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 8 (char 7)'],
    ['[1 2]', "JSONDecodeError: Expecting ',' delimiter: line 1 column 4 (char 3)"],
    ['1 2', 'JSONDecodeError: Extra data: line 1 column 3 (char 2)'],
    ['"abc', 'JSONDecodeError: Unterminated string starting at: line 1 column 1 (char 0)'],
    ['"a\\qb"', 'JSONDecodeError: Invalid \\escape: line 1 column 3 (char 2)'],
    ['"a\nb"', 'JSONDecodeError: Invalid control character at: line 1 column 3 (char 2)'],
    ['"\\u12"', 'JSONDecodeError: Invalid \\uXXXX escape: line 1 column 3 (char 2)'],
    ['\ufeff1', 'JSONDecodeError: Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)'],
    [
      '{\n "a": 1,\n x}',
      'JSONDecodeError: Expecting property name enclosed in double quotes: line 3 column 2 (char 12)',
    ],
    ['["😀", x]', 'JSONDecodeError: Expecting value: line 1 column 7 (char 6)'],
  ])('raises like Python for %j', (text, message) => {
    expect(raised(() => parseJson(text))).toBe(message);
  });

  it('refuses ints longer than Python 3.11 converts', () => {
    expect(raised(() => parseJson('1'.repeat(4301)))).toBe(
      'ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; ' +
        'use sys.set_int_max_str_digits() to increase the limit',
    );
  });

  it('only takes strings (json.loads of a dict is a TypeError)', () => {
    expect(raised(() => jsonLoads(new PyDict()))).toBe(
      'TypeError: the JSON object must be str, bytes or bytearray, not dict',
    );
    expect(raised(() => jsonLoads(null))).toBe(
      'TypeError: the JSON object must be str, bytes or bytearray, not NoneType',
    );
  });
});

describe('jsonDumps (Python json.dumps defaults)', () => {
  it('uses ", " and ": " separators and insertion order', () => {
    expect(jsonDumps(py('{"b": [1, 2], "a": {}, "c": []}'))).toBe('{"b": [1, 2], "a": {}, "c": []}');
  });

  it('escapes non-ASCII (ensure_ascii) with surrogate pairs for astral characters, but not "</script>"', () => {
    expect(jsonDumps('é😀\u2028\x7f</script>')).toBe('"\\u00e9\\ud83d\\ude00\\u2028\\u007f</script>"');
    expect(jsonDumps('"\\\n\r\t\b\f\x01')).toBe('"\\"\\\\\\n\\r\\t\\b\\f\\u0001"');
  });

  it('writes floats as Python repr and NaN/Infinity as bare words', () => {
    expect(jsonDumps(py('[1.0, 1e16, 1e-7, 0.1, -0.0, NaN, Infinity, -Infinity, 123456789012345678901]'))).toBe(
      '[1.0, 1e+16, 1e-07, 0.1, -0.0, NaN, Infinity, -Infinity, 123456789012345678901]',
    );
  });

  it('converts int, float, bool and None keys to strings, and writes tuples as arrays', () => {
    const d = PyDict.fromEntries([
      [1, 'a'],
      [new PyFloat(2.5), 'b'],
      [false, 'c'],
      [null, new PyTuple([1, 'x'])],
    ]);
    expect(jsonDumps(d)).toBe('{"1": "a", "2.5": "b", "false": "c", "null": [1, "x"]}');
  });

  it('refuses tuple keys like Python', () => {
    const d = PyDict.fromEntries([[new PyTuple([1, 2]), 3]]);
    expect(raised(() => jsonDumps(d))).toBe('TypeError: keys must be str, int, float, bool or None, not tuple');
  });
});
