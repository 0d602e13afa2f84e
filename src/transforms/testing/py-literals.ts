import { PyDict } from '../py/py-dict.js';
import { PyException } from '../py/py-errors.js';
import { parseJson } from '../py/py-json-parse.js';
import { pyRepr } from '../py/py-repr.js';
import type { PyValue } from '../py/py-value.js';

/** Test helpers: write Python values as JSON text, read results back as Python reprs. */

/** A value of the model from JSON text (Python json.loads rules: order kept, `1.0` stays a float). */
export function py(json: string): PyValue {
  return parseJson(json);
}

/** A dict (an event) from JSON object text. */
export function dict(json: string): PyDict {
  const value = parseJson(json);
  if (!(value instanceof PyDict)) throw new Error(`not a JSON object: ${json}`);
  return value;
}

/** Python's repr, the form the expectations are written in (`{'a': 1.0, 'b': None}`). */
export function repr(value: PyValue): string {
  return pyRepr(value);
}

/** The `"<ExceptionType>: <message>"` text of what `run` raises (fails the test if it does not raise). */
export function raised(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof PyException) return error.toString();
    throw error;
  }
  throw new Error('expected a Python exception, nothing was raised');
}
