import { PyDict } from '../py/py-dict.js';
import { pyEquals } from '../py/py-equality.js';
import { jsonDumps } from '../py/py-json-dump.js';
import { pyAdd, pyDelItem, pyItems, pyIterate } from '../py/py-ops.js';
import type { PyValue } from '../py/py-value.js';

/**
 * managealooma `parse_list_of_json_and_concat(event, field_name, keep_original, field_to_keep)`. In place: collects
 * `field_to_keep` from each dict of the list (dicts among the values `json.dumps`-ed; elements without the key
 * skipped) into `<field_name>_<field_to_keep>s`, created only when some element has the key. The original is
 * deleted only when `keep_original is False` (identity: `0`/None keep it). Elements must be dicts
 * (`AttributeError: 'str' object has no attribute 'items'`).
 */
export function parseListOfJsonAndConcat(
  event: PyDict,
  fieldName: PyValue,
  keepOriginal: PyValue,
  fieldToKeep: PyValue,
): PyDict {
  const list = event.get(fieldName);
  if (list === undefined) return event;
  const collected: PyValue[] = [];
  for (const element of pyIterate(list)) {
    for (const [key, value] of pyItems(element)) {
      if (!pyEquals(key, fieldToKeep)) continue;
      collected.push(value instanceof PyDict ? jsonDumps(value) : value);
      event.set(pyAdd(pyAdd(pyAdd(fieldName, '_'), fieldToKeep), 's'), collected);
    }
  }
  if (keepOriginal === false) pyDelItem(event, fieldName);
  return event;
}
