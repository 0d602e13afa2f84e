import { encodeSampleEntries } from '../pipeline/samples-contract.js';
import { badRequest } from './sandbox-http-error.js';
import { pathParam, type Route } from './sandbox-router.js';
import { readSampleEntries, sampleStats, setSampleStatus } from './sandbox-samples.js';
import { deleteSecret, listSecretNames, putSecrets } from './sandbox-secrets.js';
import type { SandboxState } from './sandbox-state.js';

/**
 * Secrets and samples of the contract (alooma-api.md §6; samples-contract.ts). Response shapes of `PUT secrets` and
 * `DELETE secrets/{name}` are unverified upstream (the client returns the raw response); chosen: 200 with the names.
 * `GET samples` answers `[{"sample", "status"}]`, filtered by every `status=` given (the reference client repeats it).
 */
export function createSecretSampleRoutes(state: SandboxState): Route[] {
  return [
    { method: 'GET', pattern: 'secrets', handler: () => ({ status: 200, body: state.read(listSecretNames) }) },
    {
      method: 'PUT',
      pattern: 'secrets',
      handler: (request) => ({ status: 200, body: state.mutate((data) => putSecrets(data, request.body)) }),
    },
    {
      method: 'DELETE',
      pattern: 'secrets/:name',
      handler: (request) => {
        state.mutate((data) => deleteSecret(data, pathParam(request, 'name')));
        return { status: 200, body: state.read(listSecretNames) };
      },
    },
    {
      method: 'GET',
      pattern: 'samples',
      handler: (request) => {
        const eventType = request.query.get('eventType');
        const statuses = request.query.getAll('status');
        return {
          status: 200,
          text: encodeSampleEntries(state.read((data) => readSampleEntries(data, eventType, statuses))),
        };
      },
    },
    { method: 'GET', pattern: 'samples/stats', handler: () => ({ status: 200, body: state.read(sampleStats) }) },
  ];
}

/** Under `/__sandbox/`: `PUT sample-status/:uuid` with `{"status": "<code>"}` sets a sample's status behind pipeops' back. */
export function createSampleControlRoutes(state: SandboxState): Route[] {
  return [
    {
      method: 'PUT',
      pattern: 'sample-status/:uuid',
      handler: (request) => {
        const body = request.body;
        if (typeof body !== 'object' || body === null) throw badRequest('Expected {"status": "<code>"}');
        state.mutate((data) =>
          setSampleStatus(data, pathParam(request, 'uuid'), (body as { status?: unknown }).status),
        );
        return { status: 200, body: { uuid: pathParam(request, 'uuid') } };
      },
    },
  ];
}
