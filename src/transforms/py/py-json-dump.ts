import type { PyDict } from './py-dict.js';
import { pyTypeError } from './py-errors.js';
import { floatRepr } from './py-repr.js';
import { PyFloat, PyTuple, type PyValue, pyTypeName } from './py-value.js';

/**
 * Python's `json.dumps(value)` with its defaults: `ensure_ascii=True` (every non-ASCII character and DEL as
 * `\uXXXX`, astral characters as surrogate pairs), separators `", "` and `": "`, keys in insertion order,
 * `NaN`/`Infinity`/`-Infinity` allowed, tuples as arrays, int/float/bool/None keys converted to strings,
 * any other key `TypeError: keys must be str, int, float, bool or None, not tuple`.
 */
export function jsonDumps(value: PyValue): string {
  switch (typeof value) {
    case 'string':
      return encodeString(value);
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      if (value === null) return 'null';
      if (value instanceof PyFloat) return value.knownRepr ?? encodeFloat(value.value);
      if (Array.isArray(value)) return encodeSequence(value);
      if (value instanceof PyTuple) return encodeSequence(value.items);
      return encodeDict(value);
  }
}

function encodeFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return floatRepr(value);
}

function encodeSequence(items: readonly PyValue[]): string {
  if (items.length === 0) return '[]';
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ', ';
    out += jsonDumps(items[i] as PyValue);
  }
  return `${out}]`;
}

function encodeDict(dict: PyDict): string {
  if (dict.size === 0) return '{}';
  let out = '{';
  for (let i = 0; i < dict.size; i++) {
    if (i > 0) out += ', ';
    out += `${encodeString(keyString(dict.keyAt(i)))}: ${jsonDumps(dict.valueAt(i))}`;
  }
  return `${out}}`;
}

function keyString(key: PyValue): string {
  switch (typeof key) {
    case 'string':
      return key;
    case 'number':
    case 'bigint':
      return String(key);
    case 'boolean':
      return key ? 'true' : 'false';
    default:
      if (key === null) return 'null';
      if (key instanceof PyFloat) return encodeFloat(key.value);
      throw pyTypeError(`keys must be str, int, float, bool or None, not ${pyTypeName(key)}`);
  }
}

// Everything outside printable ASCII (space..~), plus the quote and the backslash, is escaped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\uffff]/;
const SHORT_ESCAPES: Record<number, string> = { 34: '\\"', 92: '\\\\', 10: '\\n', 13: '\\r', 9: '\\t' };
SHORT_ESCAPES[0x08] = '\\b';
SHORT_ESCAPES[0x0c] = '\\f';

function encodeString(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  let out = '"';
  let chunkStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) continue;
    out += text.slice(chunkStart, i);
    chunkStart = i + 1;
    const short = SHORT_ESCAPES[c];
    out += short ?? `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return `${out}${text.slice(chunkStart)}"`;
}
