import { getEventType, listEventTypeSummaries, storeMapping } from './sandbox-event-types.js';
import { badRequest } from './sandbox-http-error.js';
import { replaceInput, setInputPaused } from './sandbox-inputs.js';
import { pathParam, type Route } from './sandbox-router.js';
import type { SandboxState } from './sandbox-state.js';

/**
 * The Alooma REST contract the sandbox serves, relative to `/rest/` or `/<account>/rest/`
 * (shared/reference/alooma-api.md §3-§4). Where the reference leaves an answer's shape unverified,
 * the choice is noted on the route.
 */
export function createRestRoutes(state: SandboxState): Route[] {
  return [
    {
      method: 'GET',
      pattern: 'inputs',
      handler: () => ({ status: 200, body: state.read((data) => data.inputs) }),
    },
    {
      // Answers 200 with the stored input (the client ignores the body).
      method: 'PUT',
      pattern: 'inputs/:id',
      handler: (request) => ({
        status: 200,
        body: state.mutate((data) => replaceInput(data, pathParam(request, 'id'), request.body)),
      }),
    },
    {
      // Response shape unverified in the reference; chosen: 200 with the updated input object.
      method: 'PUT',
      pattern: 'inputs/:id/pause',
      handler: (request) => {
        const paused = pauseFlag(request.query);
        return {
          status: 200,
          body: state.mutate((data) => setInputPaused(data, pathParam(request, 'id'), paused)),
        };
      },
    },
    {
      method: 'GET',
      pattern: 'event-types',
      handler: () => ({ status: 200, body: state.read(listEventTypeSummaries) }),
    },
    {
      method: 'GET',
      pattern: 'event-types/:name',
      handler: (request) => ({
        status: 200,
        body: state.read((data) => getEventType(data, pathParam(request, 'name'))),
      }),
    },
    {
      // Answers 200 with the stored event type (stats included); the client ignores the body.
      method: 'POST',
      pattern: 'event-types/:name/mapping',
      handler: (request) => ({
        status: 200,
        body: state.mutate((data) => storeMapping(data, pathParam(request, 'name'), request.body)),
      }),
    },
  ];
}

function pauseFlag(query: URLSearchParams): boolean {
  const value = query.get('pause');
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw badRequest(`Query parameter pause must be 'true' or 'false', got ${value === null ? 'nothing' : `'${value}'`}`);
}
