import type { PipelineHttpClient } from './pipeline-http-client.js';
import { DefaultMappingModeResponseSchema } from './plumbing-schemas.js';
import type { PipelineProvider } from './provider.js';
import { quotePathSegment } from './rest-url.js';

/** The provider's event-type and default-mapping-mode calls (alooma-api.md §4), spread into createHttpPipelineProvider. */
export function createHttpEventTypesApi(
  client: PipelineHttpClient,
  /** The clear-stats call may rewrite a large table's stats: it gets its own, longer deadline. */
  options: { clearStatsTimeoutMs: number },
): Pick<
  PipelineProvider,
  'deleteEventType' | 'clearEventTypeStats' | 'getDefaultMappingMode' | 'setDefaultMappingMode'
> {
  return {
    async deleteEventType(eventType) {
      await client.send({
        method: 'DELETE',
        path: `event-types/${quotePathSegment(eventType)}`,
        resource: `event type '${eventType}'`,
      });
    },

    async clearEventTypeStats(eventType) {
      // MA does not quote the name here (alooma-api.md §4); quoting is what every other event-type call does.
      await client.send({
        method: 'DELETE',
        path: `event-types/${quotePathSegment(eventType)}/clear-stats`,
        timeoutMs: options.clearStatsTimeoutMs,
        resource: `event type '${eventType}'`,
      });
    },

    async getDefaultMappingMode() {
      return client.sendJson(
        { method: 'GET', path: 'mapping-mode', resource: 'default mapping mode' },
        DefaultMappingModeResponseSchema,
      );
    },

    async setDefaultMappingMode(mode) {
      // The body is the mode as a JSON string (AP alooma.py:203-220).
      await client.send({ method: 'POST', path: 'mapping-mode', json: mode, resource: 'default mapping mode' });
    },
  };
}
