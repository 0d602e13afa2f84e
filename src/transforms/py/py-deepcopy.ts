import { PyDict } from './py-dict.js';
import { PyFloat, PyTuple, type PyValue } from './py-value.js';

/**
 * Python's `copy.deepcopy`: dicts and lists are copied recursively; a container reached twice is copied once
 * (aliasing inside the copied value is preserved, as deepcopy's memo does); immutables are shared, and a tuple
 * is only rebuilt when one of its items had to be copied.
 */
export function pyDeepCopy(value: PyValue): PyValue {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof PyDict) {
    const flat = copyFlatDict(value);
    if (flat !== undefined) return flat;
  }
  return copyValue(value, new Map());
}

/** The common `_metadata` case, a dict of scalars: copied without a memo (nothing in it can be shared). */
function copyFlatDict(dict: PyDict): PyDict | undefined {
  for (let i = 0; i < dict.size; i++) {
    const item = dict.valueAt(i);
    if (item !== null && typeof item === 'object' && !(item instanceof PyFloat)) return undefined;
  }
  return dict.copy();
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
    for (let i = 0; i < value.size; i++) copy.set(value.keyAt(i), copyValue(value.valueAt(i), memo));
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
