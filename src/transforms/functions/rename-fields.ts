import { pyDeepCopy } from '../py/py-deepcopy.js';
import { PyDict } from '../py/py-dict.js';
import { pyException } from '../py/py-errors.js';
import { pyContains, pyGetItem } from '../py/py-ops.js';
import { pyStr } from '../py/py-repr.js';
import type { PyValue } from '../py/py-value.js';

/**
 * managealooma `rename_fields(event, field_dict)`. A new dict in event order: a key of `field_dict` is written under
 * its new name unless that name is already in the new dict (`Exception: Key <new name> already in event`); other
 * keys are copied — silently overwriting a renamed key that arrived earlier. `_metadata`, when present, is then
 * set to a deep copy of the original's.
 */
export function renameFields(event: PyDict, fieldDict: PyValue): PyDict {
  const result = new PyDict();
  for (const [key, value] of event) {
    if (pyContains(fieldDict, key)) {
      const newName = pyGetItem(fieldDict, key);
      if (result.has(newName)) throw pyException(`Key ${pyStr(newName)} already in event`);
      result.set(newName, value);
    } else result.set(key, value);
  }
  const metadata = event.get('_metadata');
  if (metadata !== undefined) result.set('_metadata', pyDeepCopy(metadata));
  return result;
}
