import { z } from 'zod';
import { describeIssue } from './describe-issue.js';
import { clearEventTypeStats, deleteEventType, setDefaultMappingMode } from './sandbox-event-type-ops.js';
import { badRequest } from './sandbox-http-error.js';
import { createInput, findInputIdByName, readStructure, removeInput } from './sandbox-plumbing.js';
import { pathParam, type Route } from './sandbox-router.js';
import type { SandboxState } from './sandbox-state.js';

/**
 * REST routes for plumbing, event-type deletion and the default mapping mode (alooma-api.md §3-§4). Where the
 * reference leaves an answer unverified, the choice is noted on the route.
 */
export function createPlumbingRoutes(state: SandboxState, now: () => number = Date.now): Route[] {
  return [
    {
      // `resolution` is accepted and ignored: throughput is always per minute of the newest minute.
      method: 'GET',
      pattern: 'plumbing/',
      handler: () => ({ status: 200, body: state.read((data) => readStructure(data, now())) }),
    },
    {
      // The client ignores the answer (AP alooma.py:336-370); chosen: 201 with the new input (credentials left out).
      method: 'POST',
      pattern: 'plumbing/inputs',
      handler: (request) => ({ status: 201, body: state.mutate((data) => createInput(data, request.body, now())) }),
    },
    {
      // No body, answer ignored by the client; chosen: 200 `{"removed": id}`.
      method: 'POST',
      pattern: 'plumbing/nodes/remove/:id',
      handler: (request) => {
        const removed = state.mutate((data) => removeInput(data, pathParam(request, 'id')));
        return { status: 200, body: { removed: removed.id } };
      },
    },
    {
      method: 'DELETE',
      pattern: 'event-types/:name',
      handler: (request) => {
        state.mutate((data) => deleteEventType(data, pathParam(request, 'name')));
        return { status: 204 };
      },
    },
    {
      // MA expects 204 (MA mappings.py:1084-1097).
      method: 'DELETE',
      pattern: 'event-types/:name/clear-stats',
      handler: (request) => {
        state.mutate((data) => clearEventTypeStats(data, pathParam(request, 'name')));
        return { status: 204 };
      },
    },
    {
      // Shape unverified upstream; chosen: the mode as a JSON string, like the POST body.
      method: 'GET',
      pattern: 'mapping-mode',
      handler: () => ({ status: 200, body: state.read((data) => data.defaultMappingMode) }),
    },
    {
      method: 'POST',
      pattern: 'mapping-mode',
      handler: (request) => ({ status: 200, body: state.mutate((data) => setDefaultMappingMode(data, request.body)) }),
    },
  ];
}

const DefaultModeBodySchema = z.strictObject({ mappingMode: z.unknown() });

/**
 * Out-of-band controls under `/__sandbox/` for the plumbing calls, as someone using the pipeline's own UI would act:
 * - `POST inputs` with a `POST plumbing/inputs` body (creates an input behind pipeops' back)
 * - `DELETE inputs/:input` (`:input` is an id or a name) and `DELETE event-types/:name`
 * - `PUT mapping-mode` `{"mappingMode": "STRICT"}`
 * Faults for every new REST call are the generic ones (`POST /__sandbox/faults` with the call's path).
 */
export function createPlumbingControlRoutes(state: SandboxState, now: () => number = Date.now): Route[] {
  return [
    {
      method: 'POST',
      pattern: 'inputs',
      handler: (request) => ({ status: 201, body: state.mutate((data) => createInput(data, request.body, now())) }),
    },
    {
      method: 'DELETE',
      pattern: 'inputs/:input',
      handler: (request) => ({
        status: 200,
        body: state.mutate((data) => removeInput(data, findInputIdByName(data, pathParam(request, 'input')))),
      }),
    },
    {
      method: 'DELETE',
      pattern: 'event-types/:name',
      handler: (request) => ({
        status: 200,
        body: state.mutate((data) => deleteEventType(data, pathParam(request, 'name'))),
      }),
    },
    {
      method: 'PUT',
      pattern: 'mapping-mode',
      handler: (request) => {
        const parsed = DefaultModeBodySchema.safeParse(request.body);
        if (!parsed.success) throw badRequest(`Expected {"mappingMode": ...}: ${describeIssue(parsed.error)}`);
        const { mappingMode } = parsed.data;
        return { status: 200, body: state.mutate((data) => setDefaultMappingMode(data, mappingMode)) };
      },
    },
  ];
}
