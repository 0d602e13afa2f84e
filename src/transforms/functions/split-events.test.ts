import { describe, expect, it } from 'vitest';
import { literalEval, type PyDict, splitEventToMultipleEvents, splitFieldListToMultipleEvents } from '../index.js';
import { dict, py, raised, repr } from '../testing/py-literals.js';

describe('split_event_to_multiple_events', () => {
  it('docstring example #1, without the uuids Alooma would add', () => {
    const event = dict('{"_metadata": {"@uuid": "123-abc", "event_type": "my_schema.my_table"}, "a_field": "a_value"}');
    const result = splitEventToMultipleEvents(event, py('["table_one", "table_two"]'));
    expect(repr(result)).toBe(
      "[{'_metadata': {'@uuid': '123-abc', 'event_type': 'my_schema.table_one'}, 'a_field': 'a_value'}, " +
        "{'_metadata': {'@uuid': '123-abc', 'event_type': 'my_schema.table_two'}, 'a_field': 'a_value'}]",
    );
    expect(repr(event)).toBe(
      "{'_metadata': {'@uuid': '123-abc', 'event_type': 'my_schema.my_table'}, 'a_field': 'a_value'}",
    );
  });

  it('docstring example #2: an event with a non-empty @parent_uuid is returned itself', () => {
    const event = dict(
      '{"_metadata": {"@parent_uuid": "123-abc", "@uuid": "456-def", "event_type": "my_schema.table_one"}}',
    );
    expect(splitEventToMultipleEvents(event, py('["table_one", "table_two"]'))).toBe(event);
  });

  it('an empty @parent_uuid splits; None raises', () => {
    const event = dict('{"_metadata": {"@parent_uuid": "", "event_type": "s.t"}}');
    expect((splitEventToMultipleEvents(event, py('["x"]')) as PyDict[]).length).toBe(1);
    expect(raised(() => splitEventToMultipleEvents(dict('{"_metadata": {"@parent_uuid": null}}'), py('["x"]')))).toBe(
      "TypeError: object of type 'NoneType' has no len()",
    );
  });

  it('shares values, deep-copies _metadata in its position, keeps the text before the first dot', () => {
    const event = dict('{"v": [1], "_metadata": {"event_type": "a.b.c"}, "z": 0}');
    const [first] = splitEventToMultipleEvents(event, py('["t"]')) as PyDict[];
    expect(repr(first as PyDict)).toBe("{'v': [1], '_metadata': {'event_type': 'a.t'}, 'z': 0}");
    expect((first as PyDict).get('v')).toBe(event.get('v'));
    expect(repr(splitEventToMultipleEvents(event, py('[]')))).toBe('[]');
  });

  it('refuses an event type without a dot, and non-str table names', () => {
    expect(
      raised(() => splitEventToMultipleEvents(dict('{"_metadata": {"event_type": "noschema"}}'), py('["t"]'))),
    ).toBe('Exception: Only fully qualified events can be split. Event type must be schema_name.table_name');
    expect(raised(() => splitEventToMultipleEvents(dict('{"_metadata": {"event_type": "s.t"}}'), py('[5]')))).toBe(
      'TypeError: can only concatenate str (not "int") to str',
    );
    expect(raised(() => splitEventToMultipleEvents(dict('{"a": 1}'), py('["t"]')))).toBe("KeyError: '_metadata'");
  });
});

describe('split_field_list_to_multiple_events', () => {
  it('docstring example, with _metadata copied verbatim (no uuids) and appended last', () => {
    const event = dict('{"id": 1, "names": ["first", "second"], "_metadata": {"uuid": "1a"}}');
    expect(repr(splitFieldListToMultipleEvents(event, py('["names"]'), true, 'counter'))).toBe(
      "[{'id': 1, 'name': 'first', '_metadata': {'uuid': '1a'}, 'counter': 1}, " +
        "{'id': 1, 'name': 'second', '_metadata': {'uuid': '1a'}, 'counter': 2}]",
    );
  });

  it('the first listed field sets the count: others are truncated or padded with None', () => {
    const event = dict('{"names": ["a", "b"], "tags": ["x"], "_metadata": {}}');
    expect(repr(splitFieldListToMultipleEvents(event, py('["names", "tags"]'), false, 'c'))).toBe(
      "[{'name': 'a', 'tag': 'x', '_metadata': {}}, {'name': 'b', 'tag': None, '_metadata': {}}]",
    );
  });

  it('reverse reverses the lists, not the counter; other keys are snake_cased; names drop their last character', () => {
    const event = dict('{"orderId": 7, "boxes": [1, 2], "Tags": "ab", "_metadata": {}}');
    expect(repr(splitFieldListToMultipleEvents(event, py('["boxes", "Tags"]'), 1, 'n', true))).toBe(
      "[{'order_id': 7, 'boxe': 2, 'tag': 'b', '_metadata': {}, 'n': 1}, {'order_id': 7, 'boxe': 1, 'tag': 'a', '_metadata': {}, 'n': 2}]",
    );
  });

  it('an empty first list gives []; @parent_uuid returns the event', () => {
    expect(
      repr(splitFieldListToMultipleEvents(dict('{"names": [], "_metadata": {}}'), py('["names"]'), true, 'c')),
    ).toBe('[]');
    const split = dict('{"names": [1], "_metadata": {"@parent_uuid": "p"}}');
    expect(splitFieldListToMultipleEvents(split, py('["names"]'), true, 'c')).toBe(split);
  });

  it('raises like Python', () => {
    expect(raised(() => splitFieldListToMultipleEvents(dict('{"_metadata": {}}'), py('[]'), true, 'c'))).toBe(
      'IndexError: list index out of range',
    );
    expect(raised(() => splitFieldListToMultipleEvents(dict('{"_metadata": {}}'), py('["names"]'), true, 'c'))).toBe(
      "KeyError: 'names'",
    );
    expect(
      raised(() =>
        splitFieldListToMultipleEvents(dict('{"names": null, "_metadata": {}}'), py('["names"]'), true, 'c'),
      ),
    ).toBe("TypeError: object of type 'NoneType' has no len()");
  });
});

