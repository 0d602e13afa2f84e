import { pyTypeError } from './py-errors.js';
import { PyFloat, type PyList, PyTuple, type PyValue, pyTypeName } from './py-value.js';

/** A value Python can use as a dict key (anything hashable in this model). */
export type PyKey = null | boolean | number | bigint | string | PyFloat | PyTuple;

const tupleKeys = new Map<string, object>();

/**
 * The identity of a key under Python's `hash`/`==`: `1`, `1.0` and `True` are one key, `'1'` another.
 * Strings map to themselves (the fast path); numbers to a JS number (or a bigint when no double equals them);
 * tuples to an interned token. Lists and dicts are unhashable, as in Python.
 */
export function hashKey(key: PyValue): unknown {
  switch (typeof key) {
    case 'string':
    case 'number':
      return key;
    case 'boolean':
      return key ? 1 : 0;
    case 'bigint': {
      const asNumber = Number(key);
      return Number.isFinite(asNumber) && BigInt(asNumber) === key ? asNumber : key;
    }
    default:
      if (key === null) return null;
      if (key instanceof PyFloat) return key.value;
      if (key instanceof PyTuple) {
        const canonical = canonicalTuple(key);
        let token = tupleKeys.get(canonical);
        if (token === undefined) {
          token = Object.freeze({ tuple: canonical });
          tupleKeys.set(canonical, token);
        }
        return token;
      }
      throw pyTypeError(`unhashable type: '${pyTypeName(key)}'`);
  }
}

function canonicalTuple(tuple: PyTuple): string {
  const parts = tuple.items.map((item) => {
    const hashed = hashKey(item);
    if (typeof hashed === 'string') return `s${JSON.stringify(hashed)}`;
    if (typeof hashed === 'number') return `n${hashed}`;
    if (typeof hashed === 'bigint') return `b${hashed}`;
    if (hashed === null) return 'N';
    return (hashed as { tuple: string }).tuple;
  });
  return `t(${parts.join(',')})`;
}

// Small dicts (events are) are searched linearly; past this size a hash index is kept as well.
const INDEX_THRESHOLD = 16;

/**
 * Python's `dict`: insertion ordered (assigning an existing key keeps its place, a new key is appended,
 * delete-then-add moves a key to the end), keyed by Python equality/hash, and keeping the first key object
 * inserted for equal keys (`{1: 'a'}` updated with `1.0` still shows the key `1`).
 *
 * Stored as parallel arrays (hash keys, values, and original keys once a non-string key appears) rather than a
 * Map: events are small dicts, and arrays allocate less and iterate by index without allocating.
 */
export class PyDict {
  private hashed: unknown[];
  private vals: PyValue[];
  /** Original key objects, parallel to `hashed`; only once a key that is not a string was stored. */
  private originals: PyKey[] | undefined = undefined;
  private index: Map<unknown, number> | undefined = undefined;

  constructor() {
    this.hashed = [];
    this.vals = [];
  }

  /**
   * A dict over arrays the caller hands over (not copied): `keys` must be distinct strings, parallel to `values`.
   * Lets the JSON parser build exact-size dicts.
   */
  static adoptStringKeys(keys: string[], values: PyValue[]): PyDict {
    const dict = new PyDict();
    dict.hashed = keys;
    dict.vals = values;
    return dict;
  }

  /** Builds a dict from entries; later duplicates overwrite earlier ones in place, as `dict(pairs)` does. */
  static fromEntries(entries: Iterable<readonly [PyValue, PyValue]>): PyDict {
    const dict = new PyDict();
    for (const [key, value] of entries) dict.set(key, value);
    return dict;
  }

  get size(): number {
    return this.vals.length;
  }

  private find(hashed: unknown): number {
    const keys = this.hashed;
    if (keys.length > INDEX_THRESHOLD) {
      if (this.index === undefined) {
        this.index = new Map();
        for (let i = 0; i < keys.length; i++) this.index.set(keys[i], i);
      }
      return this.index.get(hashed) ?? -1;
    }
    if (!Number.isNaN(hashed)) return keys.indexOf(hashed);
    for (let i = 0; i < keys.length; i++) if (Number.isNaN(keys[i])) return i; // indexOf never finds NaN
    return -1;
  }

  /** `key in d`; raises `TypeError: unhashable type` for lists and dicts. */
  has(key: PyValue): boolean {
    return this.find(typeof key === 'string' ? key : hashKey(key)) >= 0;
  }

  /** `d.get(key)`, with `undefined` for a missing key (the caller decides between None and KeyError). */
  get(key: PyValue): PyValue | undefined {
    const i = this.find(typeof key === 'string' ? key : hashKey(key));
    return i < 0 ? undefined : this.vals[i];
  }

  /** `d[key] = value` */
  set(key: PyValue, value: PyValue): void {
    const hashed = typeof key === 'string' ? key : hashKey(key);
    const i = this.find(hashed);
    if (i >= 0) {
      this.vals[i] = value;
      return;
    }
    if (this.originals === undefined && typeof key !== 'string') this.originals = this.hashed.slice() as string[];
    this.originals?.push(key as PyKey);
    this.index?.set(hashed, this.hashed.length);
    this.hashed.push(hashed);
    this.vals.push(value);
  }

  /** `del d[key]`; returns whether the key was there (the caller raises KeyError). */
  delete(key: PyValue): boolean {
    const i = this.find(typeof key === 'string' ? key : hashKey(key));
    if (i < 0) return false;
    this.hashed.splice(i, 1);
    this.vals.splice(i, 1);
    this.originals?.splice(i, 1);
    this.index = undefined;
    return true;
  }

  /** A shallow copy (`dict(d)`): same keys and value objects, same order. */
  copy(): PyDict {
    const copy = PyDict.adoptStringKeys(this.hashed.slice() as string[], this.vals.slice());
    if (this.originals !== undefined) copy.originals = this.originals.slice();
    return copy;
  }

  /** The i-th key in insertion order (0 <= i < size). */
  keyAt(i: number): PyKey {
    return (this.originals === undefined ? this.hashed[i] : this.originals[i]) as PyKey;
  }

  /** The i-th value in insertion order (0 <= i < size). */
  valueAt(i: number): PyValue {
    return this.vals[i] as PyValue;
  }

  *keys(): IterableIterator<PyKey> {
    for (let i = 0; i < this.vals.length; i++) yield this.keyAt(i);
  }

  *values(): IterableIterator<PyValue> {
    for (let i = 0; i < this.vals.length; i++) yield this.vals[i] as PyValue;
  }

  *entries(): IterableIterator<[PyKey, PyValue]> {
    for (let i = 0; i < this.vals.length; i++) yield [this.keyAt(i), this.vals[i] as PyValue];
  }

  [Symbol.iterator](): IterableIterator<[PyKey, PyValue]> {
    return this.entries();
  }

  /** The keys as an array (a snapshot, safe to iterate while the dict changes). */
  keyList(): PyKey[] {
    return (this.originals ?? this.hashed).slice() as PyKey[];
  }

  /** The entries as an array (a snapshot). */
  entryList(): [PyKey, PyValue][] {
    const entries: [PyKey, PyValue][] = new Array(this.vals.length);
    for (let i = 0; i < this.vals.length; i++) entries[i] = [this.keyAt(i), this.vals[i] as PyValue];
    return entries;
  }

  /** True when every key is a string (the common case for events). */
  hasOnlyStringKeys(): boolean {
    return this.originals === undefined || this.originals.every((key) => typeof key === 'string');
  }

  /** The values as a list (a snapshot). */
  valueList(): PyList {
    return this.vals.slice();
  }
}
