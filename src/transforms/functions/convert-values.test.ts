import { describe, expect, it } from 'vitest';
import { dict, py, raised, repr } from '../testing/py-literals.js';
import { convertDictionaryFieldsToString } from './convert-dictionary-fields-to-string.js';
import { convertEmptyValueToNone } from './convert-empty-value-to-none.js';
import { convertEventTypeCase } from './convert-event-type-case.js';
import { convertNullToZero } from './convert-null-to-zero.js';
import { convertValuesToNone } from './convert-values-to-none.js';

describe('convert_dictionary_fields_to_string', () => {
  it('docstring examples', () => {
    expect(repr(convertDictionaryFieldsToString(dict('{"a_dict": {"field_one": 1, "field_two": 2}}'), 'a_dict'))).toBe(
      `{'a_dict': '{"field_one": 1, "field_two": 2}'}`,
    );
    const two = dict('{"a_dict": {"field_one": 1, "field_two": 2}, "a_second_dict": {"field_one": 1, "field_two": 2}}');
    expect(repr(convertDictionaryFieldsToString(two, py('["a_dict", "a_second_dict"]')))).toBe(
      `{'a_dict': '{"field_one": 1, "field_two": 2}', 'a_second_dict': '{"field_one": 1, "field_two": 2}'}`,
    );
  });

  it('dumps any non-None type with json.dumps defaults', () => {
    const event = dict(
      '{"s": "abc", "i": 5, "b": true, "f": 1.0, "big": 1e16, "e": {}, "l": [], "u": "é", "n": null, "nan": NaN}',
    );
    convertDictionaryFieldsToString(event, py('["s", "i", "b", "f", "big", "e", "l", "u", "n", "nan", "missing"]'));
    expect(repr(event)).toBe(
      `{'s': '"abc"', 'i': '5', 'b': 'true', 'f': '1.0', 'big': '1e+16', 'e': '{}', 'l': '[]', 'u': '"\\\\u00e9"', 'n': None, 'nan': 'NaN'}`,
    );
  });

  it('dumps twice when a field is listed twice', () => {
    expect(convertDictionaryFieldsToString(dict('{"a": "x"}'), py('["a", "a"]')).get('a')).toBe('"\\"x\\""');
  });
});

describe('convert_null_to_zero', () => {
  it('docstring example #1', () => {
    expect(repr(convertNullToZero(dict('{"a_field": null}'), 'a_field'))).toBe("{'a_field': 0}");
  });

  it('only None becomes 0 (an int), other falsy values stay', () => {
    expect(repr(convertNullToZero(dict('{"a": null, "b": "", "c": false}'), py('["a", "b", "c", "d"]')))).toBe(
      "{'a': 0, 'b': '', 'c': False}",
    );
  });

  it('iterates a dict argument by key; an int is not iterable', () => {
    expect(repr(convertNullToZero(dict('{"a": null}'), py('{"a": 1}')))).toBe("{'a': 0}");
    expect(raised(() => convertNullToZero(dict('{"a": null}'), 5))).toBe("TypeError: 'int' object is not iterable");
  });
});

describe('convert_values_to_none', () => {
  it('docstring examples #1-#4 (with the keyword managealooma actually has)', () => {
    expect(repr(convertValuesToNone(dict('{"a_field": "a_value"}'), 'a_field'))).toBe("{'a_field': None}");
    const event = '{"a_field": "a_value", "another_field": "another_value"}';
    expect(repr(convertValuesToNone(dict(event), py('["a_field", "another_field"]')))).toBe(
      "{'a_field': None, 'another_field': None}",
    );
    expect(repr(convertValuesToNone(dict(event), py('["a_field", "another_field"]'), 'a_value'))).toBe(
      "{'a_field': None, 'another_field': 'another_value'}",
    );
    expect(
      repr(convertValuesToNone(dict(event), py('["a_field", "another_field"]'), py('["a_value", "another_value"]'))),
    ).toBe("{'a_field': None, 'another_field': None}");
  });

  it('matches with Python ==: [1, 0] also nulls True, False and 1.0; "1" is not 1', () => {
    const event = dict('{"a": true, "b": false, "c": 1.0, "d": "1", "e": 2}');
    expect(repr(convertValuesToNone(event, py('["a", "b", "c", "d", "e"]'), py('[1, 0]')))).toBe(
      "{'a': None, 'b': None, 'c': None, 'd': '1', 'e': 2}",
    );
  });

  it('compares lists and dicts deeply; an empty value list nulls nothing', () => {
    const event = dict('{"l": [1, 2], "d": {"x": 1}}');
    expect(repr(convertValuesToNone(event, py('["l", "d"]'), py('[[1.0, 2], {"x": true}]')))).toBe(
      "{'l': None, 'd': None}",
    );
    expect(repr(convertValuesToNone(dict('{"a": 1}'), 'a', py('[]')))).toBe("{'a': 1}");
  });
});

