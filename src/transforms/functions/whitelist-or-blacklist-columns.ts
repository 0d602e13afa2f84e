import { pyDeepCopy } from '../py/py-deepcopy.js';
import { PyDict } from '../py/py-dict.js';
import { sequenceContains } from '../py/py-equality.js';
import { pyGetItem, pyIterate, pyLower } from '../py/py-ops.js';
import type { PyValue } from '../py/py-value.js';

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
  const lowered = pyIterate(fieldList).map(pyLower);
  const result = new PyDict();
  if (whiteOrBlackList === 'whitelist' || whiteOrBlackList === 'blacklist') {
    const keep = whiteOrBlackList === 'whitelist';
    for (const [key, value] of event) {
      if (key === '_metadata') continue;
      if (sequenceContains(lowered, pyLower(key)) === keep) result.set(key, value);
    }
  }
  result.set('_metadata', pyDeepCopy(pyGetItem(event, '_metadata')));
  return result;
}
