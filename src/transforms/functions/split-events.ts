import { pyDeepCopy } from '../py/py-deepcopy.js';
import { PyDict } from '../py/py-dict.js';
import { pyException } from '../py/py-errors.js';
import {
  pyAdd,
  pyContains,
  pyDropLast,
  pyGetItem,
  pyIterate,
  pyLen,
  pyReversed,
  pySetItem,
  pySplitFirst,
  pyTruthy,
} from '../py/py-ops.js';
import type { PyValue } from '../py/py-value.js';
import { convertStringToSnakeCase } from './string-case.js';

/** The guard both split functions share: an event Alooma already split (`@parent_uuid` non-empty) is kept whole. */
function alreadySplit(event: PyDict): boolean {
  const metadata = pyGetItem(event, '_metadata');
  return pyContains(metadata, '@parent_uuid') && pyLen(pyGetItem(metadata, '@parent_uuid')) > 0;
}

/**
 * managealooma `split_event_to_multiple_events(event, table_name_list)`. Returns the event itself when
 * `_metadata['@parent_uuid']` is non-empty; else one new event per table name: the same keys and values
 * (shared), `_metadata` deep-copied with `event_type = <schema>.<table_name>` (schema = text before the first
 * dot). An event type without a dot raises
 * `Exception: Only fully qualified events can be split. Event type must be schema_name.table_name`.
 * No uuids are created: Alooma assigns `@uuid`/`@parent_uuid` after the Code Engine returns.
 */
export function splitEventToMultipleEvents(event: PyDict, tableNameList: PyValue): PyDict | PyDict[] {
  if (alreadySplit(event)) return event;
  if (!pyContains(pyGetItem(pyGetItem(event, '_metadata'), 'event_type'), '.')) {
    throw pyException('Only fully qualified events can be split. Event type must be schema_name.table_name');
  }
  const events: PyDict[] = [];
  for (const tableName of pyIterate(tableNameList)) {
    const copy = event.copy();
    copy.set('_metadata', pyDeepCopy(pyGetItem(event, '_metadata')));
    const schema = pySplitFirst(pyGetItem(pyGetItem(event, '_metadata'), 'event_type'), '.');
    pySetItem(pyGetItem(copy, '_metadata'), 'event_type', pyAdd(`${schema}.`, tableName));
    events.push(copy);
  }
  return events;
}

/**
 * `None if i + 1 > len(v) else v[i]`: the length is checked before the item is read, so a value without a len()
 * (None, int, float, bool) raises `TypeError: object of type 'NoneType' has no len()`, and a short or empty
 * str/list/tuple/dict gives None. A dict long enough is indexed by key (`{}` → None, `{'a': 1}` → `KeyError: 0`).
 */
function itemOrNone(value: PyValue, index: number): PyValue {
  return index + 1 > pyLen(value) ? null : pyGetItem(value, index);
}

/**
 * managealooma `split_field_list_to_multiple_events(event, fields_to_split, add_counter, counter_name,
 * reverse=False)`. Returns the event itself when `_metadata['@parent_uuid']` is non-empty; else one new event per
 * item of the first listed field: each listed field becomes `snake_case(name[:-1])` holding its i-th item
 * (None when `i + 1 > len(value)`; reversed first with `reverse`), every other key is snake_cased, `_metadata`
 * is deep-copied and appended, and a truthy `add_counter` adds `counter_name = i + 1`.
 */
export function splitFieldListToMultipleEvents(
  event: PyDict,
  fieldsToSplit: PyValue,
  addCounter: PyValue,
  counterName: PyValue,
  reverse: PyValue = false,
): PyDict | PyDict[] {
  if (alreadySplit(event)) return event;
  const count = pyLen(pyGetItem(event, pyGetItem(fieldsToSplit, 0)));
  const events: PyDict[] = [];
  for (let i = 0; i < count; i++) {
    const row = new PyDict();
    for (const [key, value] of event) {
      if (pyContains(fieldsToSplit, key)) {
        const items = pyTruthy(reverse) ? pyReversed(value) : value;
        // Python evaluates the assigned value before the target key: a len() error wins over a bad key.
        const item = itemOrNone(items, i);
        row.set(convertStringToSnakeCase(pyDropLast(key)), item);
      } else if (key !== '_metadata') row.set(convertStringToSnakeCase(key), value);
    }
    row.set('_metadata', pyDeepCopy(pyGetItem(event, '_metadata')));
    if (pyTruthy(addCounter)) row.set(counterName, i + 1);
    events.push(row);
  }
  return events;
}
