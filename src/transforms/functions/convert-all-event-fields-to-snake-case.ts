import { pyDeepCopy } from '../py/py-deepcopy.js';
import { PyDict } from '../py/py-dict.js';
import { pyGetItem } from '../py/py-ops.js';
import { convertStringToSnakeCase } from './string-case.js';

/**
 * managealooma `convert_all_event_fields_to_snake_case(event)`. A new dict with every top-level key snake_cased
 * (values shared; collisions keep the first position and the last value), then `_metadata` replaced by a deep
 * copy of the original's (absent → `KeyError: '_metadata'`). Nested keys are untouched.
 */
export function convertAllEventFieldsToSnakeCase(event: PyDict): PyDict {
  const result = new PyDict();
  for (let i = 0; i < event.size; i++) result.set(convertStringToSnakeCase(event.keyAt(i)), event.valueAt(i));
  result.set('_metadata', pyDeepCopy(pyGetItem(event, '_metadata')));
  return result;
}
