import { describe, expect, it } from 'vitest';
import { dict, py, raised, repr } from '../testing/py-literals.js';
import { markForDelete } from './mark-for-delete.js';
import { parseListOfJsonAndConcat } from './parse-list-of-json-and-concat.js';

describe('mark_for_delete', () => {
  it('docstring example (other trigger columns survive; old-row columns overwrite)', () => {
    const event = dict(
      '{"id": 1, "table_name": "alooma_test", "primary_key": "123", "old_row_json": "{\\"id\\":6, \\"created_at\\":\\"2019-01-01\\"}", "_metadata": {"event_type": "test"}}',
    );
    expect(repr(markForDelete(event))).toBe(
      "{'id': 6, '_metadata': {'event_type': 'alooma_test', 'table': 'alooma_test'}, 'mark_for_delete': True, 'created_at': '2019-01-01'}",
    );
  });

  it('renames created_at to hard_deleted_at; a re-added created_at comes after it', () => {
    const event = dict(
      '{"created_at": "t0", "table_name": "t", "primary_key": 1, "old_row_json": "{\\"created_at\\": \\"t1\\"}", "_metadata": {}}',
    );
    expect(repr(markForDelete(event))).toBe(
      "{'_metadata': {'event_type': 't', 'table': 't'}, 'mark_for_delete': True, 'hard_deleted_at': 't0', 'created_at': 't1'}",
    );
  });

  it('old-row columns replace _metadata and table_name (then used and deleted)', () => {
    const event = dict(
      '{"table_name": "t", "primary_key": 1, "old_row_json": "{\\"table_name\\": \\"t2\\", \\"_metadata\\": {\\"z\\": 1}}", "_metadata": {"a": 1}}',
    );
    expect(repr(markForDelete(event))).toBe("{'_metadata': {'z': 1, 'table': 't2'}, 'mark_for_delete': True}");
  });

  it('raises in Python order, after the earlier mutations', () => {
    expect(raised(() => markForDelete(dict('{"_metadata": {}}')))).toBe("KeyError: 'table_name'");
    expect(raised(() => markForDelete(dict('{"table_name": "t"}')))).toBe("KeyError: '_metadata'");
    expect(raised(() => markForDelete(dict('{"table_name": "t", "_metadata": {}, "old_row_json": "bad"}')))).toBe(
      'JSONDecodeError: Expecting value: line 1 column 1 (char 0)',
    );
    expect(raised(() => markForDelete(dict('{"table_name": "t", "_metadata": {}, "old_row_json": {"a": 1}}')))).toBe(
      'TypeError: the JSON object must be str, bytes or bytearray, not dict',
    );
    expect(raised(() => markForDelete(dict('{"table_name": "t", "_metadata": {}, "old_row_json": "[1]"}')))).toBe(
      "AttributeError: 'list' object has no attribute 'items'",
    );
    const noKey = dict('{"table_name": "t", "_metadata": {}, "old_row_json": "{}"}');
    expect(raised(() => markForDelete(noKey))).toBe("KeyError: 'primary_key'");
    expect(repr(noKey)).toBe(
      "{'table_name': 't', '_metadata': {'event_type': 't', 'table': 't'}, 'mark_for_delete': True}",
    );
  });
});

describe('parse_list_of_json_and_concat', () => {
  const list =
    '[{"key_to_concat": 123, "key_to_ignore": "abc"}, {"key_to_concat": 456, "key_to_ignore": "def"}, {"key_to_concat": 789, "key_to_ignore": "ghi"}]';

  it('docstring example', () => {
    expect(
      repr(parseListOfJsonAndConcat(dict(`{"list_of_dicts": ${list}}`), 'list_of_dicts', true, 'key_to_concat')),
    ).toBe(`{'list_of_dicts': ${repr(py(list))}, 'list_of_dicts_key_to_concats': [123, 456, 789]}`);
  });

  it('dumps dict values, keeps lists and None, skips elements without the key', () => {
    const event = dict('{"l": [{"k": {"a": 1}}, {"x": 1}, {"k": [1]}, {"k": null}]}');
    expect(repr(parseListOfJsonAndConcat(event, 'l', false, 'k'))).toBe(`{'l_ks': ['{"a": 1}', [1], None]}`);
  });

  it('deletes the original only when keep_original is False (identity: 0 and None keep it)', () => {
    expect(repr(parseListOfJsonAndConcat(dict('{"l": [{"k": 1}]}'), 'l', 0, 'k'))).toBe(
      "{'l': [{'k': 1}], 'l_ks': [1]}",
    );
    expect(repr(parseListOfJsonAndConcat(dict('{"l": [{"k": 1}]}'), 'l', null, 'k'))).toBe(
      "{'l': [{'k': 1}], 'l_ks': [1]}",
    );
    expect(repr(parseListOfJsonAndConcat(dict('{"l": [{"x": 1}]}'), 'l', false, 'k'))).toBe('{}');
  });

  it('needs dicts in the list; an absent field leaves the event alone', () => {
    expect(raised(() => parseListOfJsonAndConcat(dict('{"l": ["{\\"k\\": 1}"]}'), 'l', true, 'k'))).toBe(
      "AttributeError: 'str' object has no attribute 'items'",
    );
    expect(raised(() => parseListOfJsonAndConcat(dict('{"l": null}'), 'l', true, 'k'))).toBe(
      "TypeError: 'NoneType' object is not iterable",
    );
    expect(repr(parseListOfJsonAndConcat(dict('{"a": 1}'), 'l', false, 'k'))).toBe("{'a': 1}");
  });
});
