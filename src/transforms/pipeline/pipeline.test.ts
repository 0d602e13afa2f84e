import { describe, expect, it } from 'vitest';
import { PyDict } from '../py/py-dict.js';
import { dict, repr } from '../testing/py-literals.js';
import { CompiledPipeline, compileSteps, compileStepsJson, StepValidationError } from './compile-steps.js';
import { EventShapeError, formatEventJson, parseEventJson } from './event-json.js';
import { runSteps } from './run-steps.js';
import { checkStepCall } from './step-call-check.js';
import { findStepFunction, NON_STEP_FUNCTIONS, STEP_FUNCTIONS, stepSignature } from './step-catalog.js';
import { StepListSchema } from './step-schema.js';

const MANAGEALOOMA_FUNCTIONS = [
  'add_column_based_on_null',
  'add_columns_with_default',
  'add_composite_key',
  'add_duplicate_fields',
  'add_suffix',
  'convert_all_event_fields_to_snake_case',
  'convert_dictionary_fields_to_string',
  'convert_empty_value_to_none',
  'convert_event_type_case',
  'convert_null_to_zero',
  'convert_spaces_and_special_characters_to_underscore',
  'convert_string_to_snake_case',
  'convert_values_to_none',
  'flatten_json',
  'flatten_json_1_level',
  'map_key_in_dictionary_to_value',
  'map_value_in_list_to_dictionary_key',
  'mark_for_delete',
  'parse_list_of_json_and_concat',
  'remove_duplicate_field',
  'remove_outer_key',
  'remove_starting_characters_from_keys',
  'remove_whitespace',
  'rename_fields',
  'split_event_to_multiple_events',
  'split_field_list_to_multiple_events',
  'whitelist_or_blacklist_columns',
];

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof StepValidationError) return error.message;
    throw error;
  }
  throw new Error('expected a StepValidationError');
}

describe('step catalog', () => {
  it('covers all 27 managealooma functions: 25 steps and the 2 string helpers', () => {
    const names = [...STEP_FUNCTIONS.map((fn) => fn.name), ...NON_STEP_FUNCTIONS].sort();
    expect(names).toEqual([...MANAGEALOOMA_FUNCTIONS].sort());
  });

  it('renders Python signatures with defaults', () => {
    expect(stepSignature(findStepFunction('flatten_json') as never)).toBe(
      'flatten_json(event, field_or_field_list, levels, keep_original=False, dump_to_string=False)',
    );
    expect(stepSignature(findStepFunction('add_suffix') as never)).toBe(
      "add_suffix(event, fields, suffix, separator='_')",
    );
    expect(stepSignature(findStepFunction('remove_starting_characters_from_keys') as never)).toBe(
      'remove_starting_characters_from_keys(event, starting_characters, field_with_json=None)',
    );
  });
});

describe('step validation (CPython wording)', () => {
  it.each([
    [
      'flatten_json',
      ['field_or_field_list', 'levels', 'x'],
      "TypeError: flatten_json() got an unexpected keyword argument 'x'",
    ],
    [
      'flatten_json',
      ['levels'],
      "TypeError: flatten_json() missing 1 required positional argument: 'field_or_field_list'",
    ],
    [
      'flatten_json',
      [],
      "TypeError: flatten_json() missing 2 required positional arguments: 'field_or_field_list' and 'levels'",
    ],
    [
      'add_column_based_on_null',
      ['field'],
      "TypeError: add_column_based_on_null() missing 3 required positional arguments: 'new_field', 'new_value_if_null', and 'new_value_if_not_null'",
    ],
    ['mark_for_delete', ['event'], "TypeError: mark_for_delete() got multiple values for argument 'event'"],
    ['flaten_json', [], "NameError: name 'flaten_json' is not defined"],
    [
      'convert_string_to_snake_case',
      [],
      'TypeError: convert_string_to_snake_case() takes a string, not an event, so it cannot be a pipeline step',
    ],
  ])('%s(%j)', (fn, args, message) => {
    expect(checkStepCall(fn, args)).toBe(message);
  });

  it('accepts a complete call', () => {
    expect(checkStepCall('flatten_json', ['field_or_field_list', 'levels', 'dump_to_string'])).toBeUndefined();
  });

  it('the exported zod schema reports the step and the Python text', () => {
    const parsed = StepListSchema.safeParse([{ fn: 'mark_for_delete' }, { fn: 'flatten_json', args: { levels: 1 } }]);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual([1, 'args']);
    expect(parsed.error?.issues[0]?.message).toBe(
      "TypeError: flatten_json() missing 1 required positional argument: 'field_or_field_list'",
    );
    expect(StepListSchema.safeParse([{ fn: 'mark_for_delete', extra: 1 }]).success).toBe(false);
    expect(StepListSchema.safeParse([{ fn: 'remove_whitespace', args: { field_or_field_list: ['a'] } }]).success).toBe(
      true,
    );
  });

  it('compileSteps throws StepValidationError with one line per issue', () => {
    expect(failure(() => compileSteps([{ fn: 'nope' }, { fn: 'remove_whitespace', args: { x: 1 } }]))).toBe(
      "step 0 fn: NameError: name 'nope' is not defined\n" +
        "step 1 args: TypeError: remove_whitespace() got an unexpected keyword argument 'x'",
    );
    expect(failure(() => compileStepsJson('[{"fn": "mark_for_delete"},'))).toBe(
      'steps: JSONDecodeError: Expecting value: line 1 column 28 (char 27)',
    );
    expect(failure(() => compileStepsJson('{"fn": "mark_for_delete"}'))).toContain('steps');
  });
});

