import type { PyDict } from '../py/py-dict.js';
import { pyItems } from '../py/py-ops.js';
import type { PyValue } from '../py/py-value.js';

/**
 * managealooma `add_columns_with_default(event, field_and_default_dict)`. In place: appends each key of the
 * mapping that the event lacks, with its default; existing keys (even None or "") are never touched.
 */
export function addColumnsWithDefault(event: PyDict, fieldAndDefaultDict: PyValue): PyDict {
  for (const [key, value] of pyItems(fieldAndDefaultDict)) {
    if (!event.has(key)) event.set(key, value);
  }
  return event;
}
