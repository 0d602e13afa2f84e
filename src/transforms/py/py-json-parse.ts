import { PyDict } from './py-dict.js';
import { PyException, pyTypeError, pyValueError } from './py-errors.js';
import { PY_NAN, PyFloat, type PyValue, pyInt, pyTypeName } from './py-value.js';

/**
 * Python's `json.loads` (CPython 3.11's C scanner): key order kept, ints stay ints (any size) and numbers with a
 * fraction or exponent are floats, `NaN`/`Infinity`/`-Infinity` accepted, only space/tab/CR/LF as whitespace,
 * raw control characters refused inside strings, and the same JSONDecodeError texts and positions
 * (`Expecting value: line 1 column 1 (char 0)`; positions count code points, as Python does).
 */
export function jsonLoads(value: PyValue): PyValue {
  if (typeof value !== 'string') {
    throw pyTypeError(`the JSON object must be str, bytes or bytearray, not ${pyTypeName(value)}`);
  }
  return parseJson(value);
}

/** Parses JSON text into the Python value model (see {@link jsonLoads}). */
export function parseJson(text: string): PyValue {
  if (text.charCodeAt(0) === 0xfeff) throw jsonDecodeError('Unexpected UTF-8 BOM (decode using utf-8-sig)', text, 0);
  const scanner = new JsonScanner(text);
  let value: PyValue;
  try {
    value = scanner.scan(skipWhitespace(text, 0), 0);
  } finally {
    sharedKeyStack.length = 0;
    sharedValueStack.length = 0;
  }
  const end = skipWhitespace(text, scanner.end);
  if (end !== text.length) throw jsonDecodeError('Extra data', text, end);
  return value;
}

/** Python's JSONDecodeError: `"<msg>: line L column C (char P)"`, with P and C counted in code points. */
export function jsonDecodeError(message: string, text: string, position: number): PyException {
  const before = text.slice(0, position);
  const pos = Array.from(before).length;
  const lastNewline = before.lastIndexOf('\n');
  const line = before.split('\n').length;
  const column = lastNewline < 0 ? pos + 1 : Array.from(before.slice(lastNewline + 1)).length + 1;
  return new PyException('JSONDecodeError', `${message}: line ${line} column ${column} (char ${pos})`);
}

