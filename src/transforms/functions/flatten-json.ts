import { PyDict } from '../py/py-dict.js';
import { jsonDumps } from '../py/py-json-dump.js';
import { jsonLoads } from '../py/py-json-parse.js';
import { literalEval } from '../py/py-literal-eval.js';
import {
  pyAdd,
  pyDelItem,
  pyGetItem,
  pyIntLessThan,
  pyItems,
  pyIterate,
  pyLower,
  pyStartsWith,
  pyTruthy,
} from '../py/py-ops.js';
import type { PyValue } from '../py/py-value.js';

/** `json.loads(value)`, falling back to `ast.literal_eval(value)`; throws when both fail. */
function parseJsonOrLiteral(value: PyValue): PyValue {
  try {
    return jsonLoads(value);
  } catch {
    return literalEval(value);
  }
}

/**
 * managealooma `flatten_json_1_level(event, field_name, field_name_underscore, dump_to_string)`. In place:
 * a value that is not a dict is first replaced by `json.loads` of it, else by `ast.literal_eval` of it (when both
 * fail the event is returned unchanged); a dict is then spread into `field_name_underscore + key.lower()` keys
 * (nested dicts `json.dumps`-ed when `dump_to_string` is truthy) and `field_name` deleted. Failures after the
 * read are swallowed with the partial writes kept; only reading an absent `field_name` raises (KeyError).
 */
export function flattenJson1Level(
  event: PyDict,
  fieldName: PyValue,
  fieldNameUnderscore: PyValue,
  dumpToString: PyValue,
): PyDict {
  const value = pyGetItem(event, fieldName);
  if (!(value instanceof PyDict)) {
    try {
      event.set(fieldName, parseJsonOrLiteral(value));
    } catch {
      return event;
    }
  }
  try {
    const dump = pyTruthy(dumpToString);
    const inner = event.get(fieldName) as PyValue;
    if (!(inner instanceof PyDict)) pyItems(inner); // raises AttributeError: '<type>' object has no attribute 'items'
    const dict = inner as PyDict;
    for (let i = 0; i < dict.size; i++) {
      const item = dict.valueAt(i);
      const newValue = item instanceof PyDict && dump ? jsonDumps(item) : item;
      event.set(pyAdd(fieldNameUnderscore, pyLower(dict.keyAt(i))), newValue);
    }
    pyDelItem(event, fieldName);
  } catch {
    // managealooma: `except: return event` (partial writes stay)
  }
  return event;
}

/**
 * managealooma `flatten_json(event, field_or_field_list, levels, keep_original=False, dump_to_string=False)`.
 * In place, per requested field (lower-cased first; absent → skipped): flattens `levels` times. Each pass
 * flattens every prefix once, then adds as prefixes every event key starting with `<prefix>_` (pre-existing
 * siblings included) and drops the prefixes just flattened. Strings met on the way are parsed with json/literal
 * rules, so `"2.4"` becomes `2.4` at level 2. `keep_original` restores the field at the end (dumped to JSON when
 * it was a non-empty dict and `dump_to_string` is set). See transforms-semantics.md for every consequence.
 */
export function flattenJson(
  event: PyDict,
  fieldOrFieldList: PyValue,
  levels: PyValue,
  keepOriginal: PyValue = false,
  dumpToString: PyValue = false,
): PyDict {
  const fields = typeof fieldOrFieldList === 'string' ? [fieldOrFieldList] : pyIterate(fieldOrFieldList);
  for (const requested of fields) {
    const field = pyLower(requested);
    const original = event.get(field);
    if (original === undefined) continue;
    let prefixes: string[] = [field];
    for (let level = 0; pyIntLessThan(level, levels); level++) {
      // Nothing left to flatten: further passes cannot change the event (saves looping to a huge `levels`).
      if (prefixes.length === 0) break;
      const next: string[] = [];
      for (const prefix of prefixes) {
        const underscored = `${prefix.toLowerCase()}_`;
        flattenJson1Level(event, prefix, underscored, dumpToString);
        next.push(underscored);
      }
      // After the last pass the prefixes are never used: collecting them only matters for the AttributeError a
      // non-str key raises in `k.startswith(...)`, so it is skipped when every key is a string.
      if (!pyIntLessThan(level + 1, levels) && event.hasOnlyStringKeys()) break;
      for (const underscored of next) {
        for (let i = 0; i < event.size; i++) {
          const key = event.keyAt(i);
          if (pyStartsWith(key, underscored)) prefixes.push(key as string);
        }
        const flattened = underscored.slice(0, -1);
        prefixes = prefixes.filter((prefix) => prefix !== flattened);
      }
    }
    if (pyTruthy(keepOriginal)) restoreOriginal(event, field, original, pyTruthy(dumpToString));
  }
  return event;
}

function restoreOriginal(event: PyDict, field: string, original: PyValue, dump: boolean): void {
  if (original instanceof PyDict && original.size > 0 && dump) event.set(field, jsonDumps(original));
  else if (dump) event.set(field, original);
  else {
    let restored: PyValue;
    try {
      restored = parseJsonOrLiteral(original);
    } catch {
      restored = original;
    }
    event.set(field, restored);
  }
}
