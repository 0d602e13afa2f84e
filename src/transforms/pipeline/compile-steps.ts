import type { z } from 'zod';
import { fromJs } from '../py/py-convert.js';
import { PyDict } from '../py/py-dict.js';
import { formatPyError } from '../py/py-errors.js';
import { parseJson } from '../py/py-json-parse.js';
import { PyFloat, type PyValue } from '../py/py-value.js';
import { findStepFunction, type StepFunction } from './step-catalog.js';
import { StepListSchema } from './step-schema.js';

/** One problem found in a step list; `stepIndex` is the 0-based position of the step when known. */
export interface StepIssue {
  readonly stepIndex: number | undefined;
  readonly path: string;
  readonly message: string;
}

/** A step list that does not validate; `message` has one line per issue, fit to show a user. */
export class StepValidationError extends Error {
  readonly issues: readonly StepIssue[];

  constructor(issues: readonly StepIssue[]) {
    super(issues.map(describeIssue).join('\n'));
    this.name = 'StepValidationError';
    this.issues = issues;
  }
}

function describeIssue(issue: StepIssue): string {
  const where = issue.stepIndex === undefined ? 'steps' : `step ${issue.stepIndex}`;
  return `${where}${issue.path === '' ? '' : ` ${issue.path}`}: ${issue.message}`;
}

/** A validated step: the function and its arguments bound to positions (defaults filled in). */
export interface CompiledStep {
  readonly index: number;
  readonly fn: StepFunction;
  readonly args: readonly PyValue[];
  /** Positions of list/dict arguments the function may store into the event (copied per event). */
  readonly copiedArgs: readonly number[];
}

/** A validated, bound step list, ready for `runSteps`. */
export class CompiledPipeline {
  readonly steps: readonly CompiledStep[];

  constructor(steps: readonly CompiledStep[]) {
    this.steps = steps;
  }
}

/**
 * Validates and binds a step list. `source` is either plain JavaScript (e.g. from `JSON.parse` or storage) or a
 * value of the Python model from `parseJson` — prefer the latter (or {@link compileStepsJson}): it keeps the order
 * of integer-like keys in mapping arguments and the int/float distinction (`1.0`), which plain objects lose.
 * Throws {@link StepValidationError}.
 */
export function compileSteps(source: unknown): CompiledPipeline {
  const fromModel = source instanceof PyDict || (Array.isArray(source) && source.some((s) => s instanceof PyDict));
  const shape = fromModel ? modelShape(source as PyValue) : source;
  const parsed = StepListSchema.safeParse(shape);
  if (!parsed.success) throw new StepValidationError(parsed.error.issues.map(toStepIssue));
  const steps = parsed.data.map((step, index): CompiledStep => {
    const fn = findStepFunction(step.fn) as StepFunction;
    const given = fromModel
      ? modelArgs((source as PyValue[])[index] as PyDict)
      : new Map(Object.entries(step.args).map(([name, value]) => [name, fromJs(value)]));
    const args = fn.params.map((param) => (given.has(param.name) ? given.get(param.name) : param.default) as PyValue);
    const copiedArgs = fn.params.flatMap((param, i) => {
      const value = args[i];
      return param.storedInEvent && value !== null && typeof value === 'object' && !(value instanceof PyFloat)
        ? [i]
        : [];
    });
    return { index, fn, args, copiedArgs };
  });
  return new CompiledPipeline(steps);
}

/** Parses a JSON step list with Python's json rules (order and int/float kept), then {@link compileSteps}. */
export function compileStepsJson(text: string): CompiledPipeline {
  let source: PyValue;
  try {
    source = parseJson(text);
  } catch (error) {
    throw new StepValidationError([{ stepIndex: undefined, path: '', message: formatPyError(error) }]);
  }
  return compileSteps(source);
}

function toStepIssue(issue: z.core.$ZodIssue): StepIssue {
  const [first, ...rest] = issue.path;
  const stepIndex = typeof first === 'number' ? first : undefined;
  const path = (stepIndex === undefined ? issue.path : rest).map(String).join('.');
  return { stepIndex, path, message: issue.message };
}

function modelArgs(step: PyDict): Map<string, PyValue> {
  const args = step.get('args');
  const given = new Map<string, PyValue>();
  if (args instanceof PyDict) for (const [name, value] of args) given.set(name as string, value);
  return given;
}

/** The step list as plain JavaScript for the schema: argument values are replaced by null (only names matter). */
function modelShape(value: PyValue): unknown {
  if (!Array.isArray(value)) return plainShape(value);
  return value.map((step) => {
    if (!(step instanceof PyDict)) return plainShape(step);
    const out: Record<string, unknown> = {};
    for (const [key, item] of step) {
      out[String(key)] =
        key === 'args' && item instanceof PyDict
          ? Object.fromEntries([...item.keys()].map((name) => [String(name), null]))
          : plainShape(item);
    }
    return out;
  });
}

function plainShape(value: PyValue): unknown {
  if (value instanceof PyDict) return Object.fromEntries([...value].map(([k, v]) => [String(k), plainShape(v)]));
  if (Array.isArray(value)) return value.map(plainShape);
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'bigint') return Number(value);
  return value;
}
