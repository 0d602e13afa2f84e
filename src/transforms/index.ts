/**
 * pipeops transforms: managealooma's transformation functions ported to TypeScript with the exact behaviour of
 * the Python originals (see shared/reference/transforms-semantics.md), on a model of Python values; plus the
 * declarative step pipeline built on them. Pure: no I/O, no Slack.
 */

export { addColumnBasedOnNull } from './functions/add-column-based-on-null.js';
export { addColumnsWithDefault } from './functions/add-columns-with-default.js';
export { addCompositeKey } from './functions/add-composite-key.js';
export { addDuplicateFields } from './functions/add-duplicate-fields.js';
export { addSuffix } from './functions/add-suffix.js';
export { convertAllEventFieldsToSnakeCase } from './functions/convert-all-event-fields-to-snake-case.js';
export { convertDictionaryFieldsToString } from './functions/convert-dictionary-fields-to-string.js';
export { convertEmptyValueToNone } from './functions/convert-empty-value-to-none.js';
export { convertEventTypeCase } from './functions/convert-event-type-case.js';
export { convertNullToZero } from './functions/convert-null-to-zero.js';
export { convertValuesToNone } from './functions/convert-values-to-none.js';
export { flattenJson, flattenJson1Level } from './functions/flatten-json.js';
export { mapKeyInDictionaryToValue } from './functions/map-key-in-dictionary-to-value.js';
export { mapValueInListToDictionaryKey } from './functions/map-value-in-list-to-dictionary-key.js';
export { markForDelete } from './functions/mark-for-delete.js';
export { parseListOfJsonAndConcat } from './functions/parse-list-of-json-and-concat.js';
export { removeDuplicateField } from './functions/remove-duplicate-field.js';
export { removeOuterKey } from './functions/remove-outer-key.js';
export { removeStartingCharactersFromKeys } from './functions/remove-starting-characters-from-keys.js';
export { removeWhitespace } from './functions/remove-whitespace.js';
export { renameFields } from './functions/rename-fields.js';
export { splitEventToMultipleEvents, splitFieldListToMultipleEvents } from './functions/split-events.js';
export {
  convertSpacesAndSpecialCharactersToUnderscore,
  convertStringToSnakeCase,
} from './functions/string-case.js';
export { whitelistOrBlacklistColumns } from './functions/whitelist-or-blacklist-columns.js';
export {
  CompiledPipeline,
  type CompiledStep,
  compileSteps,
  compileStepsJson,
  type StepIssue,
  StepValidationError,
} from './pipeline/compile-steps.js';
export { EventShapeError, formatEventJson, parseEventJson } from './pipeline/event-json.js';
export { type RunResult, runSteps, type StepFailure } from './pipeline/run-steps.js';
export { checkStepCall } from './pipeline/step-call-check.js';
export {
  findStepFunction,
  NON_STEP_FUNCTIONS,
  STEP_FUNCTIONS,
  type StepFunction,
  type StepParameter,
  stepSignature,
} from './pipeline/step-catalog.js';
export {
  type JsonValue,
  JsonValueSchema,
  type Step,
  type StepList,
  StepListSchema,
  StepSchema,
} from './pipeline/step-schema.js';
export { fromJs } from './py/py-convert.js';
export { pyDeepCopy } from './py/py-deepcopy.js';
export { hashKey, PyDict, type PyKey } from './py/py-dict.js';
export { pyEquals } from './py/py-equality.js';
export { asPyException, formatPyError, PyException } from './py/py-errors.js';
export { jsonDumps } from './py/py-json-dump.js';
export { jsonDecodeError, jsonLoads, parseJson } from './py/py-json-parse.js';
export { literalEval } from './py/py-literal-eval.js';
export { floatRepr, pyRepr, pyStr, strRepr } from './py/py-repr.js';
export { isPyWhitespaceCode, pyStrip } from './py/py-str.js';
export {
  isPyInt,
  PY_NAN,
  PyFloat,
  type PyInt,
  type PyList,
  PyTuple,
  type PyValue,
  pyFloat,
  pyInt,
  pyTypeName,
} from './py/py-value.js';
