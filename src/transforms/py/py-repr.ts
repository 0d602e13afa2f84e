import { PyDict } from './py-dict.js';
import { PyFloat, PyTuple, type PyValue } from './py-value.js';

/**
 * Python's `repr(float)`: the shortest digits that round-trip (the same digits JavaScript picks), laid out the
 * Python way: exponent form when the decimal exponent is < -4 or >= 16 (`1e-05`, `1e+16`), else positional
 * with at least one fractional digit (`1.0`, `1000000000000000.0`); `inf`, `-inf`, `nan`.
 */
export function floatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    // Both languages print these positionally with the same shortest digits; Python adds '.0' to integers.
    const text = String(value);
    return Number.isInteger(value) ? `${text}.0` : text;
  }
  const sign = value < 0 ? '-' : '';
  const exponential = Math.abs(value).toExponential();
  const ePos = exponential.indexOf('e');
  const digits = exponential.slice(0, ePos).replace('.', '');
  const exponent = Number(exponential.slice(ePos + 1));
  const decimalPoint = exponent + 1;
  if (decimalPoint > 16 || decimalPoint < -3) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${mantissa}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (decimalPoint <= 0) return `${sign}0.${'0'.repeat(-decimalPoint)}${digits}`;
  if (decimalPoint >= digits.length) return `${sign}${digits}${'0'.repeat(decimalPoint - digits.length)}.0`;
  return `${sign}${digits.slice(0, decimalPoint)}.${digits.slice(decimalPoint)}`;
}

// Python's str.isprintable() is false for categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs other than ' '.
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
const NEEDS_ESCAPE = /[\\'"\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python's `repr(str)`: single quotes unless the text has `'` and no `"`; non-printables escaped. */
export function strRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  if (!NEEDS_ESCAPE.test(text)) return `${quote}${text}${quote}`;
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\t') out += '\\t';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === ' ' || !NOT_PRINTABLE.test(char)) out += char;
    else if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out + quote;
}

/** Python's `repr()` of any modelled value (`{'a': 1, 'b': [1.0, None, True]}`, `(1,)`). */
export function pyRepr(value: PyValue): string {
  switch (typeof value) {
    case 'string':
      return strRepr(value);
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 'True' : 'False';
    default:
      if (value === null) return 'None';
      if (value instanceof PyFloat) return value.knownRepr ?? floatRepr(value.value);
      if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
      if (value instanceof PyTuple) {
        const items = value.items.map(pyRepr);
        return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
      }
      if (value instanceof PyDict) {
        const parts: string[] = [];
        for (const [key, item] of value) parts.push(`${pyRepr(key)}: ${pyRepr(item)}`);
        return `{${parts.join(', ')}}`;
      }
      return String(value);
  }
}

/** Python's `str()`: a string is itself, everything else its repr. */
export function pyStr(value: PyValue): string {
  return typeof value === 'string' ? value : pyRepr(value);
}
