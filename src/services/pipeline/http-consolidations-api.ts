import { ConsolidationQueriesSchema, DeployInfoSchema } from './consolidation-schemas.js';
import type { PipelineHttpClient } from './pipeline-http-client.js';
import type { PipelineProvider } from './provider.js';
import { quotePathSegment } from './rest-url.js';

type ConsolidationsApi = Pick<
  PipelineProvider,
  'listConsolidations' | 'getDeployInfo' | 'createConsolidation' | 'removeConsolidation'
>;

/** `GET|POST v2/consolidation`, `DELETE v2/consolidation/{id}`, `GET deployInfo` (alooma-api.md §5). */
export function createHttpConsolidationsApi(client: PipelineHttpClient): ConsolidationsApi {
  return {
    async listConsolidations(eventType) {
      return client.sendJson(
        {
          method: 'GET',
          path: 'v2/consolidation',
          ...(eventType === undefined ? {} : { query: { event_type: eventType } }),
          resource: 'consolidations list',
        },
        ConsolidationQueriesSchema,
      );
    },

    async getDeployInfo() {
      return client.sendJson({ method: 'GET', path: 'deployInfo', resource: 'deployment info' }, DeployInfoSchema);
    },

    async createConsolidation(body) {
      await client.send({
        method: 'POST',
        path: 'v2/consolidation',
        json: body,
        resource: `consolidation endpoint for '${body.event_type}'`,
      });
    },

    async removeConsolidation(id) {
      await client.send({
        method: 'DELETE',
        path: `v2/consolidation/${quotePathSegment(id)}`,
        resource: `consolidation query ${id}`,
      });
    },
  };
}
