import { describe, expect, it } from 'vitest';
import { dict, raised, repr } from '../testing/py-literals.js';
import { convertAllEventFieldsToSnakeCase } from './convert-all-event-fields-to-snake-case.js';
import { convertSpacesAndSpecialCharactersToUnderscore, convertStringToSnakeCase } from './string-case.js';

describe('convert_string_to_snake_case', () => {
  it.each([
    ['MakeThisSnakeCase', 'make_this_snake_case'],
    ['Make This Snake Case', 'make_this_snake_case'],
    ['keep_this_snake_case', 'keep_this_snake_case'],
    ['HTTPResponse', 'http_response'],
    ['getHTTPResponseCode', 'get_http_response_code'],
    ['userID', 'user_id'],
    ['iOSApp', 'i_os_app'],
    ['ABcDEf', 'a_bc_d_ef'],
    ['camel2Case', 'camel2_case'],
    ['A1B2C3', 'a1_b2_c3'],
    ['12Monkeys', '12_monkeys'],
    ['a1B2c3', 'a1_b2c3'],
    ['Partially_SnakeCase', 'partially__snake_case'],
    ['_Leading', '__leading'],
    ['x-Foo-Bar', 'x-_foo-_bar'],
    ['dot.Case', 'dot._case'],
    ['$SpecialChars', '$_special_chars'],
    ['with space Here', 'withspace_here'],
    [' LeadingSpace', '_leading_space'],
    ['tab\tHere', 'tab\t_here'],
    ['new\nLine', 'new\nline'],
    ['\rAbc', '\r_abc'],
    ['\u2028Abc', '\u2028_abc'],
    ['ÜberCool', 'über_cool'],
    ['ÉtéCase', 'été_case'],
    ['İstanbulCity', 'i̇stanbul_city'],
    ['😀Abc', '😀_abc'],
    ['', ''],
  ])('%j → %j', (name, snake) => {
    expect(convertStringToSnakeCase(name)).toBe(snake);
  });

  it('needs a string', () => {
    expect(raised(() => convertStringToSnakeCase(null))).toBe(
      "TypeError: expected string or bytes-like object, got 'NoneType'",
    );
  });
});

describe('convert_spaces_and_special_characters_to_underscore', () => {
  it('docstring example', () => {
    expect(convertSpacesAndSpecialCharactersToUnderscore('$Scr "get-rid^-of-the@" special #characters%&space')).toBe(
      '_scr__get_rid__of_the___special__characters__space',
    );
  });

  it('keeps letters and numbers of any script, one _ per other code point, then lower-cases', () => {
    expect(convertSpacesAndSpecialCharactersToUnderscore('Thi$ i# jun&')).toBe('thi__i__jun_');
    expect(convertSpacesAndSpecialCharactersToUnderscore('é日本語٣٤²_x')).toBe('é日本語٣٤²_x');
    expect(convertSpacesAndSpecialCharactersToUnderscore('a😀b\u00a0c\td\ne\u0301')).toBe('a_b_c_d_e_');
    expect(convertSpacesAndSpecialCharactersToUnderscore('ΣΟΦΟΣ')).toBe('σοφος');
    expect(convertSpacesAndSpecialCharactersToUnderscore('İ')).toBe('i̇');
  });

  it('needs a string', () => {
    expect(raised(() => convertSpacesAndSpecialCharactersToUnderscore(5))).toBe(
      "TypeError: expected string or bytes-like object, got 'int'",
    );
  });
});

describe('convert_all_event_fields_to_snake_case', () => {
  it('docstring example (order kept, _metadata re-set in place)', () => {
    const event = dict(
      '{"_metadata": {}, "TitleCase": "to_snake_case", "camelCase": "to_snake_case", "snake_case": "to_snake_case"}',
    );
    expect(repr(convertAllEventFieldsToSnakeCase(event))).toBe(
      "{'_metadata': {}, 'title_case': 'to_snake_case', 'camel_case': 'to_snake_case', 'snake_case': 'to_snake_case'}",
    );
  });

  it('builds a new event: values shared, _metadata deep-copied, nested keys untouched', () => {
    const event = dict('{"aDict": {"innerKey": 1}, "_metadata": {"event_type": "x"}}');
    const result = convertAllEventFieldsToSnakeCase(event);
    expect(result).not.toBe(event);
    expect(result.get('a_dict')).toBe(event.get('aDict'));
    expect(result.get('_metadata')).not.toBe(event.get('_metadata'));
    expect(repr(result)).toBe("{'a_dict': {'innerKey': 1}, '_metadata': {'event_type': 'x'}}");
    expect(repr(event)).toBe("{'aDict': {'innerKey': 1}, '_metadata': {'event_type': 'x'}}");
  });

  it('collisions keep the first position and the last value', () => {
    const event = dict('{"userId": 1, "x": 0, "user_id": 2, "UserId": 3, "_metadata": {}}');
    expect(repr(convertAllEventFieldsToSnakeCase(event))).toBe("{'user_id': 3, 'x': 0, '_metadata': {}}");
  });

  it('_Metadata becomes __metadata; _METADATA collides with _metadata and gets the real copy', () => {
    const event = dict('{"_METADATA": 1, "_Metadata": 2, "_metadata": {"a": 1}}');
    expect(repr(convertAllEventFieldsToSnakeCase(event))).toBe("{'_metadata': {'a': 1}, '__metadata': 2}");
  });

  it('requires _metadata', () => {
    expect(raised(() => convertAllEventFieldsToSnakeCase(dict('{"a": 1}')))).toBe("KeyError: '_metadata'");
  });
});
