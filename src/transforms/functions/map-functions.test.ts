import { describe, expect, it } from 'vitest';
import { PyDict } from '../py/py-dict.js';
import { PyFloat } from '../py/py-value.js';
import { dict, py, raised, repr } from '../testing/py-literals.js';
import { mapKeyInDictionaryToValue } from './map-key-in-dictionary-to-value.js';
import { mapValueInListToDictionaryKey } from './map-value-in-list-to-dictionary-key.js';

const META = '"_metadata": {"event_type": "MY_SCHEMA.MY_TABLE"}';
/** managealooma's examples use int keys, which JSON cannot express; build them directly. */
const intMapping = () =>
  PyDict.fromEntries([
    [1, 'one'],
    [2, 'two'],
  ]);

describe('map_key_in_dictionary_to_value', () => {
  it('docstring examples #1-#3', () => {
    expect(
      repr(
        mapKeyInDictionaryToValue(dict(`{"a_field": 1, ${META}}`), intMapping(), 'a_field', 'a_mapped_field', false),
      ),
    ).toBe("{'a_field': 1, '_metadata': {'event_type': 'MY_SCHEMA.MY_TABLE'}, 'a_mapped_field': 'one'}");
    expect(
      raised(() => mapKeyInDictionaryToValue(dict(`{"a_field": 3, ${META}}`), intMapping(), 'a_field', 'x', false)),
    ).toBe('Exception: Missing enum transform MY_SCHEMA.MY_TABLE a_field');
    expect(
      repr(mapKeyInDictionaryToValue(dict(`{"a_field": null, ${META}}`), intMapping(), 'a_field', 'm', true)),
    ).toBe("{'a_field': None, '_metadata': {'event_type': 'MY_SCHEMA.MY_TABLE'}, 'm': None}");
  });

  it('looks keys up by hash: True and 2.0 find 1 and 2', () => {
    expect(mapKeyInDictionaryToValue(dict(`{"a": true, ${META}}`), intMapping(), 'a', 'm', false).get('m')).toBe('one');
    const event = dict(`{${META}}`);
    event.set('a', new PyFloat(2));
    expect(mapKeyInDictionaryToValue(event, intMapping(), 'a', 'm', false).get('m')).toBe('two');
  });

  it('a JSON mapping has string keys only: an int value never matches "1"', () => {
    expect(
      raised(() => mapKeyInDictionaryToValue(dict(`{"a": 1, ${META}}`), py('{"1": "one"}'), 'a', 'm', false)),
    ).toBe('Exception: Missing enum transform MY_SCHEMA.MY_TABLE a');
    expect(mapKeyInDictionaryToValue(dict(`{"a": "1", ${META}}`), py('{"1": "one"}'), 'a', 'm', false).get('m')).toBe(
      'one',
    );
  });

  it('with allow_nulls an absent column maps to None; without it the column is read (KeyError)', () => {
    expect(repr(mapKeyInDictionaryToValue(dict(`{${META}}`), intMapping(), 'a', 'm', true))).toBe(
      "{'_metadata': {'event_type': 'MY_SCHEMA.MY_TABLE'}, 'm': None}",
    );
    expect(raised(() => mapKeyInDictionaryToValue(dict(`{${META}}`), intMapping(), 'a', 'm', false))).toBe(
      "KeyError: 'a'",
    );
  });

  it('needs _metadata.event_type as a str, and hashable values', () => {
    expect(raised(() => mapKeyInDictionaryToValue(dict('{"a": 1}'), intMapping(), 'a', 'm', true))).toBe(
      "KeyError: '_metadata'",
    );
    expect(raised(() => mapKeyInDictionaryToValue(dict('{"_metadata": {}}'), intMapping(), 'a', 'm', true))).toBe(
      "KeyError: 'event_type'",
    );
    expect(
      raised(() =>
        mapKeyInDictionaryToValue(dict('{"_metadata": {"event_type": null}}'), intMapping(), 'a', 'm', true),
      ),
    ).toBe('TypeError: can only concatenate str (not "NoneType") to str');
    expect(raised(() => mapKeyInDictionaryToValue(dict(`{"a": [1], ${META}}`), intMapping(), 'a', 'm', true))).toBe(
      "TypeError: unhashable type: 'list'",
    );
  });
});

describe('map_value_in_list_to_dictionary_key', () => {
  const ranges = () => py('{"1-3": [1, 2, 3], "4-6": [4, 5, 6]}');

  it('docstring examples #1 and #2', () => {
    expect(
      repr(
        mapValueInListToDictionaryKey(
          dict(`{${META}, "a_field": 1}`),
          ranges(),
          'a_field',
          'a_mapped_field',
          false,
          false,
        ),
      ),
    ).toBe("{'_metadata': {'event_type': 'MY_SCHEMA.MY_TABLE'}, 'a_field': 1, 'a_mapped_field': '1-3'}");
    expect(
      raised(() =>
        mapValueInListToDictionaryKey(dict(`{${META}, "a_field": 7}`), ranges(), 'a_field', 'm', false, false),
      ),
    ).toBe('Exception: Missing map_list transform MY_SCHEMA.MY_TABLE a_field');
  });

  it('getting-started: passthrough keeps an unmapped value', () => {
    const mapping = py('{"one_to_three": [1, 2, 3], "four_to_six": [4, 5, 6]}');
    expect(mapValueInListToDictionaryKey(dict(`{${META}, "a": 6}`), mapping, 'a', 'c', true, true).get('c')).toBe(
      'four_to_six',
    );
    expect(mapValueInListToDictionaryKey(dict(`{${META}, "a": 9}`), mapping, 'a', 'c', true, true).get('c')).toBe(9);
    expect(
      mapValueInListToDictionaryKey(dict(`{${META}, "a": 9}`), mapping, 'a', 'c', true, false).get('c'),
    ).toBeNull();
  });

  it('the last matching key wins; `in` follows the type of each mapping value', () => {
    const mapping = py('{"list": ["cake"], "text": "cupcake,croissant", "keys": {"cake": 1}, "none": []}');
    expect(
      mapValueInListToDictionaryKey(dict(`{${META}, "a": "cake"}`), mapping, 'a', 'c', false, false).get('c'),
    ).toBe('keys');
    expect(
      mapValueInListToDictionaryKey(dict(`{${META}, "a": 1.0}`), py('{"x": [true]}'), 'a', 'c', false, false).get('c'),
    ).toBe('x');
    expect(
      raised(() =>
        mapValueInListToDictionaryKey(dict(`{${META}, "a": 1}`), py('{"t": "abc"}'), 'a', 'c', false, false),
      ),
    ).toBe("TypeError: 'in <string>' requires string as left operand, not int");
  });

  it('sets new_column to None first (kept when it then raises), overwriting any value', () => {
    const event = dict(`{${META}, "a": 7, "c": "old"}`);
    expect(raised(() => mapValueInListToDictionaryKey(event, ranges(), 'a', 'c', false, false))).toContain(
      'Missing map_list',
    );
    expect(event.get('c')).toBeNull();
  });

  it('a matched key "" counts as a match; an absent column raises KeyError', () => {
    expect(
      mapValueInListToDictionaryKey(dict(`{${META}, "a": 1}`), py('{"": [1]}'), 'a', 'c', false, false).get('c'),
    ).toBe('');
    expect(raised(() => mapValueInListToDictionaryKey(dict(`{${META}}`), ranges(), 'a', 'c', true, true))).toBe(
      "KeyError: 'a'",
    );
  });
});
