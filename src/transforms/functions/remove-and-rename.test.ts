import { describe, expect, it } from 'vitest';
import { dict, py, raised, repr } from '../testing/py-literals.js';
import { removeDuplicateField } from './remove-duplicate-field.js';
import { removeOuterKey } from './remove-outer-key.js';
import { removeStartingCharactersFromKeys } from './remove-starting-characters-from-keys.js';
import { removeWhitespace } from './remove-whitespace.js';
import { renameFields } from './rename-fields.js';

describe('remove_duplicate_field', () => {
  it('docstring example', () => {
    expect(
      repr(removeDuplicateField(dict('{"A_Field": "another_value", "a_field": "a_value "}'), 'a_field', 'A_Field')),
    ).toBe("{'a_field': 'a_value '}");
  });

  it('drops field_to_keep when it is None; falsy values count as present; needs both keys', () => {
    expect(repr(removeDuplicateField(dict('{"k": null, "d": 1}'), 'k', 'd'))).toBe("{'d': 1}");
    expect(repr(removeDuplicateField(dict('{"k": 0, "d": 1}'), 'k', 'd'))).toBe("{'k': 0}");
    expect(repr(removeDuplicateField(dict('{"k": null, "d": null}'), 'k', 'd'))).toBe("{'d': None}");
    expect(repr(removeDuplicateField(dict('{"k": 1}'), 'k', 'd'))).toBe("{'k': 1}");
    expect(repr(removeDuplicateField(dict('{"k": 1, "z": 2}'), 'k', 'k'))).toBe("{'z': 2}");
  });
});

describe('remove_outer_key', () => {
  it('docstring example', () => {
    expect(
      repr(
        removeOuterKey(dict('{"outer_dict": {"a_field": "a_value ", "another_field": "another_value"}}'), 'outer_dict'),
      ),
    ).toBe("{'a_field': 'a_value ', 'another_field': 'another_value'}");
  });

  it('inner keys overwrite outer ones in place, new ones are appended, an inner key_name goes too', () => {
    expect(repr(removeOuterKey(dict('{"a": 1, "o": {"a": 2, "b": 3, "o": 4}, "z": 0}'), 'o'))).toBe(
      "{'a': 2, 'z': 0, 'b': 3}",
    );
    expect(repr(removeOuterKey(dict('{"_metadata": {"x": 1}, "o": {"_metadata": {"y": 2}}}'), 'o'))).toBe(
      "{'_metadata': {'y': 2}}",
    );
  });

  it('leaves strings (even JSON), lists and None alone', () => {
    for (const value of ['"{\\"a\\": 1}"', '[1]', 'null']) {
      expect(repr(removeOuterKey(dict(`{"o": ${value}}`), 'o'))).toBe(repr(dict(`{"o": ${value}}`)));
    }
  });
});

describe('remove_starting_characters_from_keys', () => {
  it('docstring example #1 (the code gives a_field, not the documented field)', () => {
    const event = dict('{"_metadata": {}, "$a_field": "a_value", "$another_field": "another_value"}');
    expect(repr(removeStartingCharactersFromKeys(event, '$'))).toBe(
      "{'_metadata': {}, 'a_field': 'a_value', 'another_field': 'another_value'}",
    );
  });

  it('docstring example #2 (field_with_json, in place)', () => {
    const event = dict(
      '{"_metadata": {}, "a_dict": {"$a_field": "a_value", "$another_field": "another_value"}, "$outer_field": "some value"}',
    );
    expect(removeStartingCharactersFromKeys(event, '$', 'a_dict')).toBe(event);
    expect(repr(event)).toBe(
      "{'_metadata': {}, 'a_dict': {'a_field': 'a_value', 'another_field': 'another_value'}, '$outer_field': 'some value'}",
    );
  });

  it('removes one occurrence only; collisions keep the first position and the last value', () => {
    expect(repr(removeStartingCharactersFromKeys(dict('{"€€x": 1, "$$": 2, "_metadata": {}}'), '€'))).toBe(
      "{'€x': 1, '$$': 2, '_metadata': {}}",
    );
    expect(repr(removeStartingCharactersFromKeys(dict('{"a": 1, "$a": 2, "_metadata": {}}'), '$'))).toBe(
      "{'a': 2, '_metadata': {}}",
    );
    expect(repr(removeStartingCharactersFromKeys(dict('{"$": 1, "_metadata": {}}'), '$'))).toBe(
      "{'': 1, '_metadata': {}}",
    );
  });

  it('prefix _ turns _metadata into metadata and re-adds the deep-copied _metadata', () => {
    const event = dict('{"_metadata": {"a": 1}, "_x": 2}');
    const result = removeStartingCharactersFromKeys(event, '_');
    expect(repr(result)).toBe("{'metadata': {'a': 1}, 'x': 2, '_metadata': {'a': 1}}");
    expect(result.get('_metadata')).not.toBe(event.get('_metadata'));
    expect(result.get('metadata')).toBe(event.get('_metadata'));
  });

  it('requires _metadata without field_with_json, and a dict under field_with_json', () => {
    expect(raised(() => removeStartingCharactersFromKeys(dict('{"$a": 1}'), '$'))).toBe("KeyError: '_metadata'");
    expect(raised(() => removeStartingCharactersFromKeys(dict('{"j": "{}"}'), '$', 'j'))).toBe(
      "AttributeError: 'str' object has no attribute 'items'",
    );
    expect(repr(removeStartingCharactersFromKeys(dict('{"$a": 1}'), '$', 'missing'))).toBe("{'$a': 1}");
  });
});

