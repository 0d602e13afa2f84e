import type { PyDict } from '../py/py-dict.js';
import { sequenceContains } from '../py/py-equality.js';
import type { PyValue } from '../py/py-value.js';

/**
 * managealooma `convert_values_to_none(event, field_or_field_list, field_values=None)`. In place: each listed field
 * present becomes None — all of them when `field_values` is None, else only those whose value is `in` the values
 * (Python `==`: `1 == 1.0 == True`, deep equality for lists/dicts).
 */
export function convertValuesToNone(event: PyDict, fieldOrFieldList: PyValue, fieldValues: PyValue = null): PyDict {
  const fields = Array.isArray(fieldOrFieldList) ? fieldOrFieldList : [fieldOrFieldList];
  const values = fieldValues === null || Array.isArray(fieldValues) ? fieldValues : [fieldValues];
  for (const field of fields) {
    const current = event.get(field);
    if (current === undefined) continue;
    if (values === null || sequenceContains(values, current)) event.set(field, null);
  }
  return event;
}
