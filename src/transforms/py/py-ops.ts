import { PyDict, type PyKey } from './py-dict.js';
import { sequenceContains } from './py-equality.js';
import { pyAttributeError, pyIndexError, pyKeyError, pyTypeError } from './py-errors.js';
import { pyRepr } from './py-repr.js';
import { codePoints, pyStrip, pyStrLength } from './py-str.js';
import { PyFloat, PyTuple, type PyValue, pyFloat, pyInt, pyTypeName } from './py-value.js';

/**
 * Python's operators and built-in methods on the value model, raising the exceptions CPython 3.11 raises
 * (with the same texts) when an argument has the wrong type. The transformation functions are written with
 * these so that a step configured with, say, an int where a field name is expected fails like Python.
 */

/** `bool(x)`: None, False, 0, 0.0, '', [], (), {} are false; everything else (NaN included) true. */
export function pyTruthy(value: PyValue): boolean {
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'string':
      return value.length > 0;
    case 'number':
      return value !== 0;
    case 'bigint':
      return value !== 0n;
    default:
      if (value === null) return false;
      if (Array.isArray(value)) return value.length > 0;
      if (value instanceof PyFloat) return value.value !== 0;
      if (value instanceof PyTuple) return value.items.length > 0;
      return value.size > 0;
  }
}

function sequenceIndex(index: PyValue, length: number, kind: string): number | undefined {
  let i: number;
  if (typeof index === 'number') i = index;
  else if (typeof index === 'boolean') i = index ? 1 : 0;
  else if (typeof index === 'bigint') throw pyIndexError("cannot fit 'int' into an index-sized integer");
  else {
    if (kind === 'str') throw pyTypeError(`string indices must be integers, not '${pyTypeName(index)}'`);
    throw pyTypeError(`${kind} indices must be integers or slices, not ${pyTypeName(index)}`);
  }
  if (i < 0) i += length;
  return i >= 0 && i < length ? i : undefined;
}

/** `container[key]` */
export function pyGetItem(container: PyValue, key: PyValue): PyValue {
  if (container instanceof PyDict) {
    const value = container.get(key);
    if (value === undefined) throw pyKeyError(pyRepr(key));
    return value;
  }
  if (Array.isArray(container)) {
    const i = sequenceIndex(key, container.length, 'list');
    if (i === undefined) throw pyIndexError('list index out of range');
    return container[i] as PyValue;
  }
  if (container instanceof PyTuple) {
    const i = sequenceIndex(key, container.items.length, 'tuple');
    if (i === undefined) throw pyIndexError('tuple index out of range');
    return container.items[i] as PyValue;
  }
  if (typeof container === 'string') {
    const chars = codePoints(container);
    const i = sequenceIndex(key, chars.length, 'str');
    if (i === undefined) throw pyIndexError('string index out of range');
    return chars[i] as string;
  }
  throw pyTypeError(`'${pyTypeName(container)}' object is not subscriptable`);
}

/** `container[key] = value` */
export function pySetItem(container: PyValue, key: PyValue, value: PyValue): void {
  if (container instanceof PyDict) {
    container.set(key, value);
    return;
  }
  if (Array.isArray(container)) {
    const i = sequenceIndex(key, container.length, 'list');
    if (i === undefined) throw pyIndexError('list assignment index out of range');
    container[i] = value;
    return;
  }
  throw pyTypeError(`'${pyTypeName(container)}' object does not support item assignment`);
}

/** `del container[key]` */
export function pyDelItem(container: PyValue, key: PyValue): void {
  if (container instanceof PyDict) {
    if (!container.delete(key)) throw pyKeyError(pyRepr(key));
    return;
  }
  if (Array.isArray(container)) {
    const i = sequenceIndex(key, container.length, 'list');
    if (i === undefined) throw pyIndexError('list assignment index out of range');
    container.splice(i, 1);
    return;
  }
  throw pyTypeError(`'${pyTypeName(container)}' object doesn't support item deletion`);
}

/** `item in container` */
export function pyContains(container: PyValue, item: PyValue): boolean {
  if (container instanceof PyDict) return container.has(item);
  if (Array.isArray(container)) return sequenceContains(container, item);
  if (container instanceof PyTuple) return sequenceContains(container.items, item);
  if (typeof container === 'string') {
    if (typeof item !== 'string') {
      throw pyTypeError(`'in <string>' requires string as left operand, not ${pyTypeName(item)}`);
    }
    return container.includes(item);
  }
  throw pyTypeError(`argument of type '${pyTypeName(container)}' is not iterable`);
}

/** `list(iterable)`: a dict gives its keys, a string its characters. */
export function pyIterate(iterable: PyValue): readonly PyValue[] {
  if (Array.isArray(iterable)) return iterable;
  if (iterable instanceof PyDict) return iterable.keyList();
  if (iterable instanceof PyTuple) return iterable.items;
  if (typeof iterable === 'string') return codePoints(iterable);
  throw pyTypeError(`'${pyTypeName(iterable)}' object is not iterable`);
}

