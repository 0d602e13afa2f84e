import { findStepFunction, NON_STEP_FUNCTIONS, type StepFunction } from './step-catalog.js';

function quoteList(names: readonly string[]): string {
  const quoted = names.map((name) => `'${name}'`);
  if (quoted.length === 1) return quoted[0] as string;
  if (quoted.length === 2) return `${quoted[0]} and ${quoted[1]}`;
  return `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
}

/**
 * What CPython 3.11 raises for `fn(event, **args)` with these keyword names, or undefined when the call binds.
 * Keywords are checked in the order given (the first unknown one, or `event` given again, is reported), then the
 * missing required parameters, with CPython's texts:
 * `TypeError: flatten_json() got an unexpected keyword argument 'x'`,
 * `TypeError: flatten_json() got multiple values for argument 'event'`,
 * `TypeError: flatten_json() missing 2 required positional arguments: 'field_or_field_list' and 'levels'`,
 * `NameError: name 'flaten_json' is not defined`.
 */
export function checkStepCall(fnName: string, argNames: readonly string[]): string | undefined {
  const fn = findStepFunction(fnName);
  if (fn === undefined) {
    if (NON_STEP_FUNCTIONS.includes(fnName)) {
      return `TypeError: ${fnName}() takes a string, not an event, so it cannot be a pipeline step`;
    }
    return `NameError: name '${fnName}' is not defined`;
  }
  return checkArguments(fn, argNames);
}

function checkArguments(fn: StepFunction, argNames: readonly string[]): string | undefined {
  const known = new Set(fn.params.map((p) => p.name));
  for (const name of argNames) {
    if (name === 'event') return `TypeError: ${fn.name}() got multiple values for argument 'event'`;
    if (!known.has(name)) return `TypeError: ${fn.name}() got an unexpected keyword argument '${name}'`;
  }
  const given = new Set(argNames);
  const missing = fn.params.filter((p) => p.default === undefined && !given.has(p.name)).map((p) => p.name);
  if (missing.length === 0) return undefined;
  const noun = missing.length === 1 ? 'argument' : 'arguments';
  return `TypeError: ${fn.name}() missing ${missing.length} required positional ${noun}: ${quoteList(missing)}`;
}
