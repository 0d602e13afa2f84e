import type { PyDict } from './py-dict.js';

/**
 * The Python value model the transformation functions operate on.
 *
 * | Python    | TypeScript                                                     |
 * |-----------|----------------------------------------------------------------|
 * | `None`    | `null`                                                         |
 * | `bool`    | `boolean`                                                      |
 * | `int`     | `number` (always an integer, within ±2^53-1) or `bigint` beyond |
 * | `float`   | {@link PyFloat} (so `1.0` stays a float and prints as `1.0`)   |
 * | `str`     | `string`                                                       |
 * | `list`    | `PyValue[]`                                                    |
 * | `tuple`   | {@link PyTuple} (only `ast.literal_eval` creates them)         |
 * | `dict`    | {@link PyDict} (insertion ordered, Python hashing)             |
 */
export type PyValue = null | boolean | number | bigint | string | PyFloat | PyTuple | PyDict | PyList;
export type PyList = PyValue[];
export type PyInt = number | bigint;

/** A Python float. A wrapper so that an integral float (`1.0`) is not mistaken for an int. */
export class PyFloat {
  readonly value: number;
  /** Python's repr of the value when already known (the JSON parser passes canonical literals through). */
  readonly knownRepr: string | undefined;
  constructor(value: number, knownRepr?: string) {
    this.value = value;
    this.knownRepr = knownRepr;
  }
}

/** Python's `json` module decodes every `NaN` to one shared object, so `nan in [nan]` holds; so does this model. */
export const PY_NAN = new PyFloat(Number.NaN);

/** A Python tuple (immutable; hashable when its items are). */
export class PyTuple {
  readonly items: readonly PyValue[];
  constructor(items: readonly PyValue[]) {
    this.items = items;
  }
}

/** A Python int from a JS integer or bigint: safe integers are numbers, anything larger a bigint. */
export function pyInt(value: number | bigint): PyInt {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new RangeError(`not an integer: ${value}`);
    if (Number.isSafeInteger(value)) return value === 0 ? 0 : value;
    return BigInt(value);
  }
  if (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
  return value;
}

export function pyFloat(value: number): PyFloat {
  return Number.isNaN(value) ? PY_NAN : new PyFloat(value);
}

export function isPyInt(value: PyValue): value is PyInt {
  return typeof value === 'number' || typeof value === 'bigint';
}

/** Python's `type(x).__name__` for the modelled types. */
export function pyTypeName(value: PyValue): string {
  if (value === null) return 'NoneType';
  switch (typeof value) {
    case 'boolean':
      return 'bool';
    case 'number':
    case 'bigint':
      return 'int';
    case 'string':
      return 'str';
    default:
      if (Array.isArray(value)) return 'list';
      if (value instanceof PyFloat) return 'float';
      if (value instanceof PyTuple) return 'tuple';
      return 'dict';
  }
}
