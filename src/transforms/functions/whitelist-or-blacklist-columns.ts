import { pyDeepCopy } from '../py/py-deepcopy.js';
import { PyDict, type PyKey } from '../py/py-dict.js';
import { pyGetItem, pyIterate, pyLower } from '../py/py-ops.js';
import type { PyValue } from '../py/py-value.js';

interface LoweredFields {
  readonly items: readonly PyValue[];
  readonly set: ReadonlySet<string>;
}
// A pipeline passes the same field_list object for every event: remember its lowered form (checked item by item).
const loweredCache = new WeakMap<object, LoweredFields>();

/** `[f.lower() for f in field_list]` as a Set: every item is a str after .lower(), so membership is exact. */
function loweredFieldSet(fieldList: PyValue): ReadonlySet<string> {
  const items = pyIterate(fieldList);
  const cached = Array.isArray(fieldList) ? loweredCache.get(fieldList) : undefined;
  if (
    cached !== undefined &&
    cached.items.length === items.length &&
    cached.items.every((item, i) => item === items[i])
  ) {
    return cached.set;
  }
  const set = new Set(items.map(pyLower));
  if (Array.isArray(fieldList)) loweredCache.set(fieldList, { items: [...items], set });
  return set;
}

/**
 * managealooma `whitelist_or_blacklist_columns(event, field_list, white_or_black_list='whitelist')`. A new dict:
 * `'whitelist'` keeps the keys whose lower-case form is in the lower-cased list, `'blacklist'` drops them, any
 * other mode keeps nothing; `_metadata` is never matched and always re-added last as a deep copy (absent →
 * KeyError).
 */
export function whitelistOrBlacklistColumns(
  event: PyDict,
  fieldList: PyValue,
  whiteOrBlackList: PyValue = 'whitelist',
): PyDict {
  const lowered = loweredFieldSet(fieldList);
  // The kept keys are distinct keys of the event, so the new dict can be built from arrays without lookups.
  const keys: PyKey[] = [];
  const values: PyValue[] = [];
  if (whiteOrBlackList === 'whitelist' || whiteOrBlackList === 'blacklist') {
    const keep = whiteOrBlackList === 'whitelist';
    for (let i = 0; i < event.size; i++) {
      const key = event.keyAt(i);
      if (key === '_metadata') continue;
      if (lowered.has(pyLower(key)) === keep) {
        keys.push(key);
        values.push(event.valueAt(i));
      }
    }
  }
  const metadata = pyDeepCopy(pyGetItem(event, '_metadata'));
  let result: PyDict;
  if (keys.every((key) => typeof key === 'string')) result = PyDict.adoptStringKeys(keys as string[], values);
  else result = PyDict.fromEntries(keys.map((key, i) => [key, values[i] as PyValue] as const));
  result.set('_metadata', metadata);
  return result;
}
