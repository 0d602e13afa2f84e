import { describe, expect, it } from 'vitest';
import { jsonDumps, StepValidationError } from '../../transforms/index.js';
import { formatStepList, parseStepListText, stepCall, stepsFingerprint } from './step-text.js';

const TEXT = `[
  {"fn": "convert_all_event_fields_to_snake_case"},
  {"fn": "flatten_json", "args": {"levels": 1, "field_or_field_list": "a_dictionary", "dump_to_string": true}},
  {"fn": "map_key_in_dictionary_to_value", "args": {"mapping_dict": {"b": 1.0, "2": null, "1": "one"}, "existing_column": "c", "new_column": "d", "allow_nulls": false}}
]`;

describe('step list text', () => {
  it('parses with Python’s json rules and formats one step per line, round-tripping exactly', () => {
    const steps = parseStepListText(TEXT);
    expect(formatStepList(steps)).toBe(TEXT);
    expect(formatStepList([])).toBe('[]');
    expect(jsonDumps(steps[2]?.get('args') ?? null)).toContain('{"b": 1.0, "2": null, "1": "one"}');
  });

  it('refuses invalid text with the compiler’s messages', () => {
    expect(() => parseStepListText('[{"fn": "flaten_json"}]')).toThrow(StepValidationError);
    expect(() => parseStepListText('[{"fn": "flaten_json"}]')).toThrow(
      "step 0 fn: NameError: name 'flaten_json' is not defined",
    );
    expect(() => parseStepListText('[{"fn": ')).toThrow(/JSONDecodeError/);
    expect(() => parseStepListText('{"fn": "mark_for_delete"}')).toThrow(/expected array/);
  });

  it('renders each step as its Python call, keyword arguments in signature order', () => {
    const steps = parseStepListText(TEXT);
    expect(steps.map(stepCall)).toEqual([
      'convert_all_event_fields_to_snake_case(event)',
      "flatten_json(event, field_or_field_list='a_dictionary', levels=1, dump_to_string=True)",
      "map_key_in_dictionary_to_value(event, mapping_dict={'b': 1.0, '2': None, '1': 'one'}, existing_column='c', new_column='d', allow_nulls=False)",
    ]);
  });

  it('fingerprints what the steps do: argument order and layout do not count, values do', () => {
    const a = parseStepListText('[{"fn": "add_suffix", "args": {"fields": ["a"], "suffix": "x"}}]');
    const b = parseStepListText('[ {"fn":"add_suffix","args":{"suffix":"x","fields":["a"]}} ]');
    const c = parseStepListText('[{"fn": "add_suffix", "args": {"fields": ["a"], "suffix": "y"}}]');
    expect(stepsFingerprint(a)).toBe(stepsFingerprint(b));
    expect(stepsFingerprint(a)).not.toBe(stepsFingerprint(c));
    expect(stepsFingerprint(a)).toMatch(/^[0-9a-f]{16}$/);
  });
});
