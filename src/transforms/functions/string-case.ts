import { pyTypeError } from '../py/py-errors.js';
import { type PyValue, pyTypeName } from '../py/py-value.js';

function requireString(name: PyValue): string {
  if (typeof name === 'string') return name;
  throw pyTypeError(`expected string or bytes-like object, got '${pyTypeName(name)}'`);
}

// Python's `.` matches any code point but '\n' (JavaScript's `.` also skips \r, \u2028 and \u2029).
const BEFORE_TITLE_WORD = /([^\n])([A-Z][a-z]+)/gu;
const LOWER_OR_DIGIT_BEFORE_CAPITAL = /([a-z0-9])([A-Z])/g;
// Python's `[\W_]` on str: anything that is not a letter or a number (str.isalnum) becomes '_'.
const NOT_ALPHANUMERIC = /[^\p{L}\p{N}]/gu;

const SNAKE_CACHE_LIMIT = 10_000;
const snakeCache = new Map<string, string>();

/**
 * managealooma `convert_string_to_snake_case(name)`:
 * `re.sub('(.)([A-Z][a-z]+)', r'\1_\2', name)`, then `re.sub('([a-z0-9])([A-Z])', r'\1_\2', ...)`, `.lower()`,
 * and every U+0020 space removed (after the underscores were inserted: `with space Here` → `withspace_here`).
 * Only ASCII capitals count as capitals; non-str → `TypeError: expected string or bytes-like object, got 'int'`.
 */
export function convertStringToSnakeCase(name: PyValue): string {
  const text = requireString(name);
  const cached = snakeCache.get(text);
  if (cached !== undefined) return cached;
  const snake = text
    .replace(BEFORE_TITLE_WORD, '$1_$2')
    .replace(LOWER_OR_DIGIT_BEFORE_CAPITAL, '$1_$2')
    .toLowerCase()
    .replaceAll(' ', '');
  // The function is pure and event keys repeat from event to event, so a bounded memo pays for itself.
  if (snakeCache.size >= SNAKE_CACHE_LIMIT) snakeCache.clear();
  snakeCache.set(text, snake);
  return snake;
}

/**
 * managealooma `convert_spaces_and_special_characters_to_underscore(name)`: `re.sub(r'[\W_]', '_', name).lower()`.
 * Each code point that is not a Unicode letter or number becomes one `_` (no collapsing; emoji are one `_`).
 */
export function convertSpacesAndSpecialCharactersToUnderscore(name: PyValue): string {
  return requireString(name).replace(NOT_ALPHANUMERIC, '_').toLowerCase();
}
