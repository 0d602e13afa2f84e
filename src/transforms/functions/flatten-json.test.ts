import { describe, expect, it } from 'vitest';
import { dict, py, raised, repr } from '../testing/py-literals.js';
import { flattenJson, flattenJson1Level } from './flatten-json.js';

const SECOND = '{"field_one": {"one more": 1.1, "one more again": 1.2}, "field_two": 2}';

describe('flatten_json', () => {
  it('docstring example #1', () => {
    expect(repr(flattenJson(dict('{"a_dict": {"field_one": 1, "field_two": 2}}'), 'a_dict', 1))).toBe(
      "{'a_dict_field_one': 1, 'a_dict_field_two': 2}",
    );
  });

  it('docstring examples #2 (one level) and #3 (two levels)', () => {
    const event = () => dict(`{"a_dict": {"field_one": 1, "field_two": 2}, "a_second_dict": ${SECOND}}`);
    expect(repr(flattenJson(event(), py('["a_dict", "a_second_dict"]'), 1))).toBe(
      "{'a_dict_field_one': 1, 'a_dict_field_two': 2, 'a_second_dict_field_one': {'one more': 1.1, 'one more again': 1.2}, 'a_second_dict_field_two': 2}",
    );
    expect(repr(flattenJson(event(), py('["a_dict", "a_second_dict"]'), 2))).toBe(
      "{'a_dict_field_one': 1, 'a_dict_field_two': 2, 'a_second_dict_field_two': 2, 'a_second_dict_field_one_one more': 1.1, 'a_second_dict_field_one_one more again': 1.2}",
    );
  });

  it('getting-started: dump_to_string turns the remaining nested dicts into JSON text', () => {
    const event = dict(
      '{"id": 1, "a_dictionary": {"one": "Some Stuff", "three": {"Another dict": {"Inside Three": 3.3}}}}',
    );
    expect(repr(flattenJson(event, 'a_dictionary', 1, false, true))).toBe(
      `{'id': 1, 'a_dictionary_one': 'Some Stuff', 'a_dictionary_three': '{"Another dict": {"Inside Three": 3.3}}'}`,
    );
  });

  it('lower-cases the requested name and nested keys; an event key with capitals is never found', () => {
    expect(repr(flattenJson(dict('{"batters": {"Batter": {"Id": 1}}}'), 'Batters', 2))).toBe(
      "{'batters_batter_id': 1}",
    );
    expect(repr(flattenJson(dict('{"Batters": {"a": 1}}'), 'Batters', 1))).toBe("{'Batters': {'a': 1}}");
  });

  it('parses strings at every level they are visited (json.loads, then ast.literal_eval)', () => {
    const event = dict(
      `{"f": {"a": "2.4", "b": "null", "c": "True", "d": "'single'", "e": " 5", "g": "[1, 2]", "h": "NaN", "i": "{'x': 1}", "j": "plain"}}`,
    );
    expect(repr(flattenJson(event, 'f', 2))).toBe(
      "{'f_a': 2.4, 'f_b': None, 'f_c': True, 'f_d': 'single', 'f_e': 5, 'f_g': [1, 2], 'f_h': nan, 'f_j': 'plain', 'f_i_x': 1}",
    );
  });

  it('parses a JSON string field at level 1 and replaces it even when it cannot be flattened', () => {
    expect(repr(flattenJson(dict('{"f": "{\\"a\\": {\\"b\\": 1}}"}'), 'f', 1))).toBe("{'f_a': {'b': 1}}");
    expect(repr(flattenJson(dict('{"f": "[1, 2]", "z": 0}'), 'f', 1))).toBe("{'f': [1, 2], 'z': 0}");
  });

  it('drops empty dicts at the pass that flattens them; with dump_to_string {} first becomes "{}"', () => {
    expect(repr(flattenJson(dict('{"f": {"a": {}, "b": 1}}'), 'f', 2))).toBe("{'f_b': 1}");
    expect(repr(flattenJson(dict('{"f": {"a": {}, "b": 1}}'), 'f', 1, false, true))).toBe("{'f_a': '{}', 'f_b': 1}");
    expect(repr(flattenJson(dict('{"f": {"a": {}, "b": 1}}'), 'f', 2, false, true))).toBe("{'f_b': 1}");
  });

  it('keep_original restores the field at the end (dumped when it was a non-empty dict and dump_to_string)', () => {
    expect(repr(flattenJson(dict('{"f": {"a": 1}, "z": 0}'), 'f', 1, true))).toBe("{'z': 0, 'f_a': 1, 'f': {'a': 1}}");
    expect(repr(flattenJson(dict('{"f": {"a": 1}, "z": 0}'), 'f', 1, true, true))).toBe(
      `{'z': 0, 'f_a': 1, 'f': '{"a": 1}'}`,
    );
    expect(repr(flattenJson(dict('{"f": "{\\"a\\":1}"}'), 'f', 1, true, true))).toBe(`{'f_a': 1, 'f': '{"a":1}'}`);
    expect(repr(flattenJson(dict('{"f": "{\\"a\\":1}"}'), 'f', 1, true))).toBe("{'f_a': 1, 'f': {'a': 1}}");
  });

  it('pre-existing siblings sharing the prefix are flattened at the next level; collisions overwrite in place', () => {
    expect(repr(flattenJson(dict('{"f_x": {"y": 1}, "f": {"a": 2}}'), 'f', 2))).toBe("{'f_a': 2, 'f_x_y': 1}");
    expect(repr(flattenJson(dict('{"f_a": 0, "f": {"a": 2}}'), 'f', 1))).toBe("{'f_a': 2}");
  });

  it('a Python-literal dict with a non-str key flattens partially then stops', () => {
    expect(repr(flattenJson(dict(`{"f": "{'b': 1, 2: 'x'}"}`), 'f', 1))).toBe("{'f': {'b': 1, 2: 'x'}, 'f_b': 1}");
  });

  it('levels <= 0 does nothing; a float level runs while level < levels', () => {
    expect(repr(flattenJson(dict('{"f": {"a": {"b": 1}}}'), 'f', 0))).toBe("{'f': {'a': {'b': 1}}}");
    expect(repr(flattenJson(dict('{"f": {"a": {"b": 1}}}'), 'f', py('1.5')))).toBe("{'f_a_b': 1}");
  });

  it('raises like Python on bad arguments', () => {
    expect(raised(() => flattenJson(dict('{"f": {}}'), 'f', 'x'))).toBe(
      "TypeError: '<' not supported between instances of 'int' and 'str'",
    );
    expect(raised(() => flattenJson(dict('{"f": {}}'), 5, 1))).toBe("TypeError: 'int' object is not iterable");
    expect(raised(() => flattenJson(dict('{"f": {}}'), py('[5]'), 1))).toBe(
      "AttributeError: 'int' object has no attribute 'lower'",
    );
  });

  it('an absent field is skipped without evaluating levels', () => {
    expect(repr(flattenJson(dict('{"a": 1}'), 'f', 'x'))).toBe("{'a': 1}");
  });
});

