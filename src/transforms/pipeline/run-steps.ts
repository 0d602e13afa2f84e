import { pyDeepCopy } from '../py/py-deepcopy.js';
import { PyDict } from '../py/py-dict.js';
import { asPyException } from '../py/py-errors.js';
import type { PyValue } from '../py/py-value.js';
import { CompiledPipeline, type CompiledStep, compileSteps } from './compile-steps.js';

/** Where and how a step raised. */
export interface StepFailure {
  /** 0-based position of the failing step in the list. */
  readonly stepIndex: number;
  /** managealooma name of the failing function. */
  readonly fn: string;
  /** Python exception type, e.g. `KeyError`. */
  readonly pyType: string;
  /** `"<ExceptionType>: <str(e)>"`, e.g. `KeyError: 'b'`. */
  readonly error: string;
}

export type RunResult =
  | { readonly ok: true; readonly events: PyDict[] }
  | { readonly ok: false; readonly failure: StepFailure };

/**
 * Runs an event through the steps, in order, and returns the output events (one, or several after a split step;
 * none when a split produced an empty list). When a step returns a list, every following step is applied to
 * each element and the results are concatenated in order. The first exception stops the run and is reported
 * with the step that raised it; no partial output is returned for that input event (as a Python transform that
 * raises yields nothing).
 *
 * The input event is owned by the run: in-place functions mutate it, exactly as managealooma's do. Pass a copy
 * (`pyDeepCopy`) when the caller still needs the original. `steps` is a {@link CompiledPipeline} (compile once,
 * run many) or anything {@link compileSteps} accepts (validated on every call; throws StepValidationError).
 */
export function runSteps(steps: CompiledPipeline | unknown, event: PyDict): RunResult {
  const pipeline = steps instanceof CompiledPipeline ? steps : compileSteps(steps);
  // One event flows until a step returns a list; from then on, a list of them.
  let single: PyDict | undefined = event;
  let events: PyDict[] = [];
  for (const step of pipeline.steps) {
    try {
      if (single !== undefined) {
        const result: PyDict | PyDict[] = step.fn.invoke(single, argsFor(step));
        if (result instanceof PyDict) single = result;
        else {
          single = undefined;
          events = result.slice();
        }
        continue;
      }
      const next: PyDict[] = [];
      for (const current of events) {
        const result = step.fn.invoke(current, argsFor(step));
        if (result instanceof PyDict) next.push(result);
        else for (const item of result) next.push(item);
      }
      events = next;
    } catch (error) {
      const py = asPyException(error);
      if (py === undefined) throw error;
      return {
        ok: false,
        failure: { stepIndex: step.index, fn: step.fn.name, pyType: py.pyType, error: py.toString() },
      };
    }
  }
  return { ok: true, events: single === undefined ? events : [single] };
}

function argsFor(step: CompiledStep): readonly PyValue[] {
  if (step.copiedArgs.length === 0) return step.args;
  const args = [...step.args];
  for (const i of step.copiedArgs) args[i] = pyDeepCopy(args[i] ?? null);
  return args;
}
