import { PyDict } from '../py/py-dict.js';
import { jsonDumps } from '../py/py-json-dump.js';
import { parseJson } from '../py/py-json-parse.js';
import { pyTypeName } from '../py/py-value.js';

/** An input line that is valid JSON but not an object (events are dicts). */
export class EventShapeError extends Error {
  constructor(typeName: string) {
    super(`an event must be a JSON object, got ${typeName === 'dict' ? 'object' : typeName}`);
    this.name = 'EventShapeError';
  }
}

/**
 * Reads one event from JSON text with Python's `json.loads` rules (key order, int vs float, NaN/Infinity).
 * Throws a PyException (`JSONDecodeError: ...`) for invalid JSON and an {@link EventShapeError} for a non-object.
 */
export function parseEventJson(text: string): PyDict {
  const value = parseJson(text);
  if (value instanceof PyDict) return value;
  throw new EventShapeError(pyTypeName(value));
}

/**
 * Writes an event as Python's `json.dumps(event)` would: `{"a": 1, "b": 1.0, "c": "\u00e9"}` (ASCII only,
 * `", "`/`": "` separators, insertion order, NaN/Infinity as bare words). Throws a PyException (TypeError) for a
 * value json.dumps refuses (a tuple dict key, from a Python-literal string flattened by flatten_json).
 */
export function formatEventJson(event: PyDict): string {
  return jsonDumps(event);
}
