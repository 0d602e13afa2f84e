import type { PipelineHttpClient } from './pipeline-http-client.js';
import { PlumbingStructureSchema } from './plumbing-schemas.js';
import type { PipelineProvider } from './provider.js';
import { quotePathSegment } from './rest-url.js';

/** The provider's plumbing calls for inputs (alooma-api.md §3), spread into createHttpPipelineProvider. */
export function createHttpInputsApi(
  client: PipelineHttpClient,
): Pick<PipelineProvider, 'getStructure' | 'createInput' | 'removeInput'> {
  return {
    async getStructure() {
      return client.sendJson(
        { method: 'GET', path: 'plumbing/', query: { resolution: '1min' }, resource: 'plumbing structure' },
        PlumbingStructureSchema,
      );
    },

    async createInput(input) {
      // The answer is ignored, as the reference client does: the new node is found by polling (see the input.create kind).
      await client.send({ method: 'POST', path: 'plumbing/inputs', json: input, resource: 'input creation endpoint' });
    },

    async removeInput(inputId) {
      await client.send({
        method: 'POST',
        path: `plumbing/nodes/remove/${quotePathSegment(inputId)}`,
        resource: `input with id '${inputId}'`,
      });
    },
  };
}
