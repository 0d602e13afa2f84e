import type { PyDict } from '../py/py-dict.js';
import { pyIterate } from '../py/py-ops.js';
import type { PyValue } from '../py/py-value.js';

/**
 * managealooma `convert_null_to_zero(event, field_or_field_list)`. In place: each listed field whose value is None
 * becomes the int 0. Only a str argument is wrapped in a list; a dict iterates its keys and an int raises
 * `TypeError: 'int' object is not iterable`.
 */
export function convertNullToZero(event: PyDict, fieldOrFieldList: PyValue): PyDict {
  const fields = typeof fieldOrFieldList === 'string' ? [fieldOrFieldList] : pyIterate(fieldOrFieldList);
  for (const field of fields) {
    if (event.get(field) === null) event.set(field, 0);
  }
  return event;
}
