import { describe, expect, it } from 'vitest';
import type { PyDict } from '../py/py-dict.js';
import { dict, py, raised, repr } from '../testing/py-literals.js';
import { splitEventToMultipleEvents, splitFieldListToMultipleEvents } from './split-events.js';

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
