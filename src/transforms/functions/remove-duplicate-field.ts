import type { PyDict } from '../py/py-dict.js';
import type { PyValue } from '../py/py-value.js';

/**
 * managealooma `remove_duplicate_field(event, field_to_keep, field_to_discard)`. In place, only when both keys are
 * present: deletes `field_to_discard` if `field_to_keep` is not None, else deletes `field_to_keep`.
 */
export function removeDuplicateField(event: PyDict, fieldToKeep: PyValue, fieldToDiscard: PyValue): PyDict {
  if (event.has(fieldToKeep) && event.has(fieldToDiscard)) {
    event.delete(event.get(fieldToKeep) !== null ? fieldToDiscard : fieldToKeep);
  }
  return event;
}
