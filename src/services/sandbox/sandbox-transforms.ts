import {
  asPyException,
  compileSteps,
  jsonDumps,
  PyDict,
  type PyValue,
  parseEventJson,
  parseJson,
  runSteps,
  StepValidationError,
} from '../../transforms/index.js';
import type { TransformRunResult, TransformStepList } from '../pipeline/transform-contract.js';
import { encodeRunAnswer, readStepList } from '../pipeline/transform-contract.js';
import type { SandboxData } from './sandbox-data.js';
import { getEventType } from './sandbox-event-types.js';
import { badRequest } from './sandbox-http-error.js';

/**
 * The sandbox's transform steps and samples (pipeops' contract extension, see pipeline/transform-contract.ts).
 * Everything is read and written with Python's json rules; the state keeps JSON text (sandbox-transform-data.ts).
 */

/** A request body read with Python's json rules; must be an object. */
export function parsePythonBody(rawBody: string): PyDict {
  let value: PyValue;
  try {
    value = parseJson(rawBody);
  } catch (error) {
    throw badRequest(`Request body is not JSON: ${String(error)}`);
  }
  if (!(value instanceof PyDict)) throw badRequest('Request body must be a JSON object');
  return value;
}

/** Validates a step list with the transforms compiler; a 400 with its Python-style message when invalid. */
function validSteps(value: PyValue | undefined): TransformStepList {
  if (value === undefined) throw badRequest('Request body needs "steps": a list of steps');
  try {
    compileSteps(value);
  } catch (error) {
    if (error instanceof StepValidationError) throw badRequest(error.message);
    throw error;
  }
  return readStepList(value);
}

/** `GET transform/steps/{name}`: the steps (`[]` when none); 404 for an unknown event type. */
export function readTransformSteps(data: Readonly<SandboxData>, name: string): TransformStepList {
  getEventType(data, name);
  const text = data.transforms.steps[name];
  return text === undefined ? [] : readStepList(parseJson(text));
}

/** `PUT transform/steps/{name}` with `{"steps": [...]}`: validates and stores; returns what is stored. */
export function storeTransformSteps(data: SandboxData, name: string, body: PyDict): TransformStepList {
  getEventType(data, name);
  const steps = validSteps(body.get('steps'));
  if (steps.length === 0) delete data.transforms.steps[name];
  else data.transforms.steps[name] = jsonDumps(steps);
  return steps;
}

/**
 * `POST transform/steps/run` with `{"steps": [...], "sample": {...}}`: runs the sample through the steps with
 * src/transforms and answers the run body. An output json.dumps refuses (a tuple key) is reported as an error
 * without a step, as the pipeline could not load such an event.
 */
export function runTransformBody(body: PyDict): string {
  const steps = validSteps(body.get('steps'));
  const sample = body.get('sample');
  if (!(sample instanceof PyDict)) throw badRequest('Request body needs "sample": an event (a JSON object)');
  const run = runSteps(steps, sample);
  const result: TransformRunResult = run.ok
    ? { ok: true, events: run.events }
    : { ok: false, error: { step: run.failure.stepIndex, fn: run.failure.fn, message: run.failure.error } };
  try {
    return encodeRunAnswer(result);
  } catch (error) {
    const py = asPyException(error);
    if (!py) throw error;
    return encodeRunAnswer({ ok: false, error: { step: null, fn: null, message: py.toString() } });
  }
}

/** `GET samples[?eventType=<name>]`: one event type's samples, or every event type's; `[]` when none. */
export function readSamples(data: Readonly<SandboxData>, eventType: string | null): PyDict[] {
  const texts =
    eventType === null ? Object.values(data.transforms.samples).flat() : (data.transforms.samples[eventType] ?? []);
  return texts.map(parseEventJson);
}

/** Replaces an event type's samples (a JSON list of objects); 404 for an unknown event type. */
export function storeSamples(data: SandboxData, name: string, samples: PyValue): PyDict[] {
  getEventType(data, name);
  if (!Array.isArray(samples) || !samples.every((sample) => sample instanceof PyDict)) {
    throw badRequest('Samples must be a JSON list of events (objects)');
  }
  const events = samples as PyDict[];
  if (events.length === 0) delete data.transforms.samples[name];
  else data.transforms.samples[name] = events.map((event) => jsonDumps(event));
  return events;
}