function skipWhitespace(text: string, start: number): number {
  let i = start;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

// CPython raises RecursionError near its recursion limit (1000 frames); the exact depth depends on its stack.
const MAX_DEPTH = 1000;
const INT_MAX_STR_DIGITS = 4300;
// Scratch stacks reused by every parse (parsing is synchronous and not re-entrant); emptied after each parse.
const sharedKeyStack: string[] = [];
const sharedValueStack: PyValue[] = [];
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class JsonScanner {
  private readonly text: string;
  /** Index just after the last scanned value. */
  end = 0;
  private readonly keyStack: string[] = sharedKeyStack;
  private readonly valueStack: PyValue[] = sharedValueStack;

  constructor(text: string) {
    this.text = text;
  }

  /** `scan_once`: the value starting at `idx` (a failure there is "Expecting value" at `idx`). */
  scan(idx: number, depth: number): PyValue {
    const text = this.text;
    const c = text.charCodeAt(idx);
    switch (c) {
      case 0x22: // "
        return this.scanString(idx + 1);
      case 0x7b: // {
        return this.scanObject(idx + 1, depth + 1);
      case 0x5b: // [
        return this.scanArray(idx + 1, depth + 1);
      case 0x6e: // n
        if (text.startsWith('null', idx)) return this.constant(idx + 4, null);
        break;
      case 0x74: // t
        if (text.startsWith('true', idx)) return this.constant(idx + 4, true);
        break;
      case 0x66: // f
        if (text.startsWith('false', idx)) return this.constant(idx + 5, false);
        break;
      case 0x4e: // N
        if (text.startsWith('NaN', idx)) return this.constant(idx + 3, PY_NAN);
        break;
      case 0x49: // I
        if (text.startsWith('Infinity', idx)) return this.constant(idx + 8, new PyFloat(Number.POSITIVE_INFINITY));
        break;
      case 0x2d: // -
        if (text.startsWith('-Infinity', idx)) return this.constant(idx + 9, new PyFloat(Number.NEGATIVE_INFINITY));
        break;
    }
    return this.scanNumber(idx);
  }

  private constant(end: number, value: PyValue): PyValue {
    this.end = end;
    return value;
  }

  private scanNumber(start: number): PyValue {
    const text = this.text;
    let i = start;
    if (text.charCodeAt(i) === 0x2d) i++;
    let c = text.charCodeAt(i);
    if (c >= 0x31 && c <= 0x39) {
      i++;
      while (isDigit(text.charCodeAt(i))) i++;
    } else if (c === 0x30) i++;
    else throw jsonDecodeError('Expecting value', text, start);
    let isFloat = false;
    if (text.charCodeAt(i) === 0x2e && isDigit(text.charCodeAt(i + 1))) {
      isFloat = true;
      i += 2;
      while (isDigit(text.charCodeAt(i))) i++;
    }
    c = text.charCodeAt(i);
    if (c === 0x65 || c === 0x45) {
      let j = i + 1;
      c = text.charCodeAt(j);
      if (c === 0x2b || c === 0x2d) j++;
      const digitsStart = j;
      while (isDigit(text.charCodeAt(j))) j++;
      if (j > digitsStart) {
        isFloat = true;
        i = j;
      }
    }
    this.end = i;
    const literal = text.slice(start, i);
    if (isFloat) {
      const value = Number(literal);
      return new PyFloat(value, isCanonicalFloatLiteral(literal, value) ? literal : undefined);
    }
    const digits = literal.charCodeAt(0) === 0x2d ? literal.length - 1 : literal.length;
    if (digits <= 15) return Number(literal) || 0;
    if (digits > INT_MAX_STR_DIGITS) {
      throw pyValueError(
        `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits} digits; ` +
          'use sys.set_int_max_str_digits() to increase the limit',
      );
    }
    return pyInt(BigInt(literal));
  }

  /** `scanstring`: `start` is just after the opening quote. */
  scanString(start: number): string {
    const text = this.text;
    const length = text.length;
    const begin = start - 1;
    let chunkStart = start;
    let out = '';
    let i = start;
    for (;;) {
      let c = 0;
      for (; i < length; i++) {
        c = text.charCodeAt(i);
        if (c === 0x22 || c === 0x5c) break;
        if (c <= 0x1f) throw jsonDecodeError('Invalid control character at', text, i);
      }
      if (i >= length) throw jsonDecodeError('Unterminated string starting at', text, begin);
      if (c === 0x22) {
        this.end = i + 1;
        return chunkStart === start ? text.slice(start, i) : out + text.slice(chunkStart, i);
      }
      out += text.slice(chunkStart, i);
      i++; // past the backslash
      if (i >= length) throw jsonDecodeError('Unterminated string starting at', text, begin);
      const escaped = text[i] as string;
      if (escaped !== 'u') {
        const mapped = ESCAPES[escaped];
        if (mapped === undefined) throw jsonDecodeError('Invalid \\escape', text, i - 1);
        out += mapped;
        i++;
      } else {
        i++;
        let end = i + 4;
        if (end >= length) throw jsonDecodeError('Invalid \\uXXXX escape', text, i - 1);
        let code = parseHex4(text, i);
        if (code < 0) throw jsonDecodeError('Invalid \\uXXXX escape', text, end - 5);
        i = end;
        if (code >= 0xd800 && code <= 0xdbff && end + 6 < length && text[i] === '\\' && text[i + 1] === 'u') {
          const low = parseHex4(text, i + 2);
          end += 6;
          if (low < 0) throw jsonDecodeError('Invalid \\uXXXX escape', text, end - 5);
          if (low >= 0xdc00 && low <= 0xdfff) {
            out += String.fromCharCode(code, low);
            code = -1;
            i = end;
          }
        }
        if (code >= 0) out += String.fromCharCode(code);
      }
      chunkStart = i;
    }
  }

  private scanObject(start: number, depth: number): PyDict {
    const text = this.text;
    if (depth > MAX_DEPTH) throw recursionError('object');
    // Keys and values go on shared stacks, then into exact-size arrays: far less memory than growing arrays.
    const keyStack = this.keyStack;
    const valueStack = this.valueStack;
    const keyBase = keyStack.length;
    const valueBase = valueStack.length;
    let i = skipWhitespace(text, start);
    if (text.charCodeAt(i) !== 0x7d) {
      for (;;) {
        if (text.charCodeAt(i) !== 0x22) {
          throw jsonDecodeError('Expecting property name enclosed in double quotes', text, i);
        }
        const key = this.scanString(i + 1);
        i = skipWhitespace(text, this.end);
        if (text.charCodeAt(i) !== 0x3a) throw jsonDecodeError("Expecting ':' delimiter", text, i);
        i = skipWhitespace(text, i + 1);
        const value = this.scan(i, depth);
        const duplicate = keyStack.indexOf(key, keyBase);
        // A repeated key keeps its first place and takes the last value, as dict assignment does.
        if (duplicate >= 0) valueStack[valueBase + duplicate - keyBase] = value;
        else {
          keyStack.push(key);
          valueStack.push(value);
        }
        i = skipWhitespace(text, this.end);
        const c = text.charCodeAt(i);
        if (c === 0x7d) break;
        if (c !== 0x2c) throw jsonDecodeError("Expecting ',' delimiter", text, i);
        i = skipWhitespace(text, i + 1);
      }
    }
    this.end = i + 1;
    const dict = PyDict.adoptStringKeys(keyStack.slice(keyBase), valueStack.slice(valueBase));
    keyStack.length = keyBase;
    valueStack.length = valueBase;
    return dict;
  }

  private scanArray(start: number, depth: number): PyValue[] {
    const text = this.text;
    if (depth > MAX_DEPTH) throw recursionError('array');
    const valueStack = this.valueStack;
    const base = valueStack.length;
    let i = skipWhitespace(text, start);
    if (text.charCodeAt(i) !== 0x5d) {
      for (;;) {
        valueStack.push(this.scan(i, depth));
        i = skipWhitespace(text, this.end);
        const c = text.charCodeAt(i);
        if (c === 0x5d) break;
        if (c !== 0x2c) throw jsonDecodeError("Expecting ',' delimiter", text, i);
        i = skipWhitespace(text, i + 1);
      }
    }
    this.end = i + 1;
    const list = valueStack.slice(base);
    valueStack.length = base;
    return list;
  }
}

/**
 * Whether Python's repr of the float is the literal itself: positional (no exponent), no trailing zero, at most
 * 15 significant digits (so these digits are the shortest that round-trip) and in the range Python prints
 * positionally (1e-4 <= |x| < 1e16). Saves formatting the number again when it is written back out.
 */
function isCanonicalFloatLiteral(literal: string, value: number): boolean {
  const last = literal.charCodeAt(literal.length - 1);
  if (last === 0x30 || !isDigit(last)) return false;
  const magnitude = Math.abs(value);
  if (magnitude < 1e-4 || magnitude >= 1e16) return false;
  let significant = 0;
  let leading = true;
  for (let k = 0; k < literal.length; k++) {
    const c = literal.charCodeAt(k);
    if (c === 0x65 || c === 0x45) return false;
    if (!isDigit(c) || (leading && c === 0x30)) continue;
    leading = false;
    significant++;
  }
  return significant <= 15;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function parseHex4(text: string, at: number): number {
  let code = 0;
  for (let k = at; k < at + 4; k++) {
    const c = text.charCodeAt(k);
    let digit: number;
    if (c >= 0x30 && c <= 0x39) digit = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) digit = c - 0x57;
    else if (c >= 0x41 && c <= 0x46) digit = c - 0x37;
    else return -1;
    code = code * 16 + digit;
  }
  return code;
}

function recursionError(kind: string): PyException {
  return new PyException(
    'RecursionError',
    `maximum recursion depth exceeded while decoding a JSON ${kind} from a unicode string`,
  );
}