/** `list(d.items())`, or the AttributeError a non-dict raises. */
export function pyItems(value: PyValue): [PyKey, PyValue][] {
  if (value instanceof PyDict) return value.entryList();
  throw pyAttributeError(pyTypeName(value), 'items');
}

/** `len(x)` */
export function pyLen(value: PyValue): number {
  if (typeof value === 'string') return pyStrLength(value);
  if (Array.isArray(value)) return value.length;
  if (value instanceof PyTuple) return value.items.length;
  if (value instanceof PyDict) return value.size;
  throw pyTypeError(`object of type '${pyTypeName(value)}' has no len()`);
}

function numericOperand(value: PyValue): number | bigint | PyFloat | undefined {
  if (typeof value === 'number' || typeof value === 'bigint' || value instanceof PyFloat) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

/** `a + b` for the modelled types (string/list/tuple concatenation, int/float addition). */
export function pyAdd(a: PyValue, b: PyValue): PyValue {
  if (typeof a === 'string') {
    if (typeof b === 'string') return a + b;
    throw pyTypeError(`can only concatenate str (not "${pyTypeName(b)}") to str`);
  }
  if (Array.isArray(a)) {
    if (Array.isArray(b)) return [...a, ...b];
    throw pyTypeError(`can only concatenate list (not "${pyTypeName(b)}") to list`);
  }
  if (a instanceof PyTuple) {
    if (b instanceof PyTuple) return new PyTuple([...a.items, ...b.items]);
    throw pyTypeError(`can only concatenate tuple (not "${pyTypeName(b)}") to tuple`);
  }
  const x = numericOperand(a);
  const y = numericOperand(b);
  if (x === undefined || y === undefined) {
    throw pyTypeError(`unsupported operand type(s) for +: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
  }
  if (x instanceof PyFloat || y instanceof PyFloat) {
    const toNumber = (n: number | bigint | PyFloat): number => (n instanceof PyFloat ? n.value : Number(n));
    return pyFloat(toNumber(x) + toNumber(y));
  }
  return pyInt(BigInt(x) + BigInt(y));
}

/** `a < b` where `a` is an int counter (flatten_json's level loop). */
export function pyIntLessThan(a: number, b: PyValue): boolean {
  const y = numericOperand(b);
  if (y === undefined) throw pyTypeError(`'<' not supported between instances of 'int' and '${pyTypeName(b)}'`);
  if (y instanceof PyFloat) return a < y.value;
  return typeof y === 'bigint' ? BigInt(a) < y : a < y;
}

function requireStr(value: PyValue, method: string): string {
  if (typeof value === 'string') return value;
  throw pyAttributeError(pyTypeName(value), method);
}

/** `x.lower()` */
export function pyLower(value: PyValue): string {
  return requireStr(value, 'lower').toLowerCase();
}

/** `x.upper()` */
export function pyUpper(value: PyValue): string {
  return requireStr(value, 'upper').toUpperCase();
}

/** `x.strip()` */
export function pyStripMethod(value: PyValue): string {
  return pyStrip(requireStr(value, 'strip'));
}

/** `x.split(sep)[0]`: the text before the first `sep`. */
export function pySplitFirst(value: PyValue, separator: string): string {
  const text = requireStr(value, 'split');
  const at = text.indexOf(separator);
  return at < 0 ? text : text.slice(0, at);
}

/** `x.startswith(prefix)` (prefix a str or a tuple of str). */
export function pyStartsWith(value: PyValue, prefix: PyValue): boolean {
  const text = requireStr(value, 'startswith');
  if (typeof prefix === 'string') return text.startsWith(prefix);
  if (prefix instanceof PyTuple) {
    return prefix.items.some((item) => {
      if (typeof item !== 'string') {
        throw pyTypeError(`tuple for startswith must only contain str, not ${pyTypeName(item)}`);
      }
      return text.startsWith(item);
    });
  }
  throw pyTypeError(`startswith first arg must be str or a tuple of str, not ${pyTypeName(prefix)}`);
}

function sliceUnsupported(value: PyValue): never {
  if (value instanceof PyDict) throw pyTypeError("unhashable type: 'slice'");
  throw pyTypeError(`'${pyTypeName(value)}' object is not subscriptable`);
}

/** `x[:-1]` */
export function pyDropLast(value: PyValue): PyValue {
  if (typeof value === 'string') return codePoints(value).slice(0, -1).join('');
  if (Array.isArray(value)) return value.slice(0, -1);
  if (value instanceof PyTuple) return new PyTuple(value.items.slice(0, -1));
  return sliceUnsupported(value);
}

/** `x[::-1]` */
export function pyReversed(value: PyValue): PyValue {
  if (typeof value === 'string') return codePoints(value).reverse().join('');
  if (Array.isArray(value)) return [...value].reverse();
  if (value instanceof PyTuple) return new PyTuple([...value.items].reverse());
  return sliceUnsupported(value);
}