describe('flatten_json_1_level', () => {
  it('docstring example: the input is not a valid literal, so the event comes back unchanged', () => {
    expect(
      repr(flattenJson1Level(dict('{"my_field": "{\\"a\\": None, \\"b\\"}"}'), 'my_field', 'my_field_', true)),
    ).toBe(`{'my_field': '{"a": None, "b"}'}`);
  });

  it('falls back to ast.literal_eval for Python-literal text', () => {
    expect(repr(flattenJson1Level(dict('{"f": "{\\"a\\": None, \\"b\\": 2}"}'), 'f', 'f_', true))).toBe(
      "{'f_a': None, 'f_b': 2}",
    );
  });

  it('uses field_name_underscore verbatim and leaves None/numbers unchanged', () => {
    expect(repr(flattenJson1Level(dict('{"X": {"A": 1}}'), 'X', 'X__', false))).toBe("{'X__a': 1}");
    expect(repr(flattenJson1Level(dict('{"f": null}'), 'f', 'f_', false))).toBe("{'f': None}");
    expect(repr(flattenJson1Level(dict('{"f": "3"}'), 'f', 'f_', false))).toBe("{'f': 3}");
  });

  it('raises KeyError only for an absent field', () => {
    expect(raised(() => flattenJson1Level(dict('{}'), 'f', 'f_', false))).toBe("KeyError: 'f'");
  });
});
