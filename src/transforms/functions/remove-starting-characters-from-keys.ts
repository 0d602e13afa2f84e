import { pyDeepCopy } from '../py/py-deepcopy.js';
import { PyDict } from '../py/py-dict.js';
import { pyGetItem, pyItems, pyStartsWith } from '../py/py-ops.js';
import type { PyValue } from '../py/py-value.js';

/** A new dict whose keys lose one leading `startingCharacters` (collisions: first position, last value). */
function stripKeys(source: PyValue, startingCharacters: PyValue): PyDict {
  const result = new PyDict();
  for (const [key, value] of pyItems(source)) {
    if (pyStartsWith(key, startingCharacters)) {
      result.set((key as string).slice((startingCharacters as string).length), value);
    } else result.set(key, value);
  }
  return result;
}

/**
 * managealooma `remove_starting_characters_from_keys(event, starting_characters, field_with_json=None)`.
 * Without `field_with_json` (None): a new event whose top-level keys lose one leading occurrence of
 * `starting_characters`, with `_metadata` re-added as a deep copy (absent → KeyError). With it: in place, the
 * dict under that key (if present) is replaced by a new dict with the same rule applied to its keys.
 */
export function removeStartingCharactersFromKeys(
  event: PyDict,
  startingCharacters: PyValue,
  fieldWithJson: PyValue = null,
): PyDict {
  if (fieldWithJson === null) {
    const result = stripKeys(event, startingCharacters);
    result.set('_metadata', pyDeepCopy(pyGetItem(event, '_metadata')));
    return result;
  }
  const nested = event.get(fieldWithJson);
  if (nested !== undefined) event.set(fieldWithJson, stripKeys(nested, startingCharacters));
  return event;
}
