import type { PyDict } from '../py/py-dict.js';
import { sequenceContains } from '../py/py-equality.js';
import { pyAdd } from '../py/py-ops.js';
import type { PyValue } from '../py/py-value.js';

/**
 * managealooma `add_suffix(event, fields, suffix, separator='_')`, as intended: renames each key listed in
 * `fields` to `key + separator + suffix` (the renamed key moves to the end; an existing target is overwritten in
 * place). managealooma's own loop deletes keys while iterating the dict, which raises
 * `RuntimeError: dictionary keys changed during iteration` on Python >= 3.8; this port iterates a snapshot of
 * the keys instead, which is what its docstring and tests expect.
 */
export function addSuffix(event: PyDict, fields: PyValue, suffix: PyValue, separator: PyValue = '_'): PyDict {
  const fieldList = Array.isArray(fields) ? fields : [fields];
  for (const key of event.keyList()) {
    if (sequenceContains(fieldList, key)) {
      const value = event.get(key) as PyValue;
      event.set(pyAdd(pyAdd(key, separator), suffix), value);
      event.delete(key);
    }
  }
  return event;
}