describe('convert_empty_value_to_none', () => {
  it('docstring examples', () => {
    expect(repr(convertEmptyValueToNone(dict('{"a_field": " "}'), 'a_field'))).toBe("{'a_field': None}");
    expect(repr(convertEmptyValueToNone(dict('{"a_field": "{}"}'), 'a_field'))).toBe("{'a_field': None}");
    expect(repr(convertEmptyValueToNone(dict('{"a_field": {}}'), 'a_field'))).toBe("{'a_field': None}");
  });

  it.each([
    '0',
    '0.0',
    'false',
    '""',
    '[]',
    '{}',
    '"[]"',
    '"\\u001c\\u001d\\u001e\\u001f"',
    '"\\u0085"',
    '"\\u00a0"',
    '"\\u2028\\u2029"',
    '"\\u3000\\u2003"',
  ])('nulls %s', (value) => {
    expect(convertEmptyValueToNone(dict(`{"a": ${value}}`), 'a').get('a')).toBeNull();
  });

  it.each([
    '"{ }"',
    '" {} "',
    '"[] "',
    '"0"',
    '"null"',
    '[null]',
    '{"a": null}',
    '[[]]',
    '"\\ufeff"',
    '"\\u200b"',
    'NaN',
  ])('keeps %s', (value) => {
    expect(convertEmptyValueToNone(dict(`{"a": ${value}}`), 'a').get('a')).not.toBeNull();
  });

  it('leaves an absent key absent', () => {
    expect(repr(convertEmptyValueToNone(dict('{"b": ""}'), 'a'))).toBe("{'b': ''}");
  });
});

describe('convert_event_type_case', () => {
  it('docstring examples', () => {
    expect(repr(convertEventTypeCase(dict('{"_metadata": {"event_type": "My_SCHEMA.my_table"}}')))).toBe(
      "{'_metadata': {'event_type': 'my_schema.my_table'}}",
    );
    expect(repr(convertEventTypeCase(dict('{"_metadata": {"event_type": "My_SCHEMA.my_table"}}'), true))).toBe(
      "{'_metadata': {'event_type': 'MY_SCHEMA.MY_TABLE'}}",
    );
  });

  it('uses full Unicode case mappings and a truthiness flag', () => {
    expect(repr(convertEventTypeCase(dict('{"_metadata": {"event_type": "straße.größe"}}'), 'no'))).toBe(
      "{'_metadata': {'event_type': 'STRASSE.GRÖSSE'}}",
    );
    expect(repr(convertEventTypeCase(dict('{"_metadata": {"event_type": "İSTANBUL"}}'), 0))).toBe(
      "{'_metadata': {'event_type': 'i̇stanbul'}}",
    );
    expect(repr(convertEventTypeCase(dict('{"_metadata": {"event_type": "ǅ ﬁ"}}'), true))).toBe(
      "{'_metadata': {'event_type': 'Ǆ FI'}}",
    );
  });

  it('handles a list of events in place, raising on the first without _metadata after converting earlier ones', () => {
    const events = [dict('{"_metadata": {"event_type": "A.B"}}'), dict('{"x": 1}')];
    expect(raised(() => convertEventTypeCase(events))).toBe("KeyError: '_metadata'");
    expect(repr(events)).toBe("[{'_metadata': {'event_type': 'a.b'}}, {'x': 1}]");
  });

  it('skips a missing event_type; a non-str one raises AttributeError', () => {
    expect(repr(convertEventTypeCase(dict('{"_metadata": {}}')))).toBe("{'_metadata': {}}");
    expect(raised(() => convertEventTypeCase(dict('{"_metadata": {"event_type": null}}')))).toBe(
      "AttributeError: 'NoneType' object has no attribute 'lower'",
    );
    expect(raised(() => convertEventTypeCase(dict('{"_metadata": {"event_type": 5}}'), true))).toBe(
      "AttributeError: 'int' object has no attribute 'upper'",
    );
  });
});
