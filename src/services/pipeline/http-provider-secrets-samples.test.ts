import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { pipelineFailure, rawLogs, useNock } from '../../../test/support/http-provider-test-setup.js';
import { jsonDumps } from '../../transforms/index.js';
import { createHttpPipelineProvider } from './http-provider.js';

const BASE = 'https://pipeline.example.test';
const API_KEY = 'sk-live-secrets-samples-KEY';
const CANARY = 'canary-Zq8-value-never-shown';

const logs = rawLogs();
const provider = () =>
  createHttpPipelineProvider({
    baseUrl: BASE,
    accountName: 'acme',
    apiKey: API_KEY,
    retries: 1,
    retryBaseDelayMs: 1,
    logger: logs.logger,
  });

useNock({ expectAllUsed: true });

describe('HTTP provider: secrets (alooma-api.md §6)', () => {
  it('GET secrets: the names, deduplicated and sorted', async () => {
    nock(BASE, { reqheaders: { authorization: `API ${API_KEY}` } })
      .get('/acme/rest/secrets')
      .reply(200, ['my_user', 'MY_PASSWORD', 'my_user']);
    expect(await provider().listSecrets()).toEqual(['MY_PASSWORD', 'my_user']);
  });

  it('GET secrets answering something else than a list of names is an invalid_response', async () => {
    nock(BASE).get('/acme/rest/secrets').reply(200, { my_user: 'x' });
    const error = await pipelineFailure(provider().listSecrets());
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('GET secrets');
  });

  it('PUT secrets sends {name: value} as JSON', async () => {
    let sent: unknown;
    nock(BASE)
      .put('/acme/rest/secrets', (body) => {
        sent = body;
        return true;
      })
      .reply(200, '');
    await provider().setSecrets({ DB_PASSWORD: CANARY });
    expect(sent).toEqual({ DB_PASSWORD: CANARY });
  });

  it.each([400, 500, 422])(
    'a PUT secrets answered %i whose body echoes the value: the error names the status, never the value',
    async (status) => {
      logs.clear();
      nock(BASE)
        .put('/acme/rest/secrets')
        .reply(status, { error: 'bad', message: `value '${CANARY}' is not allowed`, echo: CANARY.slice(0, 12) });
      const error = await pipelineFailure(provider().setSecrets({ DB_PASSWORD: CANARY }));
      expect(error.status).toBe(status);
      expect(error.message).toMatch(new RegExp(`^The pipeline (refused|failed on) PUT secrets with HTTP ${status}$`));
      expect(error.message).not.toContain(CANARY.slice(0, 12));
      expect(logs.text()).not.toContain(CANARY.slice(0, 12));
    },
  );

  it('a PUT secrets that times out says so (retried once: PUT is idempotent)', async () => {
    nock(BASE).put('/acme/rest/secrets').times(2).reply(504, `gateway gave up on ${CANARY}`);
    const error = await pipelineFailure(provider().setSecrets({ X: CANARY }));
    expect(error.code).toBe('timeout');
    expect(error.message).not.toContain(CANARY);
  });

  it('DELETE secrets/{name} quotes the name (the reference client does not); 404 names the secret', async () => {
    nock(BASE).delete('/acme/rest/secrets/odd%20name%2Fx').reply(200, '');
    await provider().deleteSecret('odd name/x');
    nock(BASE).delete('/acme/rest/secrets/GONE').reply(404, '');
    const error = await pipelineFailure(provider().deleteSecret('GONE'));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain("secret 'GONE'");
  });
});

describe('HTTP provider: samples with status codes and sample stats', () => {
  it('GET samples?eventType=…&status=…: events kept exactly, status from the item or else from the sample', async () => {
    const body = `[{"sample": {"b": 1.0, "a": {"10": 1, "8": 2}}, "status": "MAPPING_ERROR"}, {"sample": {"id": 1, "status": "VALID"}}, {"sample": {"id": 2}}]`;
    nock(BASE)
      .get('/acme/rest/samples')
      .query({ eventType: 'storefront/checkout completed', status: 'MAPPING_ERROR' })
      .reply(200, body);
    const entries = await provider().listSampleEntries({
      eventType: 'storefront/checkout completed',
      status: 'MAPPING_ERROR',
    });
    expect(entries.map((entry) => entry.status)).toEqual(['MAPPING_ERROR', 'VALID', null]);
    expect(entries.map((entry) => jsonDumps(entry.event))).toEqual([
      '{"b": 1.0, "a": {"10": 1, "8": 2}}',
      '{"id": 1, "status": "VALID"}',
      '{"id": 2}',
    ]);
  });

  it('GET samples without a status sends only the event type; a bad shape names where', async () => {
    nock(BASE).get('/acme/rest/samples').query({ eventType: 'E' }).reply(200, '[{"sample": {}, "status": 3}]');
    const error = await pipelineFailure(provider().listSampleEntries({ eventType: 'E' }));
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('[0].status');
  });

  it('GET samples/stats: {event type: {status: count}}, validated', async () => {
    nock(BASE)
      .get('/acme/rest/samples/stats')
      .reply(200, { 'PUBLIC.ORDERS': { VALID: 10, TRANSFORM_ERROR: 2 } });
    expect(await provider().getSampleStats()).toEqual({ 'PUBLIC.ORDERS': { VALID: 10, TRANSFORM_ERROR: 2 } });
    nock(BASE)
      .get('/acme/rest/samples/stats')
      .reply(200, { E: { VALID: 'many' } });
    expect((await pipelineFailure(provider().getSampleStats())).code).toBe('invalid_response');
  });
});
