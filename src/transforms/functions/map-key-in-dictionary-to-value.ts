import { PyDict } from '../py/py-dict.js';
import { pyAttributeError, pyException } from '../py/py-errors.js';
import { pyAdd, pyGetItem, pyTruthy } from '../py/py-ops.js';
import { type PyValue, pyTypeName } from '../py/py-value.js';

function requireDict(value: PyValue, method: string): PyDict {
  if (value instanceof PyDict) return value;
  throw pyAttributeError(pyTypeName(value), method);
}

/**
 * managealooma `map_key_in_dictionary_to_value(event, mapping_dict, existing_column, new_column, allow_nulls)`.
 * In place: `new_column = mapping_dict.get(value)` when the value is a key of the mapping (hash lookup:
 * `True`/`2.0` match `1`/`2`), or is None/absent with `allow_nulls`. Otherwise
 * `Exception: Missing enum transform <event_type> <existing_column>`; with `allow_nulls` false an absent column
 * raises `KeyError` instead. A mapping read from JSON has string keys only, so an int value never matches `"1"`.
 */
export function mapKeyInDictionaryToValue(
  event: PyDict,
  mappingDict: PyValue,
  existingColumn: PyValue,
  newColumn: PyValue,
  allowNulls: PyValue,
): PyDict {
  const eventType = pyGetItem(pyGetItem(event, '_metadata'), 'event_type');
  const funcName = pyAdd(pyAdd(pyAdd('enum transform ', eventType), ' '), existingColumn) as string;
  const value = event.get(existingColumn) ?? null;
  const nullsAllowed = pyTruthy(allowNulls);
  if (nullsAllowed && (value === null || requireDict(mappingDict, 'keys').has(value))) {
    event.set(newColumn, requireDict(mappingDict, 'get').get(value) ?? null);
    return event;
  }
  if (!nullsAllowed) {
    const current = pyGetItem(event, existingColumn);
    if (requireDict(mappingDict, 'keys').has(current)) {
      event.set(newColumn, requireDict(mappingDict, 'get').get(value) ?? null);
      return event;
    }
  }
  throw pyException(`Missing ${funcName}`);
}
