import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { pipelineFailure, useNock } from '../../../test/support/http-provider-test-setup.js';
import { createHttpPipelineProvider } from './http-provider.js';

const BASE = 'https://pipeline.example.test';
const API_KEY = 'sk-live-consolidations-KEY';
const provider = () =>
  createHttpPipelineProvider({ baseUrl: BASE, accountName: 'acme', apiKey: API_KEY, retries: 1, retryBaseDelayMs: 1 });
const api = () => nock(BASE, { reqheaders: { authorization: `API ${API_KEY}` } });

/** The documented query object (MA tests/test_consolidations.py:30-50). */
const FIXTURE = {
  id: 12345,
  name: 'consolidate_my_account_incremental',
  event_type: 'MY_SCHEMA.A_TABLE',
  schedule: { cron: '*/30 * * * *' },
  query_type: 'incremental',
  is_active: true,
  is_running: false,
  start_time: '2019-01-01T00:00:00.00000Z',
  next_run_time: '2019-08-01T00:30:00.00Z',
  last_run_start_time: '2019-08-01T00:00:00.00Z',
  last_run_end_time: '2019-08-01T00:00:02.00Z',
  error_message: null,
  docker_img: 'muppet-consolidation',
};

useNock({ expectAllUsed: true });

describe('HTTP provider: consolidations (alooma-api.md §5)', () => {
  it('GET v2/consolidation: the documented query, id as text, unknown keys kept', async () => {
    api().get('/acme/rest/v2/consolidation').reply(200, [FIXTURE]);
    const [query] = await provider().listConsolidations();
    expect(query).toMatchObject({ id: '12345', event_type: 'MY_SCHEMA.A_TABLE', schedule: { cron: '*/30 * * * *' } });
    expect(query?.docker_img).toBe('muppet-consolidation');
  });

  it('GET v2/consolidation?event_type=…: filtered by the pipeline', async () => {
    api().get('/acme/rest/v2/consolidation').query({ event_type: 'storefront/checkout completed' }).reply(200, []);
    expect(await provider().listConsolidations('storefront/checkout completed')).toEqual([]);
  });

  it('an unexpected shape is an invalid_response naming where', async () => {
    api()
      .get('/acme/rest/v2/consolidation')
      .reply(200, [{ id: 1 }]);
    const error = await pipelineFailure(provider().listConsolidations());
    expect(error.code).toBe('invalid_response');
    expect(error.message).toMatch(/GET v2\/consolidation with an unexpected shape at 0\.event_type/);
  });

  it('GET deployInfo: the deployment name', async () => {
    api().get('/acme/rest/deployInfo').reply(200, { deploymentName: 'acme-prod' });
    expect(await provider().getDeployInfo()).toEqual({ deploymentName: 'acme-prod' });
  });

  it("POST v2/consolidation: managealooma's body; a 400 is bad_request, not retried", async () => {
    const body = {
      event_type: 'PUBLIC.ORDERS',
      run_at: '*/15 * * * *',
      query_type: 'incremental',
      deployment_name: 'acme-prod',
    };
    api().post('/acme/rest/v2/consolidation', body).reply(200, { id: 7 });
    await provider().createConsolidation(body);
    api().post('/acme/rest/v2/consolidation').reply(400, { message: 'bad cron' });
    const error = await pipelineFailure(provider().createConsolidation(body));
    expect(error).toMatchObject({ code: 'bad_request', status: 400 });
    expect(error.message).toMatch(/refused POST v2\/consolidation with HTTP 400: .*bad cron/);
  });

  it('DELETE v2/consolidation/{id}: 404 names the query', async () => {
    api().delete('/acme/rest/v2/consolidation/12345').reply(204);
    await provider().removeConsolidation('12345');
    api().delete('/acme/rest/v2/consolidation/999').reply(404, {});
    const error = await pipelineFailure(provider().removeConsolidation('999'));
    expect(error.code).toBe('not_found');
    expect(error.message).toBe('The pipeline has no consolidation query 999 (404 on DELETE v2/consolidation/999)');
  });

  it('a 503 on a GET is retried once', async () => {
    api()
      .get('/acme/rest/deployInfo')
      .reply(503, 'busy')
      .get('/acme/rest/deployInfo')
      .reply(200, { deploymentName: 'x' });
    expect(await provider().getDeployInfo()).toEqual({ deploymentName: 'x' });
  });
});
