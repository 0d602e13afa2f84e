import { describe, expect, it } from 'vitest';
import { parseJson } from '../../transforms/index.js';
import { diffEvents, formatEventChange, showValue } from './event-diff.js';

const lines = (before: string, after: string) =>
  diffEvents(parseJson(before), parseJson(after)).map((change) => formatEventChange(change));

describe('diffEvents', () => {
  it('lists added, removed and changed fields at nested paths', () => {
    expect(
      lines(
        '{"id": 1, "a": {"one": "x", "two": {"deep": 1}}, "gone": null}',
        '{"id": 2, "a": {"one": "x", "two": {"deep": 2, "new": true}}, "extra": [1]}',
      ),
    ).toEqual(['~ id: 1 → 2', '~ a.two.deep: 1 → 2', '+ a.two.new: true', '- gone: null', '+ extra: [1]']);
  });

  it('keeps Python types apart: 1, 1.0 and True differ; key order alone is no difference', () => {
    expect(lines('{"a": 1, "b": 1, "c": 1.0}', '{"c": 1.0, "a": 1.0, "b": true}')).toEqual([
      '~ a: 1 → 1.0',
      '~ b: 1 → true',
    ]);
    expect(lines('{"2": "two", "10": "ten"}', '{"10": "ten", "2": "two"}')).toEqual([]);
  });

  it('reports a key whose value moved to a new key of the same dict as a rename', () => {
    expect(lines('{"myField": "stuff", "aNumber": 6, "x": 1}', '{"my_field": "stuff", "a_number": 6, "x": 2}')).toEqual(
      ['» myField → my_field', '» aNumber → a_number', '~ x: 1 → 2'],
    );
  });

  it('compares lists of equal length item by item and replaces lists whose length changed', () => {
    expect(lines('{"l": [1, 2, 3], "m": [1]}', '{"l": [1, 5, 3], "m": [1, 2]}')).toEqual([
      '~ l[1]: 2 → 5',
      '~ m: [1] → [1, 2]',
    ]);
  });

  it('quotes keys a dotted path cannot show', () => {
    expect(lines('{"a": {"Another dict": 1, "x.y": 1}}', '{"a": {"Another dict": 2, "x.y": 2}}')).toEqual([
      '~ a["Another dict"]: 1 → 2',
      '~ a["x.y"]: 1 → 2',
    ]);
    expect(lines('{"xmin::text::bigint": 1, "@uuid": 1}', '{}')).toEqual(['- xmin::text::bigint: 1', '- @uuid: 1']);
  });

  it('shows values as Python’s json.dumps and cuts long ones', () => {
    expect(showValue(parseJson('{"é": NaN, "b": 2.50}'))).toBe('{"\\u00e9": NaN, "b": 2.5}');
    expect(showValue('x'.repeat(300), 10)).toBe('"xxxxxxxx…');
  });
});