describe('runSteps', () => {
  const sample = () =>
    dict(
      '{"myField": " stuff ", "createdAt": "2019-08-01 00:00:00", "aNumber": 6, "id": 1, "aDictionary": {"one": 1, "three": {"x": 3.3}}, "_metadata": {"event_type": "my_schema.my_table", "@parent_uuid": ""}}',
    );

  it('runs the getting-started transform', () => {
    const steps = compileStepsJson(`[
      {"fn": "convert_all_event_fields_to_snake_case"},
      {"fn": "flatten_json", "args": {"field_or_field_list": "a_dictionary", "levels": 1, "keep_original": false, "dump_to_string": true}},
      {"fn": "add_composite_key", "args": {"field_list": ["id", "created_at"], "key_name": "id_created_datetime"}},
      {"fn": "map_value_in_list_to_dictionary_key", "args": {"mapping_dict_with_lists": {"one_to_three": [1, 2, 3], "four_to_six": [4, 5, 6]}, "existing_column": "a_number", "new_column": "number_category", "allow_nulls": true, "passthrough": true}}
    ]`);
    const result = runSteps(steps, sample());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.events.map(formatEventJson)).toEqual([
      '{"my_field": " stuff ", "created_at": "2019-08-01 00:00:00", "a_number": 6, "id": 1, "_metadata": {"event_type": "my_schema.my_table", "@parent_uuid": ""}, "a_dictionary_one": 1, "a_dictionary_three": "{\\"x\\": 3.3}", "id_created_datetime": "1-2019-08-01 00:00:00", "number_category": "four_to_six"}',
    ]);
  });

  it('applies the steps after a split to every event, in order', () => {
    const steps = compileSteps([
      { fn: 'split_event_to_multiple_events', args: { table_name_list: ['one', 'two'] } },
      { fn: 'convert_event_type_case', args: { case_force_upper: true } },
      {
        fn: 'split_field_list_to_multiple_events',
        args: { fields_to_split: ['names'], add_counter: true, counter_name: 'n' },
      },
    ]);
    const result = runSteps(steps, dict('{"names": ["a", "b"], "_metadata": {"event_type": "s.t"}}'));
    expect(result.ok && repr(result.events)).toBe(
      "[{'name': 'a', '_metadata': {'event_type': 'S.ONE'}, 'n': 1}, {'name': 'b', '_metadata': {'event_type': 'S.ONE'}, 'n': 2}, " +
        "{'name': 'a', '_metadata': {'event_type': 'S.TWO'}, 'n': 1}, {'name': 'b', '_metadata': {'event_type': 'S.TWO'}, 'n': 2}]",
    );
  });

  it('a split to an empty list yields no events', () => {
    const steps = compileSteps([
      { fn: 'split_event_to_multiple_events', args: { table_name_list: [] } },
      { fn: 'mark_for_delete' },
    ]);
    expect(runSteps(steps, dict('{"_metadata": {"event_type": "s.t"}}'))).toEqual({ ok: true, events: [] });
  });

  it('reports the failing step index, name and the Python error text', () => {
    const steps = compileSteps([
      { fn: 'remove_whitespace', args: { field_or_field_list: 'a' } },
      { fn: 'add_composite_key', args: { field_list: ['a', 'b'], key_name: 'k' } },
    ]);
    expect(runSteps(steps, dict('{"a": " x "}'))).toEqual({
      ok: false,
      failure: { stepIndex: 1, fn: 'add_composite_key', pyType: 'KeyError', error: "KeyError: 'b'" },
    });
  });

  it('mutates the event it is given (in-place functions), as managealooma does', () => {
    const event = dict('{"a": " x "}');
    runSteps([{ fn: 'remove_whitespace', args: { field_or_field_list: 'a' } }], event);
    expect(event.get('a')).toBe('x');
  });

  it('gives each event its own copy of list/dict arguments stored into events', () => {
    const steps = compileSteps([
      { fn: 'add_columns_with_default', args: { field_and_default_dict: { _metadata: { event_type: 'A.B' } } } },
      { fn: 'convert_event_type_case' },
    ]);
    const first = runSteps(steps, new PyDict());
    const second = runSteps(steps, new PyDict());
    expect(first.ok && second.ok && repr([...first.events, ...second.events])).toBe(
      "[{'_metadata': {'event_type': 'a.b'}}, {'_metadata': {'event_type': 'a.b'}}]",
    );
    expect(steps instanceof CompiledPipeline && repr(steps.steps[0]?.args[0] ?? null)).toBe(
      "{'_metadata': {'event_type': 'A.B'}}",
    );
  });

  it('keeps integer-like key order and 1.0 in arguments parsed from JSON text', () => {
    const steps = compileStepsJson(
      '[{"fn": "add_columns_with_default", "args": {"field_and_default_dict": {"b": 1.0, "2": 2, "1": 1}}}]',
    );
    const result = runSteps(steps, dict('{"z": 0}'));
    expect(result.ok && repr(result.events)).toBe("[{'z': 0, 'b': 1.0, '2': 2, '1': 1}]");
  });
});

describe('event JSON', () => {
  it('parses with Python rules and refuses non-objects', () => {
    expect(repr(parseEventJson('{"2": 1.0, "1": NaN}'))).toBe("{'2': 1.0, '1': nan}");
    expect(() => parseEventJson('[1]')).toThrow(EventShapeError);
    expect(() => parseEventJson('[1]')).toThrow('an event must be a JSON object, got list');
  });

  it("writes Python's json.dumps output", () => {
    expect(formatEventJson(dict('{"é": [1.0, null, true], "n": NaN}'))).toBe(
      '{"\\u00e9": [1.0, null, true], "n": NaN}',
    );
  });
});
