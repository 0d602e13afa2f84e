import { addColumnBasedOnNull } from '../functions/add-column-based-on-null.js';
import { addColumnsWithDefault } from '../functions/add-columns-with-default.js';
import { addCompositeKey } from '../functions/add-composite-key.js';
import { addDuplicateFields } from '../functions/add-duplicate-fields.js';
import { addSuffix } from '../functions/add-suffix.js';
import { convertAllEventFieldsToSnakeCase } from '../functions/convert-all-event-fields-to-snake-case.js';
import { convertDictionaryFieldsToString } from '../functions/convert-dictionary-fields-to-string.js';
import { convertEmptyValueToNone } from '../functions/convert-empty-value-to-none.js';
import { convertEventTypeCase } from '../functions/convert-event-type-case.js';
import { convertNullToZero } from '../functions/convert-null-to-zero.js';
import { convertValuesToNone } from '../functions/convert-values-to-none.js';
import { flattenJson, flattenJson1Level } from '../functions/flatten-json.js';
import { mapKeyInDictionaryToValue } from '../functions/map-key-in-dictionary-to-value.js';
import { mapValueInListToDictionaryKey } from '../functions/map-value-in-list-to-dictionary-key.js';
import { markForDelete } from '../functions/mark-for-delete.js';
import { parseListOfJsonAndConcat } from '../functions/parse-list-of-json-and-concat.js';
import { removeDuplicateField } from '../functions/remove-duplicate-field.js';
import { removeOuterKey } from '../functions/remove-outer-key.js';
import { removeStartingCharactersFromKeys } from '../functions/remove-starting-characters-from-keys.js';
import { removeWhitespace } from '../functions/remove-whitespace.js';
import { renameFields } from '../functions/rename-fields.js';
import { splitEventToMultipleEvents, splitFieldListToMultipleEvents } from '../functions/split-events.js';
import { whitelistOrBlacklistColumns } from '../functions/whitelist-or-blacklist-columns.js';
import type { PyDict } from '../py/py-dict.js';
import { pyRepr } from '../py/py-repr.js';
import type { PyValue } from '../py/py-value.js';

/** One parameter of a step function, after `event`, with managealooma's name and default. */
export interface StepParameter {
  readonly name: string;
  /** Python default; absent for a required parameter. */
  readonly default?: PyValue;
  /**
   * The function may store this argument's value (or values inside it) into the event. Such list/dict arguments
   * are deep-copied for every event, as a literal written in a Python transform would be re-created per call.
   */
  readonly storedInEvent?: boolean;
}

/** A managealooma function usable as a pipeline step (it takes the event first). */
export interface StepFunction {
  readonly name: string;
  readonly params: readonly StepParameter[];
  /** May return a list of events (the split functions). */
  readonly returnsList: boolean;
  /** One line for help texts. */
  readonly summary: string;
  readonly invoke: (event: PyDict, args: readonly PyValue[]) => PyDict | PyDict[];
}

const required = (name: string, storedInEvent = false): StepParameter =>
  storedInEvent ? { name, storedInEvent } : { name };
const optional = (name: string, value: PyValue): StepParameter => ({ name, default: value });

function step(
  name: string,
  summary: string,
  params: StepParameter[],
  invoke: (event: PyDict, args: readonly PyValue[]) => PyDict | PyDict[],
  returnsList = false,
): StepFunction {
  return { name, summary, params, invoke, returnsList };
}

const a = (args: readonly PyValue[], i: number): PyValue => args[i] as PyValue;