describe('remove_whitespace', () => {
  it('docstring examples', () => {
    expect(repr(removeWhitespace(dict('{"a_field": "  should not have whitespace at ends    "}'), 'a_field'))).toBe(
      "{'a_field': 'should not have whitespace at ends'}",
    );
    const two = dict('{"a_field": "  x  ", "another_field": "  also  y  "}');
    expect(repr(removeWhitespace(two, py('["a_field", "another_field"]')))).toBe(
      "{'a_field': 'x', 'another_field': 'also  y'}",
    );
  });

  it("strips Python's whitespace set and leaves non-strings alone", () => {
    expect(removeWhitespace(dict('{"a": "\\u001c\\u0085x\\u3000"}'), 'a').get('a')).toBe('x');
    expect(removeWhitespace(dict('{"a": "\\ufeffx\\ufeff"}'), 'a').get('a')).toBe('\ufeffx\ufeff');
    expect(repr(removeWhitespace(dict('{"a": [" x "], "b": 5}'), py('["a", "b", "c"]')))).toBe(
      "{'a': [' x '], 'b': 5}",
    );
  });
});

describe('rename_fields', () => {
  it('docstring example', () => {
    const event = dict('{"a_field": "a_value", "another_field": "another_value", "no_change": "same"}');
    expect(repr(renameFields(event, py('{"a_field": "field_one", "another_field": "field_two"}')))).toBe(
      "{'field_one': 'a_value', 'field_two': 'another_value', 'no_change': 'same'}",
    );
  });

  it('a later original key silently overwrites an earlier rename; the other order raises', () => {
    expect(repr(renameFields(dict('{"a": 1, "b": 2}'), py('{"a": "b"}')))).toBe("{'b': 2}");
    expect(raised(() => renameFields(dict('{"b": 2, "a": 1}'), py('{"a": "b"}')))).toBe(
      'Exception: Key b already in event',
    );
  });

  it('swaps work; non-str new names are allowed', () => {
    expect(repr(renameFields(dict('{"a": 1, "b": 2}'), py('{"a": "b", "b": "a"}')))).toBe("{'b': 1, 'a': 2}");
    expect(repr(renameFields(dict('{"a": 1}'), py('{"a": 5}')))).toBe('{5: 1}');
  });

  it('re-adds _metadata as a deep copy: renaming it away leaves both keys', () => {
    const event = dict('{"_metadata": {"x": 1}, "a": 1}');
    const result = renameFields(event, py('{"_metadata": "meta"}'));
    expect(repr(result)).toBe("{'meta': {'x': 1}, 'a': 1, '_metadata': {'x': 1}}");
    expect(result.get('_metadata')).not.toBe(event.get('_metadata'));
    expect(raised(() => renameFields(dict('{"_metadata": {}, "a": 1}'), py('{"a": "_metadata"}')))).toBe(
      'Exception: Key _metadata already in event',
    );
    expect(repr(renameFields(dict('{"a": 1, "_metadata": {}}'), py('{"a": "_metadata"}')))).toBe("{'_metadata': {}}");
  });
});
