import { PyDict } from './py-dict.js';
import { PyTuple, type PyValue } from './py-value.js';

/**
 * Python's `copy.deepcopy`: dicts and lists are copied recursively; a container reached twice is copied once
 * (aliasing inside the copied value is preserved, as deepcopy's memo does); immutables are shared, and a tuple
 * is only rebuilt when one of its items had to be copied.
 */
export function pyDeepCopy(value: PyValue): PyValue {
  if (value === null || typeof value !== 'object') return value;
  return copyValue(value, new Map());
}

function copyValue(value: PyValue, memo: Map<object, PyValue>): PyValue {
  if (value === null || typeof value !== 'object') return value;
  const seen = memo.get(value);
  if (seen !== undefined) return seen;
  if (Array.isArray(value)) {
    const copy: PyValue[] = [];
    memo.set(value, copy);
    for (const item of value) copy.push(copyValue(item, memo));
    return copy;
  }
  if (value instanceof PyDict) {
    const copy = new PyDict();
    memo.set(value, copy);
    for (const [key, item] of value) copy.set(key, copyValue(item, memo));
    return copy;
  }
  if (value instanceof PyTuple) {
    const items = value.items.map((item) => copyValue(item, memo));
    const copy = items.every((item, i) => item === value.items[i]) ? value : new PyTuple(items);
    memo.set(value, copy);
    return copy;
  }
  return value;
}