describe('split_field_list_to_multiple_events checks len() of every split field before reading an item', () => {
  /** Splits `{'vals': <first>, 'others': <other>, '_metadata': {}}` on `['vals', 'others']` (Python literals). */
  const splitOthers = (first: string, other: string, reverse = false) =>
    splitFieldListToMultipleEvents(
      literalEval(`{'vals': ${first}, 'others': ${other}, '_metadata': {}}`) as PyDict,
      py('["vals", "others"]'),
      false,
      'n',
      reverse,
    );

  it('None raises the TypeError of len(), not of indexing (issue 7 §6)', () => {
    expect(raised(() => splitOthers('[1]', 'None'))).toBe("TypeError: object of type 'NoneType' has no len()");
  });

  it('an empty dict has len 0, so its item is None (issue 7 §6)', () => {
    expect(repr(splitOthers('[1]', '{}'))).toBe("[{'val': 1, 'other': None, '_metadata': {}}]");
  });

  it.each([
    ['5', 'int'],
    ['1.5', 'float'],
    ['True', 'bool'],
    ['False', 'bool'],
    ['None', 'NoneType'],
  ])('a split field holding %s raises len()’s TypeError for %s', (value, type) => {
    expect(raised(() => splitOthers('[1]', value))).toBe(`TypeError: object of type '${type}' has no len()`);
  });

  it('a short or empty str, list or tuple gives None past its end', () => {
    expect(repr(splitOthers('[1, 2, 3]', "'ab'"))).toBe(
      "[{'val': 1, 'other': 'a', '_metadata': {}}, {'val': 2, 'other': 'b', '_metadata': {}}, " +
        "{'val': 3, 'other': None, '_metadata': {}}]",
    );
    expect(repr(splitOthers('[1, 2]', "''"))).toBe(
      "[{'val': 1, 'other': None, '_metadata': {}}, {'val': 2, 'other': None, '_metadata': {}}]",
    );
    expect(repr(splitOthers('(1, 2)', '(3,)'))).toBe(
      "[{'val': 1, 'other': 3, '_metadata': {}}, {'val': 2, 'other': None, '_metadata': {}}]",
    );
  });

  it('a dict long enough is indexed by key, with Python key equality (False == 0, True != 0)', () => {
    expect(raised(() => splitOthers('[1, 2]', "{'a': 1}"))).toBe('KeyError: 0');
    expect(repr(splitOthers('[1, 2]', "{0: 'z', 1: 'o', 2: 't'}"))).toBe(
      "[{'val': 1, 'other': 'z', '_metadata': {}}, {'val': 2, 'other': 'o', '_metadata': {}}]",
    );
    expect(repr(splitOthers('[1, 2]', "{False: 'f'}"))).toBe(
      "[{'val': 1, 'other': 'f', '_metadata': {}}, {'val': 2, 'other': None, '_metadata': {}}]",
    );
    expect(raised(() => splitOthers('[1]', "{True: 't'}"))).toBe('KeyError: 0');
  });

  it('the first field sets the count by its len(): a dict counts its keys, an int has no len()', () => {
    const first = (value: string) =>
      splitFieldListToMultipleEvents(
        literalEval(`{'vals': ${value}, '_metadata': {}}`) as PyDict,
        py('["vals"]'),
        0,
        'n',
      );
    expect(raised(() => first('5'))).toBe("TypeError: object of type 'int' has no len()");
    expect(repr(first('{}'))).toBe('[]');
    expect(raised(() => first("{0: 'a', 'b': 2}"))).toBe('KeyError: 1');
  });

  it('with reverse the slice comes first: None and dicts fail on [::-1] before len()', () => {
    expect(raised(() => splitOthers('[1]', 'None', true))).toBe("TypeError: 'NoneType' object is not subscriptable");
    expect(raised(() => splitOthers('[1]', '{}', true))).toBe("TypeError: unhashable type: 'slice'");
  });

  it('the item is read before the new key is built (Python evaluates the assigned value first)', () => {
    const withIntKey = (value: string) =>
      splitFieldListToMultipleEvents(
        literalEval(`{'vals': [1], 5: ${value}, '_metadata': {}}`) as PyDict,
        literalEval("['vals', 5]"),
        false,
        'n',
      );
    expect(raised(() => withIntKey('None'))).toBe("TypeError: object of type 'NoneType' has no len()");
    expect(raised(() => withIntKey('[2]'))).toBe("TypeError: 'int' object is not subscriptable");
  });
});
