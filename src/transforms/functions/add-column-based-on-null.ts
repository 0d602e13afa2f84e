import type { PyDict } from '../py/py-dict.js';
import type { PyValue } from '../py/py-value.js';

/**
 * managealooma `add_column_based_on_null(event, field, new_field, new_value_if_null, new_value_if_not_null)`.
 * In place: when `field` is in the event, sets `new_field` to `new_value_if_null` if the value is None, else to
 * `new_value_if_not_null`; an absent `field` leaves the event unchanged.
 */
export function addColumnBasedOnNull(
  event: PyDict,
  field: PyValue,
  newField: PyValue,
  newValueIfNull: PyValue,
  newValueIfNotNull: PyValue,
): PyDict {
  if (event.has(field)) event.set(newField, event.get(field) === null ? newValueIfNull : newValueIfNotNull);
  return event;
}
