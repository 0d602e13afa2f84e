import { describe, expect, it } from 'vitest';
import {
  credentialSegment,
  getAtPath,
  parseConfigPath,
  setAtPath,
  typedValue,
} from '../../../src/services/inputs/config-path.js';

const configuration = {
  batch_size: 100,
  auto_map: 'false',
  validated: true,
  tables: '{"orders": "xmin"}',
  options: { retries: 2 },
  parameters: [
    { parameter: 'session_id', value: 'abc' },
    { parameter: 'where', value: 2, template: '%Y' },
  ],
};

describe('configuration paths (input set)', () => {
  it('reads dotted paths, [n] indexes and an optional configuration. prefix', () => {
    expect(parseConfigPath('configuration.parameters[1].value')).toEqual(['parameters', '1', 'value']);
    expect(parseConfigPath('parameters.where.value')).toEqual(['parameters', 'where', 'value']);
    expect(() => parseConfigPath('parameters..value')).toThrow(/is not a configuration path/);
    expect(() => parseConfigPath('')).toThrow(/is not a configuration path/);
  });

  it('names the segment that is a credential, and only then', () => {
    expect(credentialSegment(['auth', 'token'])).toBe('auth');
    expect(credentialSegment(['password'])).toBe('password');
    expect(credentialSegment(['awsSecretAccessKey'])).toBe('awsSecretAccessKey');
    expect(credentialSegment(['primary_keys'])).toBeNull();
    expect(credentialSegment(['page_parameter'])).toBeNull();
  });

  it('selects a request parameter by index or by name (managealooma edit_parameter_configuration)', () => {
    expect(getAtPath(configuration, ['parameters', '1', 'value'])).toBe(2);
    expect(getAtPath(configuration, ['parameters', 'where', 'value'])).toBe(2);
    const next = setAtPath(configuration, ['parameters', 'where', 'value'], 10);
    expect(next.parameters).toEqual([
      { parameter: 'session_id', value: 'abc' },
      { parameter: 'where', value: 10, template: '%Y' },
    ]);
    expect(configuration.parameters[1]?.value).toBe(2);
  });

  it('refuses a path that would make a sparse list or go through a value, naming it', () => {
    expect(() => setAtPath(configuration, ['parameters', '5', 'value'], 1)).toThrow(
      '`parameters.5`: the list has 2 items (0 to 1, or a parameter: session_id, where).',
    );
    expect(() => setAtPath(configuration, ['parameters', 'nope', 'value'], 1)).toThrow(/or a parameter: session_id/);
    expect(() => setAtPath(configuration, ['batch_size', 'x'], 1)).toThrow('`batch_size` is a value, not an object');
    expect(setAtPath(configuration, ['options', 'new', 'deep'], 1).options).toEqual({ retries: 2, new: { deep: 1 } });
  });

  it('types the text like the field it replaces', () => {
    expect(typedValue('batch_size', 100, '5000')).toBe(5000);
    expect(() => typedValue('batch_size', 100, 'lots')).toThrow('`batch_size` holds a number; `lots` is not a number.');
    expect(() => typedValue('batch_size', 100, ' ')).toThrow(/not a number/);
    expect(typedValue('validated', true, 'FALSE')).toBe(false);
    expect(() => typedValue('validated', true, 'yes')).toThrow(/a boolean \(true or false\)/);
    // The API's "true"/"false" strings are booleans that stay strings.
    expect(typedValue('auto_map', 'false', 'true')).toBe('true');
    expect(() => typedValue('auto_map', 'false', 'maybe')).toThrow(/`auto_map` holds a boolean/);
    expect(typedValue('parameters', [], '[{"parameter": "a"}]')).toEqual([{ parameter: 'a' }]);
    expect(() => typedValue('parameters', [], '{"a": 1}')).toThrow(/a JSON list/);
    expect(typedValue('options', {}, '{"retries": 3}')).toEqual({ retries: 3 });
    expect(() => typedValue('options', {}, '3')).toThrow(/a JSON object/);
    expect(typedValue('tables', '{"orders": "xmin"}', 'not json')).toBe('not json');
    expect(typedValue('new_field', undefined, '12')).toBe(12);
    expect(typedValue('new_field', undefined, 'text')).toBe('text');
  });
});
