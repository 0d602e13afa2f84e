import { describe, expect, it } from 'vitest';
import { py, repr } from '../testing/py-literals.js';
import { PyDict } from './py-dict.js';
import { floatRepr, pyStr, strRepr } from './py-repr.js';
import { PyTuple } from './py-value.js';

describe('floatRepr (Python repr(float))', () => {
  it.each([
    [1, '1.0'],
    [-0, '-0.0'],
    [0.1, '0.1'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [1e-4, '0.0001'],
    [1e-5, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [123456789.125, '123456789.125'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [5e-324, '5e-324'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NaN, 'nan'],
  ])('%d → %s', (value, text) => {
    expect(floatRepr(value)).toBe(text);
  });
});

describe('repr and str', () => {
  it('quotes strings the Python way', () => {
    expect(strRepr('abc')).toBe("'abc'");
    expect(strRepr("it's")).toBe('"it\'s"');
    expect(strRepr('both \' and "')).toBe("'both \\' and \"'");
    expect(strRepr('tab\tnl\nbs\\')).toBe("'tab\\tnl\\nbs\\\\'");
  });

  it('escapes non-printable characters and keeps printable Unicode', () => {
    expect(strRepr('é日😀\x00\x7f\x85\xa0\u200b\u2028\ufeff')).toBe("'é日😀\\x00\\x7f\\x85\\xa0\\u200b\\u2028\\ufeff'");
  });

  it('renders containers, bools, None and tuples', () => {
    expect(repr(py('{"a": [1, "two", null, true, 1.0], "b": {}}'))).toBe("{'a': [1, 'two', None, True, 1.0], 'b': {}}");
    expect(repr(new PyTuple([1]))).toBe('(1,)');
    expect(repr(new PyTuple([]))).toBe('()');
    expect(repr(PyDict.fromEntries([[2, 'x']]))).toBe("{2: 'x'}");
  });

  it('str() is the text itself for strings and the repr otherwise', () => {
    expect(pyStr('a b')).toBe('a b');
    expect(pyStr(py('{"x": 1, "y": "z"}'))).toBe("{'x': 1, 'y': 'z'}");
    expect(pyStr(py('1e16'))).toBe('1e+16');
  });
});
