import type { PyDict } from '../py/py-dict.js';
import { pyTruthy } from '../py/py-ops.js';
import { pyStrip } from '../py/py-str.js';
import type { PyValue } from '../py/py-value.js';

/**
 * managealooma `convert_empty_value_to_none(event, key_name)`. In place: a present value becomes None when it is a
 * whitespace-only string (Python `str.strip`), the exact string `"{}"` or `"[]"`, or any falsy value (`0`, `0.0`,
 * `False`, `""`, `[]`, `{}`).
 */
export function convertEmptyValueToNone(event: PyDict, keyName: PyValue): PyDict {
  const value = event.get(keyName);
  if (value === undefined) return event;
  if (typeof value === 'string' && (pyStrip(value) === '' || value === '{}' || value === '[]')) {
    event.set(keyName, null);
  } else if (!pyTruthy(value)) event.set(keyName, null);
  return event;
}