/** The 25 managealooma transformation functions that take an event, in managealooma's documentation order. */
export const STEP_FUNCTIONS: readonly StepFunction[] = [
  step(
    'add_column_based_on_null',
    'Set new_field to one of two values depending on whether field is None.',
    [
      required('field'),
      required('new_field'),
      required('new_value_if_null', true),
      required('new_value_if_not_null', true),
    ],
    (e, x) => addColumnBasedOnNull(e, a(x, 0), a(x, 1), a(x, 2), a(x, 3)),
  ),
  step(
    'add_columns_with_default',
    'Add each missing key of field_and_default_dict with its default value.',
    [required('field_and_default_dict', true)],
    (e, x) => addColumnsWithDefault(e, a(x, 0)),
  ),
  step(
    'add_composite_key',
    "Join the str() of the fields in field_list with '-' into key_name.",
    [required('field_list'), required('key_name')],
    (e, x) => addCompositeKey(e, a(x, 0), a(x, 1)),
  ),
  step(
    'add_duplicate_fields',
    'Copy field_name to field_name_<suffix> for each suffix; drop the original unless keep_original.',
    [required('field_name'), required('suffix_or_suffix_list'), optional('keep_original', false)],
    (e, x) => addDuplicateFields(e, a(x, 0), a(x, 1), a(x, 2)),
  ),
  step(
    'add_suffix',
    'Rename each of fields to <field><separator><suffix>.',
    [required('fields'), required('suffix'), optional('separator', '_')],
    (e, x) => addSuffix(e, a(x, 0), a(x, 1), a(x, 2)),
  ),
  step(
    'convert_all_event_fields_to_snake_case',
    'snake_case every top-level key (new event; _metadata deep-copied).',
    [],
    (e) => convertAllEventFieldsToSnakeCase(e),
  ),
  step(
    'convert_dictionary_fields_to_string',
    'json.dumps each listed field that is present and not None.',
    [required('field_or_field_list')],
    (e, x) => convertDictionaryFieldsToString(e, a(x, 0)),
  ),
  step('convert_null_to_zero', 'Replace None by 0 in the listed fields.', [required('field_or_field_list')], (e, x) =>
    convertNullToZero(e, a(x, 0)),
  ),
  step(
    'convert_values_to_none',
    'Set the listed fields to None (only those equal to one of field_values, when given).',
    [required('field_or_field_list'), optional('field_values', null)],
    (e, x) => convertValuesToNone(e, a(x, 0), a(x, 1)),
  ),
  step(
    'convert_empty_value_to_none',
    'Set key_name to None when it is falsy, whitespace-only, "{}" or "[]".',
    [required('key_name')],
    (e, x) => convertEmptyValueToNone(e, a(x, 0)),
  ),
  step(
    'convert_event_type_case',
    '_metadata.event_type to lower case (upper with case_force_upper).',
    [optional('case_force_upper', false)],
    (e, x) => convertEventTypeCase(e, a(x, 0)),
  ),
  step(
    'flatten_json',
    'Flatten the listed dict (or JSON string) fields into <field>_<key> keys, levels deep.',
    [
      required('field_or_field_list'),
      required('levels'),
      optional('keep_original', false),
      optional('dump_to_string', false),
    ],
    (e, x) => flattenJson(e, a(x, 0), a(x, 1), a(x, 2), a(x, 3)),
  ),
  step(
    'flatten_json_1_level',
    'Flatten one field one level into <field_name_underscore><key> keys.',
    [required('field_name'), required('field_name_underscore'), required('dump_to_string')],
    (e, x) => flattenJson1Level(e, a(x, 0), a(x, 1), a(x, 2)),
  ),
  step(
    'map_key_in_dictionary_to_value',
    'Set new_column to mapping_dict[<existing_column value>].',
    [required('mapping_dict', true), required('existing_column'), required('new_column'), required('allow_nulls')],
    (e, x) => mapKeyInDictionaryToValue(e, a(x, 0), a(x, 1), a(x, 2), a(x, 3)),
  ),
  step(
    'map_value_in_list_to_dictionary_key',
    'Set new_column to the key of mapping_dict_with_lists whose list contains the existing_column value.',
    [
      required('mapping_dict_with_lists'),
      required('existing_column'),
      required('new_column'),
      required('allow_nulls'),
      required('passthrough'),
    ],
    (e, x) => mapValueInListToDictionaryKey(e, a(x, 0), a(x, 1), a(x, 2), a(x, 3), a(x, 4)),
  ),
  step('mark_for_delete', 'Turn a deleted-records trigger row into a soft-deleted row of its table.', [], (e) =>
    markForDelete(e),
  ),
  step(
    'parse_list_of_json_and_concat',
    'Collect field_to_keep from each dict of field_name into <field_name>_<field_to_keep>s.',
    [required('field_name'), required('keep_original'), required('field_to_keep')],
    (e, x) => parseListOfJsonAndConcat(e, a(x, 0), a(x, 1), a(x, 2)),
  ),
  step(
    'remove_duplicate_field',
    'When both keys exist, drop field_to_discard (or field_to_keep when that one is None).',
    [required('field_to_keep'), required('field_to_discard')],
    (e, x) => removeDuplicateField(e, a(x, 0), a(x, 1)),
  ),
  step('remove_outer_key', 'Replace the dict under key_name by its own keys.', [required('key_name')], (e, x) =>
    removeOuterKey(e, a(x, 0)),
  ),
  step(
    'remove_starting_characters_from_keys',
    'Remove starting_characters from the start of the keys (of field_with_json, when given).',
    [required('starting_characters'), optional('field_with_json', null)],
    (e, x) => removeStartingCharactersFromKeys(e, a(x, 0), a(x, 1)),
  ),
  step(
    'remove_whitespace',
    'Strip leading/trailing whitespace from the listed string fields.',
    [required('field_or_field_list')],
    (e, x) => removeWhitespace(e, a(x, 0)),
  ),
  step('rename_fields', 'Rename keys old → new as given by field_dict (new event).', [required('field_dict')], (e, x) =>
    renameFields(e, a(x, 0)),
  ),
  step(
    'split_event_to_multiple_events',
    'One event per table name, with event_type <schema>.<table_name>.',
    [required('table_name_list')],
    (e, x) => splitEventToMultipleEvents(e, a(x, 0)),
    true,
  ),
  step(
    'split_field_list_to_multiple_events',
    'One event per item of the list fields (the first listed field sets the count).',
    [required('fields_to_split'), required('add_counter'), required('counter_name'), optional('reverse', false)],
    (e, x) => splitFieldListToMultipleEvents(e, a(x, 0), a(x, 1), a(x, 2), a(x, 3)),
    true,
  ),
  step(
    'whitelist_or_blacklist_columns',
    'Keep only (whitelist) or drop (blacklist) the listed columns; _metadata always kept.',
    [required('field_list'), optional('white_or_black_list', 'whitelist')],
    (e, x) => whitelistOrBlacklistColumns(e, a(x, 0), a(x, 1)),
  ),
];

/** managealooma functions that take a string, not an event, and therefore cannot be steps. */
export const NON_STEP_FUNCTIONS: readonly string[] = [
  'convert_spaces_and_special_characters_to_underscore',
  'convert_string_to_snake_case',
];

const byName = new Map(STEP_FUNCTIONS.map((fn) => [fn.name, fn]));

/** The step function with this managealooma name, if any. */
export function findStepFunction(name: string): StepFunction | undefined {
  return byName.get(name);
}

/** The Python signature, e.g. `flatten_json(event, field_or_field_list, levels, keep_original=False, ...)`. */
export function stepSignature(fn: StepFunction): string {
  const params = fn.params.map((p) => (p.default === undefined ? p.name : `${p.name}=${pyRepr(p.default)}`));
  return `${fn.name}(${['event', ...params].join(', ')})`;
}
