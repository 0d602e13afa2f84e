import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { useNock } from '../../../test/support/http-provider-test-setup.js';
import { createHttpPipelineProvider } from './http-provider.js';
import { metricsQueryParams, toMetricSeries } from './metrics.js';
import { PipelineError } from './pipeline-error.js';

const BASE = 'https://pipeline.example.test';
const API_KEY = 'sk-metrics-0123456789-TOPSECRET';

const provider = () =>
  createHttpPipelineProvider({ baseUrl: BASE, apiKey: API_KEY, accountName: 'acme', retries: 0, retryBaseDelayMs: 1 });

describe('metrics in the HTTP contract', () => {
  useNock();

  it('asks GET metrics?metrics=A,B&from=-<m>min&resolution=<r>min and keeps nulls and second timestamps', async () => {
    const scope = nock(BASE, { reqheaders: { authorization: `API ${API_KEY}` } })
      .get('/acme/rest/metrics')
      .query({ metrics: 'EVENTS_IN_PIPELINE,ERROR_EVENTS', from: '-60min', resolution: '60min' })
      .reply(200, [
        {
          target: 'EVENTS_IN_PIPELINE',
          datapoints: [
            [null, 1566165600],
            [1520, 1566162000],
          ],
        },
        {
          target: 'ERROR_EVENTS',
          datapoints: [
            [3, 1566162000],
            [0, 1566165600],
          ],
        },
      ]);
    const series = await provider().getMetrics({ metrics: ['EVENTS_IN_PIPELINE', 'ERROR_EVENTS'], minutes: 60 });
    expect(scope.isDone()).toBe(true);
    expect(series).toEqual([
      // Sorted oldest first whatever order the server used.
      {
        metric: 'EVENTS_IN_PIPELINE',
        tags: {},
        points: [
          [1520, 1566162000],
          [null, 1566165600],
        ],
      },
      {
        metric: 'ERROR_EVENTS',
        tags: {},
        points: [
          [3, 1566162000],
          [0, 1566165600],
        ],
      },
    ]);
  });

  it('sends the by= extension only when asked and reads tagged series', async () => {
    nock(BASE)
      .get('/acme/rest/metrics')
      .query({ metrics: 'ERROR_EVENTS', from: '-15min', resolution: '1min', by: 'input' })
      .reply(200, [
        { target: 'ERROR_EVENTS;input=orders', tags: { name: 'ERROR_EVENTS', input: 'orders' }, datapoints: [[5, 60]] },
        { target: 'ERROR_EVENTS;input=users db', datapoints: [[1, 60]] },
      ]);
    const series = await provider().getMetrics({
      metrics: ['ERROR_EVENTS'],
      minutes: 15,
      resolutionMinutes: 1,
      by: 'input',
    });
    expect(series.map((s) => [s.metric, s.tags])).toEqual([
      ['ERROR_EVENTS', { input: 'orders' }],
      ['ERROR_EVENTS', { input: 'users db' }],
    ]);
  });

  it('rejects an answer that is not Graphite-shaped with a clear PipelineError', async () => {
    nock(BASE)
      .get('/acme/rest/metrics')
      .query(true)
      .reply(200, [{ target: 'ERROR_EVENTS', datapoints: [['3', 1566162000]] }]);
    const error = await provider()
      .getMetrics({ metrics: ['ERROR_EVENTS'], minutes: 5 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as PipelineError).code).toBe('invalid_response');
    expect((error as PipelineError).message).toMatch(/GET metrics\?.*unexpected shape at 0\.datapoints\.0\.0/);
    expect((error as PipelineError).message).not.toContain(API_KEY);
  });

  it('reads GET status-types as {code: description}', async () => {
    nock(BASE).get('/acme/rest/status-types').reply(200, { VALID: 'ok', PARSE_ERROR: 'bad json' });
    expect(await provider().getStatusTypes()).toEqual({ VALID: 'ok', PARSE_ERROR: 'bad json' });
  });

  it('GET status-types: a list where an object is expected is invalid_response, a 500 is server_error', async () => {
    nock(BASE).get('/acme/rest/status-types').reply(200, ['VALID']);
    const shape = await provider()
      .getStatusTypes()
      .catch((e: unknown) => e);
    expect(shape).toMatchObject({ code: 'invalid_response' });
    expect((shape as PipelineError).message).toContain('GET status-types');
    nock(BASE).get('/acme/rest/status-types').reply(500, 'boom');
    const failed = await provider()
      .getStatusTypes()
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(PipelineError);
    expect(failed).toMatchObject({ code: 'server_error' });
    expect((failed as PipelineError).message).toMatch(/HTTP 500/);
  });

  it('builds the query like the reference client and refuses nonsense locally', () => {
    expect(metricsQueryParams({ metrics: ['LATENCY_MAX'], minutes: 30, resolutionMinutes: 5 })).toEqual({
      metrics: 'LATENCY_MAX',
      from: '-30min',
      resolution: '5min',
    });
    expect(() => metricsQueryParams({ metrics: [], minutes: 30 })).toThrow(/at least one metric/);
    expect(() => metricsQueryParams({ metrics: ['LATENCY_MAX'], minutes: 0.5 })).toThrow(/whole number/);
  });

  it('takes tags from the target when the answer has no tags object, and `name` as the metric', () => {
    expect(
      toMetricSeries([
        { target: 'INCOMING_EVENTS;event_type=PUBLIC.ORDERS;other=x', datapoints: [] },
        { target: 'whatever', tags: { name: 'ERROR_EVENTS', event_type: 'a;b' }, datapoints: [] },
      ]),
    ).toEqual([
      { metric: 'INCOMING_EVENTS', tags: { event_type: 'PUBLIC.ORDERS' }, points: [] },
      { metric: 'ERROR_EVENTS', tags: { event_type: 'a;b' }, points: [] },
    ]);
  });
});
