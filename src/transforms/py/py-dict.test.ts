import { describe, expect, it } from 'vitest';
import { raised, repr } from '../testing/py-literals.js';
import { PyDict } from './py-dict.js';
import { PyFloat, PyTuple } from './py-value.js';

describe('PyDict (Python dict semantics)', () => {
  it('keeps insertion order, integer-like keys included (plain JS objects would put "1" first)', () => {
    const d = new PyDict();
    d.set('b', 1);
    d.set('2', 2);
    d.set('a', 3);
    d.set('1', 4);
    expect([...d.keys()]).toEqual(['b', '2', 'a', '1']);
  });

  it('assigning an existing key keeps its position; delete-then-add moves it to the end', () => {
    const d = PyDict.fromEntries([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    d.set('a', 10);
    expect(repr(d)).toBe("{'a': 10, 'b': 2, 'c': 3}");
    d.delete('a');
    d.set('a', 11);
    expect(repr(d)).toBe("{'b': 2, 'c': 3, 'a': 11}");
  });

  it('treats 1, 1.0 and True as one key and keeps the first key object', () => {
    const d = new PyDict();
    d.set(1, 'int');
    d.set(new PyFloat(1), 'float');
    d.set(true, 'bool');
    expect(d.size).toBe(1);
    expect(repr(d)).toBe("{1: 'bool'}");
    expect(d.get(new PyFloat(1))).toBe('bool');
    expect(d.has('1')).toBe(false);
  });

  it('matches a big int with the float of equal value, but not a neighbouring one', () => {
    const d = new PyDict();
    d.set(10n ** 20n, 'big');
    expect(d.get(new PyFloat(1e20))).toBe('big');
    d.set(2n ** 53n + 1n, 'odd');
    expect(d.get(new PyFloat(2 ** 53))).toBeUndefined();
  });

  it('hashes tuples by value and refuses lists and dicts', () => {
    const d = new PyDict();
    d.set(new PyTuple([1, 'a']), 'x');
    expect(d.get(new PyTuple([new PyFloat(1), 'a']))).toBe('x');
    expect(raised(() => d.set(['a'], 1))).toBe("TypeError: unhashable type: 'list'");
    expect(raised(() => d.has(new PyDict()))).toBe("TypeError: unhashable type: 'dict'");
    expect(raised(() => d.get(new PyTuple([[1]])))).toBe("TypeError: unhashable type: 'list'");
  });

  it('keeps the same semantics past the size where it starts indexing', () => {
    const d = new PyDict();
    for (let i = 0; i < 40; i++) d.set(`k${i}`, i);
    d.delete('k3');
    d.set('k3', 'again');
    d.set('k10', 'updated');
    const keys = [...d.keys()];
    expect(keys.length).toBe(40);
    expect(keys.at(-1)).toBe('k3');
    expect(keys.indexOf('k10')).toBe(9);
    expect(d.get('k10')).toBe('updated');
    expect(d.get('k39')).toBe(39);
    expect(d.has('k40')).toBe(false);
  });

  it('copy() is shallow: same values, independent key set', () => {
    const inner = new PyDict();
    const d = PyDict.fromEntries([
      ['a', inner],
      [5, 'five'],
    ]);
    const c = d.copy();
    c.set('b', 2);
    expect(d.has('b')).toBe(false);
    expect(c.get('a')).toBe(inner);
    expect(repr(c)).toBe("{'a': {}, 5: 'five', 'b': 2}");
  });
});
