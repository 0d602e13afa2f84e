import type { PyDict } from '../py/py-dict.js';
import { pyStrip } from '../py/py-str.js';
import type { PyValue } from '../py/py-value.js';

/**
 * managealooma `remove_whitespace(event, field_or_field_list)`. In place: each listed string field loses leading
 * and trailing whitespace by Python's `str.strip()` (which also strips U+001C..U+001F and U+0085 but not U+FEFF);
 * other types are untouched.
 */
export function removeWhitespace(event: PyDict, fieldOrFieldList: PyValue): PyDict {
  const fields = Array.isArray(fieldOrFieldList) ? fieldOrFieldList : [fieldOrFieldList];
  for (const field of fields) {
    const value = event.get(field);
    if (typeof value === 'string') event.set(field, pyStrip(value));
  }
  return event;
}
