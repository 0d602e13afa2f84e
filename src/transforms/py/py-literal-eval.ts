import { PyDict } from './py-dict.js';
import { PyException } from './py-errors.js';
import { PyFloat, PyTuple, type PyValue, pyInt } from './py-value.js';

/**
 * Python's `ast.literal_eval` for the literals an event can carry: str (all quote forms, `r`/`u` prefixes,
 * implicit concatenation, Python escapes), int (decimal/hex/octal/binary, underscores, any size), float
 * (`1.`, `.5`, `1e400` → inf), True/False/None, unary +/- on numbers, and lists, tuples, dicts nested in any way,
 * with Python's tokenizer rules for comments, line continuations, blank lines and indentation.
 *
 * Not modelled (such text fails, as if literal_eval had raised, and the caller keeps the string): sets and
 * `set()`, bytes, complex numbers (`1j`), `\N{name}` escapes, `Ellipsis`. Python's set order is hash-randomised,
 * so a port could not reproduce it anyway. Every failure raises a ValueError; callers (flatten_json) only
 * ever test for success.
 */
export function literalEval(value: PyValue): PyValue {
  if (typeof value !== 'string') throw malformed();
  const parser = new LiteralParser(value.replace(/^[ \t]+/, ''));
  return parser.parseAll();
}

function malformed(): PyException {
  return new PyException('ValueError', 'malformed node or string');
}

const MAX_BRACKET_DEPTH = 200;
const INT_MAX_STR_DIGITS = 4300;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** What literal_eval's `_convert` needs to know about a parsed node besides its value. */
type NodeKind = 'number' | 'unary' | 'other';
interface Node {
  value: PyValue;
  kind: NodeKind;
}

class LiteralParser {
  private readonly s: string;
  private i = 0;
  private depth = 0;

  constructor(source: string) {
    this.s = source;
  }

  parseAll(): PyValue {
    if (this.s.includes('\0') || LONE_SURROGATE.test(this.s)) throw malformed();
    this.skipBlankLines(true);
    const node = this.parseExpressionList();
    this.skipTrivia();
    if (this.i < this.s.length) {
      if (!this.atNewline()) throw malformed();
      this.consumeNewline();
      this.skipBlankLines(false);
      if (this.i < this.s.length) throw malformed();
    }
    return node.value;
  }

  /** Blank lines (whitespace and comments) before the first token or after the last; no indentation allowed. */
  private skipBlankLines(beforeFirstToken: boolean): void {
    const s = this.s;
    for (;;) {
      let column = 0;
      for (;;) {
        const c = s[this.i];
        if (c === ' ' || c === '\t') column++;
        else if (c === '\f') column = 0;
        else if (c === '\\' && this.isNewlineAt(this.i + 1)) {
          this.i++;
          this.consumeNewline();
          if (this.i >= s.length) throw malformed();
          continue;
        } else break;
        this.i++;
      }
      if (this.i >= s.length) {
        if (column > 0) throw malformed();
        return;
      }
      if (s[this.i] === '#') while (this.i < s.length && !this.atNewline()) this.i++;
      if (this.i >= s.length) return;
      if (this.atNewline()) {
        this.consumeNewline();
        continue;
      }
      if (!beforeFirstToken || column > 0) throw malformed();
      return;
    }
  }

  private isNewlineAt(at: number): boolean {
    const c = this.s[at];
    return c === '\n' || c === '\r';
  }

  private atNewline(): boolean {
    return this.isNewlineAt(this.i);
  }

  private consumeNewline(): void {
    if (this.s[this.i] === '\r' && this.s[this.i + 1] === '\n') this.i += 2;
    else this.i++;
  }

