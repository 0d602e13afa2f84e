import type { PyDict } from '../py/py-dict.js';
import { pyAdd, pyDelItem, pyTruthy } from '../py/py-ops.js';
import type { PyValue } from '../py/py-value.js';

/**
 * managealooma `add_duplicate_fields(event, field_name, suffix_or_suffix_list, keep_original=False)`. In place:
 * copies the value (the same object) to `<field_name>_<suffix>` for each suffix, then, unless `keep_original` is
 * truthy, deletes `field_name` — unconditionally, so an absent field raises `KeyError` with the default.
 */
export function addDuplicateFields(
  event: PyDict,
  fieldName: PyValue,
  suffixOrSuffixList: PyValue,
  keepOriginal: PyValue = false,
): PyDict {
  const suffixes = Array.isArray(suffixOrSuffixList) ? suffixOrSuffixList : [suffixOrSuffixList];
  if (event.has(fieldName)) {
    for (const suffix of suffixes) {
      event.set(pyAdd(pyAdd(fieldName, '_'), suffix), event.get(fieldName) as PyValue);
    }
  }
  if (!pyTruthy(keepOriginal)) pyDelItem(event, fieldName);
  return event;
}
