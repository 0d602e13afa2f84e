import { describe, expect, it } from 'vitest';
import { dict, py, raised, repr } from '../testing/py-literals.js';
import { addColumnBasedOnNull } from './add-column-based-on-null.js';
import { addColumnsWithDefault } from './add-columns-with-default.js';
import { addCompositeKey } from './add-composite-key.js';
import { addDuplicateFields } from './add-duplicate-fields.js';
import { addSuffix } from './add-suffix.js';

describe('add_column_based_on_null', () => {
  it('docstring examples #1 and #2', () => {
    const event = dict('{"do i have digits?": "1234"}');
    expect(repr(addColumnBasedOnNull(event, 'do i have digits?', 'digits', 'N', 'Y'))).toBe(
      "{'do i have digits?': '1234', 'digits': 'Y'}",
    );
    const nullEvent = dict('{"do i have digits?": null}');
    expect(repr(addColumnBasedOnNull(nullEvent, 'do i have digits?', 'digits', 'N', 'Y'))).toBe(
      "{'do i have digits?': None, 'digits': 'N'}",
    );
  });

  it('mutates and returns the same event; an absent field adds nothing', () => {
    const event = dict('{"a": 1}');
    expect(addColumnBasedOnNull(event, 'a', 'b', 'N', 'Y')).toBe(event);
    expect(repr(addColumnBasedOnNull(dict('{"x": 1}'), 'a', 'b', 'N', 'Y'))).toBe("{'x': 1}");
  });

  it('falsy values are not null; new_field may overwrite field in place', () => {
    expect(repr(addColumnBasedOnNull(dict('{"a": 0, "z": 1}'), 'a', 'a', 'N', 'Y'))).toBe("{'a': 'Y', 'z': 1}");
    expect(repr(addColumnBasedOnNull(dict('{"a": "", "b": 5}'), 'a', 'b', 'N', 'Y'))).toBe("{'a': '', 'b': 'Y'}");
  });
});

describe('add_columns_with_default', () => {
  it('docstring examples', () => {
    expect(
      repr(
        addColumnsWithDefault(
          dict('{"an existing column": "some value"}'),
          py('{"new column 1": "my default of 1", "new column two": 2}'),
        ),
      ),
    ).toBe("{'an existing column': 'some value', 'new column 1': 'my default of 1', 'new column two': 2}");
    expect(
      repr(addColumnsWithDefault(dict('{"an existing column": "some value"}'), py('{"mark_for_delete": false}'))),
    ).toBe("{'an existing column': 'some value', 'mark_for_delete': False}");
  });

  it('never touches existing keys, even None or ""', () => {
    expect(repr(addColumnsWithDefault(dict('{"a": null, "b": ""}'), py('{"a": 1, "b": 2, "c": 3}')))).toBe(
      "{'a': None, 'b': '', 'c': 3}",
    );
  });

  it('needs a dict', () => {
    expect(raised(() => addColumnsWithDefault(dict('{}'), py('[1]')))).toBe(
      "AttributeError: 'list' object has no attribute 'items'",
    );
  });
});

describe('add_composite_key', () => {
  it('docstring example', () => {
    const event = dict('{"a_field": 1234, "a_second_field": "2019-01-01", "a_third_field": "abc"}');
    expect(repr(addCompositeKey(event, py('["a_field", "a_second_field", "a_third_field"]'), 'my_derived_key'))).toBe(
      "{'a_field': 1234, 'a_second_field': '2019-01-01', 'a_third_field': 'abc', 'my_derived_key': '1234-2019-01-01-abc'}",
    );
  });

  it("joins Python's str() of each value", () => {
    const event = dict(
      '{"f": 1.0, "z": -0.0, "big": 1e16, "small": 1e-7, "t": true, "d": {"x": 1, "y": "z"}, "l": [1, "two", null], "n": 123456789012345678901234567890}',
    );
    addCompositeKey(event, py('["f", "z", "big", "small", "t", "d", "l", "n"]'), 'k');
    expect(event.get('k')).toBe(
      "1.0--0.0-1e+16-1e-07-True-{'x': 1, 'y': 'z'}-[1, 'two', None]-123456789012345678901234567890",
    );
  });

  it('an empty list gives ""; 0 and "" are fine; key_name overwrites in place', () => {
    expect(repr(addCompositeKey(dict('{"k": 1, "a": 0, "b": ""}'), py('[]'), 'k'))).toBe("{'k': '', 'a': 0, 'b': ''}");
    expect(addCompositeKey(dict('{"a": 0, "b": ""}'), py('["a", "b"]'), 'k').get('k')).toBe('0-');
  });

  it('raises KeyError for an absent field and Exception for a None value', () => {
    expect(raised(() => addCompositeKey(dict('{"a": 1}'), py('["a", "b"]'), 'k'))).toBe("KeyError: 'b'");
    expect(raised(() => addCompositeKey(dict('{"a": 1, "b": null}'), py('["a", "b"]'), 'k'))).toBe(
      'Exception: Missing values in composite key',
    );
  });

  it('iterates a string field_list per character', () => {
    expect(addCompositeKey(dict('{"a": 1, "b": 2}'), 'ab', 'k').get('k')).toBe('1-2');
  });
});

