import { PyDict } from '../py/py-dict.js';
import type { PyValue } from '../py/py-value.js';

/**
 * managealooma `remove_outer_key(event, key_name)`. In place: when the value is a dict, `event.update(value)` then
 * `del event[key_name]` — inner keys overwrite outer ones in place, new ones are appended, and an inner key equal
 * to `key_name` goes away with it. Any other value (a JSON string included) leaves the event unchanged.
 */
export function removeOuterKey(event: PyDict, keyName: PyValue): PyDict {
  const inner = event.get(keyName);
  if (inner instanceof PyDict) {
    for (const [key, value] of inner.entryList()) event.set(key, value);
    event.delete(keyName);
  }
  return event;
}
