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

/**
 * Python's `dict`: insertion ordered (assigning an existing key keeps its place, a new key is appended,
 * delete-then-add moves a key to the end), keyed by Python equality/hash, and keeping the first key object
 * inserted for equal keys (`{1: 'a'}` updated with `1.0` still shows the key `1`).
 */
export class PyDict {
  private readonly store = new Map<unknown, PyValue>();
  /** The original key objects, only for keys that are not strings (strings are their own hash key). */
  private originals: Map<unknown, PyKey> | undefined;

  /** Builds a dict from entries; later duplicates overwrite earlier ones in place, as `dict(pairs)` does. */
  static fromEntries(entries: Iterable<readonly [PyValue, PyValue]>): PyDict {
    const dict = new PyDict();
    for (const [key, value] of entries) dict.set(key, value);
    return dict;
  }

  get size(): number {
    return this.store.size;
  }

  /** `key in d`; raises `TypeError: unhashable type` for lists and dicts. */
  has(key: PyValue): boolean {
    return this.store.has(typeof key === 'string' ? key : hashKey(key));
  }

  /** `d.get(key)`, with `undefined` for a missing key (the caller decides between None and KeyError). */
  get(key: PyValue): PyValue | undefined {
    return this.store.get(typeof key === 'string' ? key : hashKey(key));
  }

  /** `d[key] = value` */
  set(key: PyValue, value: PyValue): void {
    if (typeof key === 'string') {
      this.store.set(key, value);
      return;
    }
    const hashed = hashKey(key);
    if (!this.store.has(hashed)) {
      this.originals ??= new Map();
      this.originals.set(hashed, key as PyKey);
    }
    this.store.set(hashed, value);
  }

  /** `del d[key]`; returns whether the key was there (the caller raises KeyError). */
  delete(key: PyValue): boolean {
    if (typeof key === 'string') return this.store.delete(key);
    const hashed = hashKey(key);
    this.originals?.delete(hashed);
    return this.store.delete(hashed);
  }

  *keys(): IterableIterator<PyKey> {
    for (const hashed of this.store.keys()) yield this.originalKey(hashed);
  }

  values(): IterableIterator<PyValue> {
    return this.store.values();
  }

  *entries(): IterableIterator<[PyKey, PyValue]> {
    for (const [hashed, value] of this.store) yield [this.originalKey(hashed), value];
  }

  [Symbol.iterator](): IterableIterator<[PyKey, PyValue]> {
    return this.entries();
  }

  /** The keys as an array (a snapshot, safe to iterate while the dict changes). */
  keyList(): PyKey[] {
    if (this.originals === undefined) return [...this.store.keys()] as string[];
    return [...this.keys()];
  }

  /** The entries as an array (a snapshot). */
  entryList(): [PyKey, PyValue][] {
    if (this.originals === undefined) return [...this.store] as [string, PyValue][];
    return [...this.entries()];
  }

  /** True when every key is a string (the common case for events); lets hot paths skip key checks. */
  hasOnlyStringKeys(): boolean {
    return this.originals === undefined || this.originals.size === 0;
  }

  /** The values as a list, for `list(d.values())`. */
  valueList(): PyList {
    return [...this.store.values()];
  }

  private originalKey(hashed: unknown): PyKey {
    return typeof hashed === 'string' ? hashed : (this.originals?.get(hashed) as PyKey);
  }
}
