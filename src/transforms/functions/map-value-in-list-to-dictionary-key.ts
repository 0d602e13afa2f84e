import { PyDict } from '../py/py-dict.js';
import { pyException } from '../py/py-errors.js';
import { pyAdd, pyContains, pyGetItem, pyItems, pyTruthy } from '../py/py-ops.js';
import type { PyValue } from '../py/py-value.js';

/**
 * managealooma `map_value_in_list_to_dictionary_key(event, mapping_dict_with_lists, existing_column, new_column,
 * allow_nulls, passthrough)`. In place: `new_column` becomes the last mapping key whose value contains the
 * column's value (`in`: list membership by Python `==`, substring for a string, key for a dict). No match: the
 * value itself with `passthrough`, None with `allow_nulls`, else
 * `Exception: Missing map_list transform <event_type> <existing_column>`. An absent column raises KeyError.
 */
export function mapValueInListToDictionaryKey(
  event: PyDict,
  mappingDictWithLists: PyValue,
  existingColumn: PyValue,
  newColumn: PyValue,
  allowNulls: PyValue,
  passthrough: PyValue,
): PyDict {
  const eventType = pyGetItem(pyGetItem(event, '_metadata'), 'event_type');
  const funcName = pyAdd(pyAdd(pyAdd('map_list transform ', eventType), ' '), existingColumn) as string;
  const value = pyGetItem(event, existingColumn);
  event.set(newColumn, null);
  if (!(mappingDictWithLists instanceof PyDict)) pyItems(mappingDictWithLists); // AttributeError: ... 'items'
  const mapping = mappingDictWithLists as PyDict;
  for (let i = 0; i < mapping.size; i++) {
    if (pyContains(mapping.valueAt(i), value)) event.set(newColumn, mapping.keyAt(i));
  }
  if (pyGetItem(event, newColumn) !== null) return event;
  if (pyTruthy(passthrough)) event.set(newColumn, value);
  else if (!pyTruthy(allowNulls)) throw pyException(`Missing ${funcName}`);
  return event;
}
