import { createHash } from 'node:crypto';
import {
  compileStepsJson,
  findStepFunction,
  jsonDumps,
  PyDict,
  type PyValue,
  parseJson,
  pyRepr,
} from '../../transforms/index.js';
import { readStepList, type TransformStepList } from '../pipeline/transform-contract.js';

/**
 * Text forms of a step list. The editable form is JSON written with Python's rules, one step per line:
 *
 *     [
 *       {"fn": "convert_all_event_fields_to_snake_case"},
 *       {"fn": "flatten_json", "args": {"field_or_field_list": "a_dictionary", "levels": 1}}
 *     ]
 *
 * The review form is the Python call a managealooma user would write in code_engine.py.
 */

/** The editable text: one step per line; `[]` when there are none. */
export function formatStepList(steps: TransformStepList): string {
  if (steps.length === 0) return '[]';
  return `[\n${steps.map((step) => `  ${jsonDumps(step)}`).join(',\n')}\n]`;
}

/**
 * Parses and validates edited text with the transforms compiler (Python's json rules, managealooma names).
 * Throws a StepValidationError whose message is fit to show (one line per problem).
 */
export function parseStepListText(text: string): TransformStepList {
  compileStepsJson(text);
  return readStepList(parseJson(text));
}

/**
 * A step as the Python call it stands for, keyword arguments in the function's parameter order:
 * `flatten_json(event, field_or_field_list='a_dictionary', levels=1)`. Lossless for review and staleness
 * (repr keeps `1.0`, `True`/`1` and dict order apart); argument order as written does not matter.
 */
export function stepCall(step: PyDict): string {
  const fn = String(step.get('fn'));
  const args = step.get('args');
  const given = args instanceof PyDict ? args : new PyDict();
  const known = findStepFunction(fn)?.params.map((param) => param.name) ?? [];
  const names = [
    ...known.filter((name) => given.has(name)),
    ...given.keyList().filter((name): name is string => typeof name === 'string' && !known.includes(name)),
  ];
  const kwargs = names.map((name) => `${name}=${pyRepr(given.get(name) as PyValue)}`);
  return `${fn}(${['event', ...kwargs].join(', ')})`;
}

/** A short fingerprint of what the steps do (their calls), to tell whether they changed since they were read. */
export function stepsFingerprint(steps: TransformStepList): string {
  return callsFingerprint(steps.map(stepCall));
}

/** {@link stepsFingerprint} from the steps' calls (see {@link stepCall}). */
export function callsFingerprint(calls: readonly string[]): string {
  return createHash('sha256').update(calls.join('\n')).digest('hex').slice(0, 16);
}
