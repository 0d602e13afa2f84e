import type { PyDict } from '../py/py-dict.js';
import { jsonDumps } from '../py/py-json-dump.js';
import type { PyValue } from '../py/py-value.js';

/**
 * managealooma `convert_dictionary_fields_to_string(event, field_or_field_list)`. In place: every listed field
 * that is present and not None becomes `json.dumps(value)` — whatever its type (`"abc"` → `"\"abc\""`, `5` →
 * `"5"`); a field listed twice is dumped twice. A value json.dumps refuses is left as it is (bare except).
 */
export function convertDictionaryFieldsToString(event: PyDict, fieldOrFieldList: PyValue): PyDict {
  const fields = Array.isArray(fieldOrFieldList) ? fieldOrFieldList : [fieldOrFieldList];
  for (const field of fields) {
    const value = event.get(field);
    if (value === undefined || value === null) continue;
    try {
      event.set(field, jsonDumps(value));
    } catch {
      // managealooma: `except: pass`
    }
  }
  return event;
}
