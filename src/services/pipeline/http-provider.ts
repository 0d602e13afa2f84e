import { batchedRead } from './batched-read.js';
import { createHttpConsolidationsApi } from './http-consolidations-api.js';
import { createHttpEventTypesApi } from './http-event-types-api.js';
import { createHttpInputsApi } from './http-inputs-api.js';
import { type HttpPipelineProviderOptions, parseHttpPipelineProviderOptions } from './http-provider-options.js';
import { createHttpSamplesApi } from './http-samples-api.js';
import { createHttpSecretsApi } from './http-secrets-api.js';
import { MetricsResponseSchema, metricsQueryParams, StatusTypesResponseSchema, toMetricSeries } from './metrics.js';
import { parsePythonResponse } from './parse-python-response.js';
import { PipelineError } from './pipeline-error.js';
import { createPipelineHttpClient } from './pipeline-http-client.js';
import type { PipelineProvider } from './provider.js';
import { quotePathSegment } from './rest-url.js';
import { EventTypesResponseSchema, InputsResponseSchema, MappingSchema } from './schemas.js';
import { stripMappingStats } from './strip-stats.js';
import {
  encodeRunBody,
  encodeStepsBody,
  readRunAnswer,
  readSamplesAnswer,
  readStepsAnswer,
} from './transform-contract.js';

export type { HttpPipelineProviderOptions } from './http-provider-options.js';

/**
 * A PipelineProvider speaking the Alooma REST contract (docs: shared/reference/alooma-api.md) with axios.
 * Throws a TypeError at construction when the options are invalid; every call rejects with a PipelineError.
 */
export function createHttpPipelineProvider(options: HttpPipelineProviderOptions): PipelineProvider {
  const config = parseHttpPipelineProviderOptions(options);
  const client = createPipelineHttpClient(config);
  const decode = { secret: config.apiKey };
  const listInputs = batchedRead(async () =>
    Object.values(
      await client.sendJson({ method: 'GET', path: 'inputs', resource: 'inputs list' }, InputsResponseSchema),
    ),
  );
  const listEventTypes = batchedRead(() =>
    client.sendJson({ method: 'GET', path: 'event-types', resource: 'event types list' }, EventTypesResponseSchema),
  );

  return {
    ...createHttpInputsApi(client),
    ...createHttpEventTypesApi(client, { clearStatsTimeoutMs: config.clearStatsTimeoutMs }),
    ...createHttpSecretsApi(client),
    ...createHttpSamplesApi(client, { apiKey: config.apiKey }),
    ...createHttpConsolidationsApi(client),

    listInputs,

    async updateInput(input) {
      if (!input.id) throw new PipelineError('bad_request', 'Cannot update an input without an id');
      await client.send({
        method: 'PUT',
        path: `inputs/${quotePathSegment(input.id)}`,
        json: input,
        resource: `input with id '${input.id}' (${input.name})`,
      });
    },

    async setInputPaused(inputId, paused) {
      await client.send({
        method: 'PUT',
        path: `inputs/${quotePathSegment(inputId)}/pause`,
        query: { pause: String(paused) },
        resource: `input with id '${inputId}'`,
      });
    },

    listEventTypes,

    async getMapping(eventType) {
      return client.sendJson(
        { method: 'GET', path: `event-types/${quotePathSegment(eventType)}`, resource: `event type '${eventType}'` },
        MappingSchema,
        stripMappingStats,
      );
    },

    async setMapping(eventType, mapping) {
      await client.send({
        method: 'POST',
        path: `event-types/${quotePathSegment(eventType)}/mapping`,
        json: mapping,
        timeoutMs: config.mappingTimeoutMs,
        resource: `event type '${eventType}'`,
      });
    },

    async getMetrics(query) {
      const response = await client.sendJson(
        { method: 'GET', path: 'metrics', query: metricsQueryParams(query), resource: 'metrics' },
        MetricsResponseSchema,
      );
      return toMetricSeries(response);
    },

    async getStatusTypes() {
      return client.sendJson(
        { method: 'GET', path: 'status-types', resource: 'status types' },
        StatusTypesResponseSchema,
      );
    },

    // Transform calls: bodies with Python's json rules, see transform-contract.ts.
    async getTransformSteps(eventType) {
      const path = `transform/steps/${quotePathSegment(eventType)}`;
      const body = await client.send({ method: 'GET', path, resource: `event type '${eventType}'` });
      return parsePythonResponse(body, { ...decode, label: `GET ${path}` }, readStepsAnswer).steps;
    },

    async setTransformSteps(eventType, steps) {
      await client.send({
        method: 'PUT',
        path: `transform/steps/${quotePathSegment(eventType)}`,
        jsonText: encodeStepsBody(steps),
        resource: `event type '${eventType}'`,
      });
    },

    async runTransformSteps(steps, sample) {
      const path = 'transform/steps/run';
      const body = await client.send({
        method: 'POST',
        path,
        jsonText: encodeRunBody(steps, sample),
        resource: 'transform run endpoint',
      });
      return parsePythonResponse(body, { ...decode, label: `POST ${path}` }, readRunAnswer);
    },

    async listSamples(eventType) {
      const query = { eventType };
      const body = await client.send({ method: 'GET', path: 'samples', query, resource: 'samples endpoint' });
      const label = `GET samples?${new URLSearchParams(query).toString()}`;
      return parsePythonResponse(body, { ...decode, label }, readSamplesAnswer);
    },
  };
}
