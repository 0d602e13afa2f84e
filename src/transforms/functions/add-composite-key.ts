import type { PyDict } from '../py/py-dict.js';
import { pyException } from '../py/py-errors.js';
import { pyGetItem, pyIterate } from '../py/py-ops.js';
import { pyStr } from '../py/py-repr.js';
import type { PyValue } from '../py/py-value.js';

/**
 * managealooma `add_composite_key(event, field_list, key_name)`. In place: sets `key_name` to the `str()` of each
 * listed field joined by `-` (Python's str: `1.0`, `True`, `{'x': 1}`). An absent field raises KeyError, a None
 * value `Exception: Missing values in composite key`. `field_list` is iterated as is (a string per character).
 */
export function addCompositeKey(event: PyDict, fieldList: PyValue, keyName: PyValue): PyDict {
  const values = pyIterate(fieldList).map((field) => pyGetItem(event, field));
  if (values.includes(null)) throw pyException('Missing values in composite key');
  event.set(keyName, values.map(pyStr).join('-'));
  return event;
}
