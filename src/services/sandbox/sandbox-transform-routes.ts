import { PyDict, type PyValue, parseJson } from '../../transforms/index.js';
import { encodeSamplesAnswer, encodeStepsAnswer } from '../pipeline/transform-contract.js';
import { badRequest } from './sandbox-http-error.js';
import { pathParam, type Route } from './sandbox-router.js';
import type { SandboxState } from './sandbox-state.js';
import {
  parsePythonBody,
  readTransformSteps,
  runTransformBody,
  storeSamples,
  storeTransformSteps,
} from './sandbox-transforms.js';

/**
 * REST routes of pipeops' transform extension (pipeline/transform-contract.ts). Bodies in and out use Python's
 * json rules. `GET samples` (with status codes) is in sandbox-secret-sample-routes.ts.
 */
export function createTransformRoutes(state: SandboxState): Route[] {
  return [
    {
      method: 'GET',
      pattern: 'transform/steps/:name',
      handler: (request) => {
        const name = pathParam(request, 'name');
        return {
          status: 200,
          text: encodeStepsAnswer(
            name,
            state.read((data) => readTransformSteps(data, name)),
          ),
        };
      },
    },
    {
      method: 'PUT',
      pattern: 'transform/steps/:name',
      handler: (request) => {
        const name = pathParam(request, 'name');
        const body = parsePythonBody(request.rawBody);
        const steps = state.mutate((data) => storeTransformSteps(data, name, body));
        return { status: 200, text: encodeStepsAnswer(name, steps) };
      },
    },
    {
      // Matched after `transform/steps/:name` (GET, PUT), so an event type named "run" still works for those.
      method: 'POST',
      pattern: 'transform/steps/run',
      handler: (request) => ({ status: 200, text: runTransformBody(parsePythonBody(request.rawBody)) }),
    },
  ];
}

/**
 * Controls under `/__sandbox/` to change transforms behind pipeops' back (tests, demos, the console):
 * - `PUT transform/steps/:name` with the step list itself (`[...]`, not wrapped)
 * - `PUT samples/:name` with a JSON list of sample events
 */
export function createTransformControlRoutes(state: SandboxState): Route[] {
  return [
    {
      method: 'PUT',
      pattern: 'transform/steps/:name',
      handler: (request) => {
        const name = pathParam(request, 'name');
        const body = PyDict.fromEntries([['steps', parseList(request.rawBody)]]);
        const steps = state.mutate((data) => storeTransformSteps(data, name, body));
        return { status: 200, text: encodeStepsAnswer(name, steps) };
      },
    },
    {
      method: 'PUT',
      pattern: 'samples/:name',
      handler: (request) => {
        const name = pathParam(request, 'name');
        const samples = parseList(request.rawBody);
        return { status: 200, text: encodeSamplesAnswer(state.mutate((data) => storeSamples(data, name, samples))) };
      },
    },
  ];
}

function parseList(rawBody: string): PyValue[] {
  let value: PyValue;
  try {
    value = parseJson(rawBody);
  } catch (error) {
    throw badRequest(`Request body is not JSON: ${String(error)}`);
  }
  if (!Array.isArray(value)) throw badRequest('Expected a JSON list');
  return value;
}
