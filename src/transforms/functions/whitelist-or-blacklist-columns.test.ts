import { describe, expect, it } from 'vitest';
import { dict, py, raised, repr } from '../testing/py-literals.js';
import { whitelistOrBlacklistColumns } from './whitelist-or-blacklist-columns.js';

const EVENT = '{"_metadata": {}, "keep_me": "i stay", "keep_me_too": "i stay too", "remove_me": "im gone"}';

describe('whitelist_or_blacklist_columns', () => {
  it('docstring examples (_metadata moves to the end)', () => {
    expect(repr(whitelistOrBlacklistColumns(dict(EVENT), py('["keep_me", "keep_me_too"]'), 'whitelist'))).toBe(
      "{'keep_me': 'i stay', 'keep_me_too': 'i stay too', '_metadata': {}}",
    );
    expect(repr(whitelistOrBlacklistColumns(dict(EVENT), py('["remove_me"]'), 'blacklist'))).toBe(
      "{'keep_me': 'i stay', 'keep_me_too': 'i stay too', '_metadata': {}}",
    );
  });

  it('compares lower-cased names on both sides (Python lower: STRASSE is not straße)', () => {
    const event = dict('{"ID": 1, "straße": 2, "STRASSE": 3, "_metadata": {}}');
    expect(repr(whitelistOrBlacklistColumns(event, py('["id", "STRASSE"]')))).toBe(
      "{'ID': 1, 'STRASSE': 3, '_metadata': {}}",
    );
  });

  it('keeps nothing for any other mode (WHITELIST included), never matches _metadata', () => {
    expect(repr(whitelistOrBlacklistColumns(dict(EVENT), py('["keep_me"]'), 'WHITELIST'))).toBe("{'_metadata': {}}");
    expect(repr(whitelistOrBlacklistColumns(dict(EVENT), py('["_metadata"]'), 'blacklist'))).toBe(
      "{'keep_me': 'i stay', 'keep_me_too': 'i stay too', 'remove_me': 'im gone', '_metadata': {}}",
    );
  });

  it('deep-copies _metadata, shares other values, returns a new dict', () => {
    const event = dict('{"a": [1], "_metadata": {"x": [2]}}');
    const result = whitelistOrBlacklistColumns(event, py('["a"]'));
    expect(result).not.toBe(event);
    expect(result.get('a')).toBe(event.get('a'));
    expect(result.get('_metadata')).not.toBe(event.get('_metadata'));
  });

  it('iterates a string field_list per character; needs str items and _metadata', () => {
    expect(repr(whitelistOrBlacklistColumns(dict('{"a": 1, "ab": 2, "_metadata": {}}'), 'ab'))).toBe(
      "{'a': 1, '_metadata': {}}",
    );
    expect(raised(() => whitelistOrBlacklistColumns(dict(EVENT), py('[5]')))).toBe(
      "AttributeError: 'int' object has no attribute 'lower'",
    );
    expect(raised(() => whitelistOrBlacklistColumns(dict('{"a": 1}'), py('["a"]')))).toBe("KeyError: '_metadata'");
  });

  it('the field list may change between calls with the same list object', () => {
    const fields = py('["a"]') as string[];
    expect(repr(whitelistOrBlacklistColumns(dict('{"a": 1, "b": 2, "_metadata": {}}'), fields))).toBe(
      "{'a': 1, '_metadata': {}}",
    );
    fields[0] = 'b';
    expect(repr(whitelistOrBlacklistColumns(dict('{"a": 1, "b": 2, "_metadata": {}}'), fields))).toBe(
      "{'b': 2, '_metadata': {}}",
    );
  });
});
