import { parsePythonResponse } from './parse-python-response.js';
import type { PipelineHttpClient } from './pipeline-http-client.js';
import type { PipelineProvider } from './provider.js';
import { readSampleEntries, SampleStatsSchema } from './samples-contract.js';

type SamplesApi = Pick<PipelineProvider, 'listSampleEntries' | 'getSampleStats'>;

/** `GET samples` with statuses and `GET samples/stats` (samples-contract.ts). */
export function createHttpSamplesApi(client: PipelineHttpClient, options: { apiKey: string }): SamplesApi {
  return {
    async listSampleEntries({ eventType, status }) {
      // URL-encoded here (the reference client sends the event type raw, and `samples&status=` without one).
      const query: Record<string, string> = { eventType, ...(status === undefined ? {} : { status }) };
      const body = await client.send({ method: 'GET', path: 'samples', query, resource: 'samples endpoint' });
      const label = `GET samples?${new URLSearchParams(query).toString()}`;
      return parsePythonResponse(body, { secret: options.apiKey, label }, readSampleEntries);
    },

    async getSampleStats() {
      return client.sendJson({ method: 'GET', path: 'samples/stats', resource: 'sample stats' }, SampleStatsSchema);
    },
  };
}