describe('add_duplicate_fields', () => {
  it('docstring examples #1-#3', () => {
    expect(repr(addDuplicateFields(dict('{"a_field": "a_value"}'), 'a_field', 'my_suffix', false))).toBe(
      "{'a_field_my_suffix': 'a_value'}",
    );
    expect(repr(addDuplicateFields(dict('{"a_field": "a_value"}'), 'a_field', 'my_suffix', true))).toBe(
      "{'a_field': 'a_value', 'a_field_my_suffix': 'a_value'}",
    );
    expect(
      repr(addDuplicateFields(dict('{"a_field": "a_value"}'), 'a_field', py('["my_suffix", "my_second_suffix"]'))),
    ).toBe("{'a_field_my_suffix': 'a_value', 'a_field_my_second_suffix': 'a_value'}");
  });

  it('shares the same value object between the copies', () => {
    const event = dict('{"a": {"x": 1}}');
    addDuplicateFields(event, 'a', 'b', true);
    expect(event.get('a_b')).toBe(event.get('a'));
  });

  it('with the default keep_original an absent field raises KeyError', () => {
    expect(raised(() => addDuplicateFields(dict('{"x": 1}'), 'a', 's'))).toBe("KeyError: 'a'");
    expect(repr(addDuplicateFields(dict('{"x": 1}'), 'a', 's', true))).toBe("{'x': 1}");
  });

  it('suffix "" gives field_, an empty suffix list just deletes, a non-str suffix raises', () => {
    expect(repr(addDuplicateFields(dict('{"a": 1}'), 'a', ''))).toBe("{'a_': 1}");
    expect(repr(addDuplicateFields(dict('{"a": 1, "b": 2}'), 'a', py('[]')))).toBe("{'b': 2}");
    expect(raised(() => addDuplicateFields(dict('{"a": 1}'), 'a', 5))).toBe(
      'TypeError: can only concatenate str (not "int") to str',
    );
  });

  it('overwrites an existing target in place; keep_original is a truthiness test', () => {
    expect(repr(addDuplicateFields(dict('{"a_s": 0, "a": 1}'), 'a', 's', 'no'))).toBe("{'a_s': 1, 'a': 1}");
    expect(repr(addDuplicateFields(dict('{"a": 1}'), 'a', 's', 0))).toBe("{'a_s': 1}");
  });
});

describe('add_suffix (the intended rename; managealooma itself raises RuntimeError on Python >= 3.8)', () => {
  it('docstring examples #1-#3', () => {
    expect(repr(addSuffix(dict('{"a_field": "a_value"}'), 'a_field', 'an_ending'))).toBe(
      "{'a_field_an_ending': 'a_value'}",
    );
    expect(repr(addSuffix(dict('{"a_field": "a_value"}'), 'a_field', 'an_ending', '---'))).toBe(
      "{'a_field---an_ending': 'a_value'}",
    );
    expect(
      repr(
        addSuffix(
          dict('{"a_field": "a_value", "another_field": "another_value"}'),
          py('["a_field", "another_field"]'),
          'an_ending',
        ),
      ),
    ).toBe("{'a_field_an_ending': 'a_value', 'another_field_an_ending': 'another_value'}");
  });

  it('moves renamed keys to the end, keeps other keys in place, overwrites an existing target', () => {
    expect(repr(addSuffix(dict('{"a": 1, "b": 2, "c": 3}'), 'a', 'x'))).toBe("{'b': 2, 'c': 3, 'a_x': 1}");
    expect(repr(addSuffix(dict('{"a": 1, "a_x": 2, "c": 3}'), 'a', 'x'))).toBe("{'a_x': 1, 'c': 3}");
  });

  it('does not rename a key created by an earlier rename (a snapshot of the keys is iterated)', () => {
    expect(repr(addSuffix(dict('{"a": 1}'), py('["a", "a_x"]'), 'x'))).toBe("{'a_x': 1}");
  });

  it('leaves the event alone with no match; a non-str suffix with a match raises TypeError', () => {
    expect(repr(addSuffix(dict('{"a": 1}'), 'b', 5))).toBe("{'a': 1}");
    expect(raised(() => addSuffix(dict('{"a": 1}'), 'a', 5))).toBe(
      'TypeError: can only concatenate str (not "int") to str',
    );
  });
});