  /** Skips spaces, comments, continuations, and (inside brackets) newlines. */
  private skipTrivia(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === ' ' || c === '\t' || c === '\f') this.i++;
      else if (c === '#') while (this.i < s.length && !this.atNewline()) this.i++;
      else if (c === '\\') {
        if (!this.isNewlineAt(this.i + 1)) throw malformed();
        this.i++;
        this.consumeNewline();
        if (this.i >= s.length) throw malformed();
      } else if ((c === '\n' || c === '\r') && this.depth > 0) this.consumeNewline();
      else return;
    }
  }

  private peek(): string | undefined {
    this.skipTrivia();
    return this.s[this.i];
  }

  private expect(char: string): void {
    if (this.peek() !== char) throw malformed();
    this.i++;
  }

  /** `a, b, c` (a tuple when there is a comma) or a single expression. */
  private parseExpressionList(): Node {
    const first = this.parseExpression();
    if (this.peek() !== ',') return first;
    const items = [first.value];
    while (this.peek() === ',') {
      this.i++;
      if (!this.startsExpression()) break;
      items.push(this.parseExpression().value);
    }
    return { value: new PyTuple(items), kind: 'other' };
  }

  private startsExpression(): boolean {
    const c = this.peek();
    return c !== undefined && c !== ')' && c !== ']' && c !== '}' && c !== ',' && c !== ':' && !this.atNewline();
  }

  private parseExpression(): Node {
    const c = this.peek();
    if (c === '-' || c === '+') {
      this.i++;
      const operand = this.parseExpression();
      if (operand.kind !== 'number') throw malformed();
      return { value: c === '-' ? negate(operand.value) : operand.value, kind: 'unary' };
    }
    if (c === '(') return this.parseParenthesized();
    if (c === '[') return this.parseList();
    if (c === '{') return this.parseDict();
    if (c !== undefined && (isDigit(c) || (c === '.' && isDigit(this.s[this.i + 1])))) {
      return { value: this.parseNumber(), kind: 'number' };
    }
    if (c === '"' || c === "'") return { value: this.parseStrings(), kind: 'other' };
    if (c !== undefined && /[A-Za-z_]/.test(c)) return this.parseName();
    throw malformed();
  }

  private open(): void {
    this.i++;
    this.depth++;
    if (this.depth > MAX_BRACKET_DEPTH) throw malformed();
  }

  private close(char: string): void {
    this.expect(char);
    this.depth--;
  }

  private parseParenthesized(): Node {
    this.open();
    if (this.peek() === ')') {
      this.close(')');
      return { value: new PyTuple([]), kind: 'other' };
    }
    const node = this.parseExpressionList();
    this.close(')');
    return node;
  }

  private parseList(): Node {
    this.open();
    const items: PyValue[] = [];
    while (this.peek() !== ']') {
      items.push(this.parseExpression().value);
      if (this.peek() !== ',') break;
      this.i++;
    }
    this.close(']');
    return { value: items, kind: 'other' };
  }

  private parseDict(): Node {
    this.open();
    const dict = new PyDict();
    while (this.peek() !== '}') {
      const key = this.parseExpression().value;
      this.expect(':'); // a set literal ({1, 2}) is not modelled
      dict.set(key, this.parseExpression().value);
      if (this.peek() !== ',') break;
      this.i++;
    }
    this.close('}');
    return { value: dict, kind: 'other' };
  }

  private parseName(): Node {
    const s = this.s;
    const start = this.i;
    while (this.i < s.length && /[A-Za-z0-9_]/.test(s[this.i] as string)) this.i++;
    const name = s.slice(start, this.i);
    const next = s[this.i];
    if (next === '"' || next === "'") {
      const prefix = name.toLowerCase();
      if (prefix !== 'r' && prefix !== 'u') throw malformed(); // bytes, f-strings, or a name before a string
      this.i = start;
      return { value: this.parseStrings(), kind: 'other' };
    }
    if (next !== undefined && next.charCodeAt(0) > 0x7f) throw malformed();
    if (name === 'True') return { value: true, kind: 'other' };
    if (name === 'False') return { value: false, kind: 'other' };
    if (name === 'None') return { value: null, kind: 'other' };
    throw malformed();
  }

  /** One or more adjacent string literals, concatenated. */
  private parseStrings(): string {
    let out = this.parseString();
    for (;;) {
      const c = this.peek();
      if (c === '"' || c === "'") {
        out += this.parseString();
        continue;
      }
      if (c === 'r' || c === 'u' || c === 'R' || c === 'U') {
        const next = this.s[this.i + 1];
        if (next === '"' || next === "'") {
          out += this.parseString();
          continue;
        }
        if (/[A-Za-z0-9_]/.test(next ?? '') && /["']/.test(this.s[this.i + 2] ?? '')) throw malformed();
      }
      return out;
    }
  }

  private parseString(): string {
    const s = this.s;
    let raw = false;
    const first = s[this.i];
    if (first === 'r' || first === 'R') {
      raw = true;
      this.i++;
    } else if (first === 'u' || first === 'U') this.i++;
    const quote = s[this.i] as string;
    const triple = s.startsWith(quote.repeat(3), this.i);
    this.i += triple ? 3 : 1;
    let out = '';
    for (;;) {
      if (this.i >= s.length) throw malformed();
      const c = s[this.i] as string;
      if (c === quote && (!triple || s.startsWith(quote.repeat(3), this.i))) {
        this.i += triple ? 3 : 1;
        return out;
      }
      if (c === '\n' || c === '\r') {
        if (!triple) throw malformed();
        this.consumeNewline();
        out += '\n';
        continue;
      }
      if (c !== '\\') {
        out += c;
        this.i++;
        continue;
      }
      this.i++;
      if (this.i >= s.length) throw malformed();
      if (raw) {
        out += '\\';
        if (this.atNewline()) {
          this.consumeNewline();
          out += '\n';
        } else {
          out += s[this.i];
          this.i++;
        }
        continue;
      }
      out += this.parseEscape();
    }
  }

  /** The escape after a backslash (already consumed) in a non-raw string. */
  private parseEscape(): string {
    const s = this.s;
    const c = s[this.i] as string;
    if (c === '\n' || c === '\r') {
      this.consumeNewline();
      return '';
    }
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) {
      this.i++;
      return simple;
    }
    if (c >= '0' && c <= '7') {
      let end = this.i + 1;
      while (end < this.i + 3 && /[0-7]/.test(s[end] ?? '')) end++;
      const code = Number.parseInt(s.slice(this.i, end), 8);
      this.i = end;
      return String.fromCodePoint(code);
    }
    const width = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
    if (width > 0) {
      const hex = s.slice(this.i + 1, this.i + 1 + width);
      if (hex.length !== width || !/^[0-9A-Fa-f]+$/.test(hex)) throw malformed();
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff) throw malformed();
      this.i += 1 + width;
      return String.fromCodePoint(code);
    }
    if (c === 'N') throw malformed(); // named escapes need the Unicode name table
    const char = String.fromCodePoint(s.codePointAt(this.i) as number);
    this.i += char.length;
    return `\\${char}`;
  }

  private parseNumber(): PyValue {
    const s = this.s;
    const start = this.i;
    const radix = /^0[xX]/.test(s.slice(start, start + 2))
      ? 16
      : /^0[oO]/.test(s.slice(start, start + 2))
        ? 8
        : /^0[bB]/.test(s.slice(start, start + 2))
          ? 2
          : 10;
    if (radix !== 10) {
      const digitClass = radix === 16 ? '[0-9A-Fa-f]' : radix === 8 ? '[0-7]' : '[01]';
      const match = new RegExp(`^(?:_?${digitClass})+`).exec(s.slice(start + 2));
      if (match === null) throw malformed();
      this.i = start + 2 + match[0].length;
      this.refuseIdentifierAfterNumber();
      const prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : '0b';
      return pyInt(BigInt(prefix + match[0].replaceAll('_', '')));
    }
    const match = /^(?:\d(?:_?\d)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][+-]?\d(?:_?\d)*)?/.exec(s.slice(start));
    const text = match?.[0] ?? '';
    if (text === '' || text === '.') throw malformed();
    this.i = start + text.length;
    // An exponent marker without digits, a trailing underscore, or an imaginary suffix are not modelled literals.
    this.refuseIdentifierAfterNumber();
    const plain = text.replaceAll('_', '');
    if (/[.eE]/.test(plain)) return new PyFloat(Number(plain));
    if (/^0+$/.test(plain)) return 0;
    if (plain.startsWith('0')) throw malformed();
    if (plain.length > INT_MAX_STR_DIGITS) throw malformed();
    return plain.length <= 15 ? Number(plain) : pyInt(BigInt(plain));
  }

  private refuseIdentifierAfterNumber(): void {
    const next = this.s[this.i];
    if (next !== undefined && /[\p{L}\p{N}_.]/u.test(next)) throw malformed();
  }
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function negate(value: PyValue): PyValue {
  if (value instanceof PyFloat) return new PyFloat(-value.value);
  if (typeof value === 'number') return value === 0 ? 0 : -value;
  if (typeof value === 'bigint') return pyInt(-value);
  throw malformed();
}
