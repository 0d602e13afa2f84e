import { describe, expect, it } from 'vitest';
import { py, raised, repr } from '../testing/py-literals.js';
import { pyDeepCopy } from './py-deepcopy.js';
import { PyDict } from './py-dict.js';
import { pyEquals } from './py-equality.js';
import {
  pyAdd,
  pyContains,
  pyDelItem,
  pyDropLast,
  pyGetItem,
  pyIntLessThan,
  pyItems,
  pyIterate,
  pyLen,
  pyLower,
  pyReversed,
  pySetItem,
  pyStartsWith,
  pyTruthy,
} from './py-ops.js';
import { PY_NAN, PyFloat } from './py-value.js';

describe('Python equality', () => {
  it('1 == 1.0 == True, 0 == False, deep for lists and dicts, never across str and int', () => {
    expect(pyEquals(1, new PyFloat(1))).toBe(true);
    expect(pyEquals(true, 1)).toBe(true);
    expect(pyEquals(false, new PyFloat(0))).toBe(true);
    expect(pyEquals('1', 1)).toBe(false);
    expect(pyEquals(py('[1, {"a": [2]}]'), py('[1.0, {"a": [2.0]}]'))).toBe(true);
    expect(pyEquals(py('{"a": 1, "b": 2}'), py('{"b": 2, "a": 1}'))).toBe(true);
    expect(pyEquals(py('[1]'), py('[1, 2]'))).toBe(false);
    expect(pyEquals(null, 0)).toBe(false);
  });

  it('compares big ints and floats exactly', () => {
    expect(pyEquals(10n ** 20n, new PyFloat(1e20))).toBe(true);
    expect(pyEquals(2n ** 53n + 1n, new PyFloat(2 ** 53))).toBe(false);
  });

  it('the json NaN is one object: equal to itself in containers, another NaN is not', () => {
    expect(pyEquals([PY_NAN], [PY_NAN])).toBe(true);
    expect(pyEquals(new PyFloat(Number.NaN), new PyFloat(Number.NaN))).toBe(false);
  });
});

describe('Python operators raise CPython 3.11 texts', () => {
  it('subscripting', () => {
    expect(raised(() => pyGetItem(py('{"a": 1}'), 'b'))).toBe("KeyError: 'b'");
    expect(raised(() => pyGetItem(py('{"a": 1}'), 5))).toBe('KeyError: 5');
    expect(raised(() => pyGetItem('abc', 'x'))).toBe("TypeError: string indices must be integers, not 'str'");
    expect(raised(() => pyGetItem([1], 'x'))).toBe('TypeError: list indices must be integers or slices, not str');
    expect(raised(() => pyGetItem(5, 'x'))).toBe("TypeError: 'int' object is not subscriptable");
    expect(raised(() => pyGetItem(null, 0))).toBe("TypeError: 'NoneType' object is not subscriptable");
    expect(raised(() => pyGetItem([], 0))).toBe('IndexError: list index out of range');
    expect(pyGetItem('a😀b', 1)).toBe('😀');
    expect(pyGetItem([1, 2, 3], -1)).toBe(3);
    expect(pyGetItem([1, 2, 3], true)).toBe(2);
  });

  it('assignment and deletion', () => {
    expect(raised(() => pySetItem('abc', 0, 'x'))).toBe("TypeError: 'str' object does not support item assignment");
    expect(raised(() => pySetItem(null, 'a', 1))).toBe("TypeError: 'NoneType' object does not support item assignment");
    expect(raised(() => pyDelItem('abc', 0))).toBe("TypeError: 'str' object doesn't support item deletion");
    expect(raised(() => pyDelItem(py('{}'), 'x'))).toBe("KeyError: 'x'");
  });

  it('membership', () => {
    expect(pyContains('cupcake,croissant', 'cake')).toBe(true);
    expect(pyContains(py('[1, 2]'), true)).toBe(true);
    expect(pyContains(py('{"a": 1}'), 'a')).toBe(true);
    expect(raised(() => pyContains('abc', 1))).toBe(
      "TypeError: 'in <string>' requires string as left operand, not int",
    );
    expect(raised(() => pyContains(5, 'a'))).toBe("TypeError: argument of type 'int' is not iterable");
    expect(raised(() => pyContains(py('{}'), py('[]')))).toBe("TypeError: unhashable type: 'list'");
  });

  it('iteration, items, len', () => {
    expect(pyIterate(py('{"a": 1, "b": 2}'))).toEqual(['a', 'b']);
    expect(pyIterate('ab')).toEqual(['a', 'b']);
    expect(raised(() => pyIterate(5))).toBe("TypeError: 'int' object is not iterable");
    expect(raised(() => pyItems([1]))).toBe("AttributeError: 'list' object has no attribute 'items'");
    expect(raised(() => pyLen(null))).toBe("TypeError: object of type 'NoneType' has no len()");
    expect(pyLen('a😀')).toBe(2);
  });

  it('+ for strings, lists and numbers', () => {
    expect(pyAdd('a', 'b')).toBe('ab');
    expect(raised(() => pyAdd('a', 5))).toBe('TypeError: can only concatenate str (not "int") to str');
    expect(raised(() => pyAdd(5, '_'))).toBe("TypeError: unsupported operand type(s) for +: 'int' and 'str'");
    expect(raised(() => pyAdd(null, '_'))).toBe("TypeError: unsupported operand type(s) for +: 'NoneType' and 'str'");
    expect(raised(() => pyAdd([1], '_'))).toBe('TypeError: can only concatenate list (not "str") to list');
    expect(repr(pyAdd(2, new PyFloat(0.5)))).toBe('2.5');
    expect(repr(pyAdd(true, 2n ** 60n))).toBe('1152921504606846977');
  });

  it('comparisons, str methods, slices, truthiness', () => {
    expect(raised(() => pyIntLessThan(0, 'x'))).toBe(
      "TypeError: '<' not supported between instances of 'int' and 'str'",
    );
    expect(pyIntLessThan(1, new PyFloat(1.5))).toBe(true);
    expect(raised(() => pyLower(5))).toBe("AttributeError: 'int' object has no attribute 'lower'");
    expect(raised(() => pyStartsWith('abc', 5))).toBe(
      'TypeError: startswith first arg must be str or a tuple of str, not int',
    );
    expect(pyDropLast('boxes')).toBe('boxe');
    expect(repr(pyReversed(py('[1, 2, 3]')))).toBe('[3, 2, 1]');
    expect(raised(() => pyReversed(new PyDict()))).toBe("TypeError: unhashable type: 'slice'");
    expect([null, false, 0, new PyFloat(0), '', [], new PyDict()].map(pyTruthy)).toEqual(Array(7).fill(false));
    expect([PY_NAN, ' ', [null], py('{"a": null}'), -1].map(pyTruthy)).toEqual(Array(5).fill(true));
  });
});

describe('pyDeepCopy (copy.deepcopy)', () => {
  it('copies nested containers and keeps aliasing inside the copied value', () => {
    const shared = py('[1, 2]');
    const original = PyDict.fromEntries([
      ['a', shared],
      ['b', shared],
      ['c', py('{"d": {"e": 1.5}}')],
    ]);
    const copy = pyDeepCopy(original) as PyDict;
    expect(repr(copy)).toBe(repr(original));
    expect(copy.get('a')).not.toBe(shared);
    expect(copy.get('a')).toBe(copy.get('b'));
    (copy.get('c') as PyDict).set('x', 1);
    expect(repr(original.get('c') as PyDict)).toBe("{'d': {'e': 1.5}}");
  });
});
