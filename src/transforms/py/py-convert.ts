import { PyDict } from './py-dict.js';
import { PyFloat, PyTuple, type PyValue, pyFloat, pyInt } from './py-value.js';

/**
 * Converts a plain JavaScript value (e.g. from `JSON.parse`) into the Python value model. JavaScript cannot tell
 * `1.0` from `1`, so every integral number becomes an int and every other number a float; object keys come in
 * JavaScript's order (integer-like keys first). Parse JSON text with `parseJson` instead to keep both exact.
 * Values already in the model (PyDict, PyFloat, PyTuple) are kept as they are.
 */
export function fromJs(value: unknown): PyValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isInteger(value) ? pyInt(value) : pyFloat(value);
    case 'bigint':
      return pyInt(value);
    case 'undefined':
      return null;
    case 'object': {
      if (value === null) return null;
      if (value instanceof PyDict || value instanceof PyFloat || value instanceof PyTuple) return value;
      if (Array.isArray(value)) return value.map(fromJs);
      const dict = new PyDict();
      for (const [key, item] of Object.entries(value)) dict.set(key, fromJs(item));
      return dict;
    }
    default:
      throw new TypeError(`cannot convert a ${typeof value} to a Python value`);
  }
}
