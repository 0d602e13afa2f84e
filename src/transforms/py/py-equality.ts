import { PyDict } from './py-dict.js';
import { PyFloat, PyTuple, type PyValue } from './py-value.js';

/** The numeric value of a bool/int/float, or undefined for anything else. */
function numeric(value: PyValue): number | bigint | undefined {
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return value;
    case 'boolean':
      return value ? 1 : 0;
    default:
      return value instanceof PyFloat ? value.value : undefined;
  }
}

/** Exact comparison of two numbers where either may be a bigint (Python compares int and float exactly). */
function numbersEqual(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === typeof b) return a === b;
  const big = (typeof a === 'bigint' ? a : b) as bigint;
  const num = (typeof a === 'bigint' ? b : a) as number;
  return Number.isInteger(num) && BigInt(num) === big;
}

/**
 * Python's `a == b` as `in`, list equality and dict lookups use it (identity first, so the shared json NaN
 * equals itself): `1 == 1.0 == True`, `0 == False`, lists/tuples/dicts compared deeply, `'1' != 1`,
 * a list never equals a tuple.
 */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string' || a === null || b === null) return false;
  const na = numeric(a);
  if (na !== undefined) {
    const nb = numeric(b);
    return nb !== undefined && numbersEqual(na, nb);
  }
  if (Array.isArray(a)) return Array.isArray(b) && sequencesEqual(a, b);
  if (a instanceof PyTuple) return b instanceof PyTuple && sequencesEqual(a.items, b.items);
  if (a instanceof PyDict && b instanceof PyDict) {
    if (a.size !== b.size) return false;
    for (const [key, value] of a) {
      const other = b.get(key);
      if (other === undefined || !pyEquals(value, other)) return false;
    }
    return true;
  }
  return false;
}

function sequencesEqual(a: readonly PyValue[], b: readonly PyValue[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!pyEquals(a[i] as PyValue, b[i] as PyValue)) return false;
  return true;
}

/** Python's `item in sequence` for a list or tuple. */
export function sequenceContains(sequence: readonly PyValue[], item: PyValue): boolean {
  for (const element of sequence) if (pyEquals(element, item)) return true;
  return false;
}
