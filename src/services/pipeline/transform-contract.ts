import { jsonDumps, PyDict, type PyValue, pyTypeName } from '../../transforms/index.js';

/**
 * pipeops' extension of the pipeline contract for declarative transforms (Alooma stores Python code; pipeops
 * stores step lists, see src/transforms). Bodies are JSON read and written with Python's rules (`parseJson` /
 * `jsonDumps`), because step arguments and sample events must keep integer-like key order and `1.0` vs `1`:
 *
 * - `GET transform/steps/{eventType}` → `{"eventType": "<name>", "steps": [...]}` (`[]` when none; 404 unknown)
 * - `PUT transform/steps/{eventType}` with `{"steps": [...]}` → 200 with the stored `{"eventType", "steps"}`;
 *   400 `{"error": "bad_request", "message": "step 0 fn: NameError: name 'x' is not defined"}` when invalid
 * - `POST transform/steps/run` with `{"steps": [...], "sample": {...}}` →
 *   `{"result": [events] | null, "error": {"step": <index> | null, "fn": <name> | null, "message": "KeyError: 'b'"} | null}`
 *   (the analogue of Alooma's `transform/v2/functions/run`; a split returns several events, a drop none)
 * - `GET samples?eventType=<name>` → `[{"sample": {...}}, ...]` (alooma-api.md §6)
 */

/** A step list as the pipeline stores it: `{"fn", "args"}` dicts in the Python value model. */
export type TransformStepList = PyDict[];

/** Where and why a transform raised, as the run call reports it. */
export interface TransformRunError {
  /** 0-based index of the failing step; null when the failure is not a step's (e.g. the output is not JSON). */
  step: number | null;
  fn: string | null;
  /** Python-style `"<ExceptionType>: <message>"`. */
  message: string;
}

export type TransformRunResult = { ok: true; events: PyDict[] } | { ok: false; error: TransformRunError };

/** A body that is JSON but not the expected shape; `where` is a path like `steps[2]`. */
export class BodyShapeError extends Error {
  readonly where: string;

  constructor(where: string, message: string) {
    super(message);
    this.name = 'BodyShapeError';
    this.where = where;
  }
}

const dict = (entries: [string, PyValue][]): PyDict => PyDict.fromEntries(entries);

/** `{"steps": [...]}`, the PUT body. */
export function encodeStepsBody(steps: TransformStepList): string {
  return jsonDumps(dict([['steps', steps]]));
}

/** `{"eventType": ..., "steps": [...]}`, the GET/PUT answer. */
export function encodeStepsAnswer(eventType: string, steps: TransformStepList): string {
  return jsonDumps(
    dict([
      ['eventType', eventType],
      ['steps', steps],
    ]),
  );
}

/** `{"steps": [...], "sample": {...}}`, the run body. */
export function encodeRunBody(steps: TransformStepList, sample: PyDict): string {
  return jsonDumps(
    dict([
      ['steps', steps],
      ['sample', sample],
    ]),
  );
}

/** The run answer. Throws a TypeError (json.dumps') when an output event is not JSON-serialisable. */
export function encodeRunAnswer(result: TransformRunResult): string {
  const error = result.ok
    ? null
    : dict([
        ['step', result.error.step],
        ['fn', result.error.fn],
        ['message', result.error.message],
      ]);
  return jsonDumps(
    dict([
      ['result', result.ok ? result.events : null],
      ['error', error],
    ]),
  );
}

/** `[{"sample": {...}}, ...]`, the samples answer. */
export function encodeSamplesAnswer(samples: readonly PyDict[]): string {
  return jsonDumps(samples.map((sample) => dict([['sample', sample]])));
}

function field(value: PyDict, key: string): PyValue | undefined {
  return value.get(key);
}

function expectDict(value: PyValue | undefined, where: string): PyDict {
  if (value instanceof PyDict) return value;
  throw new BodyShapeError(where, `expected an object, got ${describeType(value)}`);
}

function expectList(value: PyValue | undefined, where: string): PyValue[] {
  if (Array.isArray(value)) return value;
  throw new BodyShapeError(where, `expected a list, got ${describeType(value)}`);
}

function describeType(value: PyValue | undefined): string {
  if (value === undefined) return 'nothing';
  const name = pyTypeName(value);
  return name === 'dict' ? 'an object' : name === 'list' ? 'a list' : name === 'NoneType' ? 'null' : name;
}

/** A step list's shape: a list of objects with a string `fn` (the compiler judges the rest). */
export function readStepList(value: PyValue | undefined, where = 'steps'): TransformStepList {
  return expectList(value, where).map((item, index) => {
    const step = expectDict(item, `${where}[${index}]`);
    if (typeof field(step, 'fn') !== 'string') {
      throw new BodyShapeError(`${where}[${index}].fn`, `expected a string, got ${describeType(field(step, 'fn'))}`);
    }
    return step;
  });
}

/** Reads a GET/PUT `transform/steps/{eventType}` answer. */
export function readStepsAnswer(value: PyValue): { eventType: string; steps: TransformStepList } {
  const body = expectDict(value, '(top level)');
  const eventType = field(body, 'eventType');
  if (typeof eventType !== 'string') {
    throw new BodyShapeError('eventType', `expected a string, got ${describeType(eventType)}`);
  }
  return { eventType, steps: readStepList(field(body, 'steps')) };
}

/** Reads a `transform/steps/run` answer. */
export function readRunAnswer(value: PyValue): TransformRunResult {
  const body = expectDict(value, '(top level)');
  const error = field(body, 'error');
  if (error !== undefined && error !== null) {
    const e = expectDict(error, 'error');
    const step = field(e, 'step') ?? null;
    const fn = field(e, 'fn') ?? null;
    const message = field(e, 'message');
    if (step !== null && typeof step !== 'number') throw new BodyShapeError('error.step', 'expected an int or null');
    if (fn !== null && typeof fn !== 'string') throw new BodyShapeError('error.fn', 'expected a string or null');
    if (typeof message !== 'string') throw new BodyShapeError('error.message', 'expected a string');
    return { ok: false, error: { step, fn, message } };
  }
  const result = expectList(field(body, 'result'), 'result');
  return { ok: true, events: result.map((event, index) => expectDict(event, `result[${index}]`)) };
}

/** Reads a `GET samples` answer: the events under each item's `sample`. */
export function readSamplesAnswer(value: PyValue): PyDict[] {
  return expectList(value, '(top level)').map((item, index) =>
    expectDict(field(expectDict(item, `[${index}]`), 'sample'), `[${index}].sample`),
  );
}
