import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { pipelineFailure, useNock } from '../../../test/support/http-provider-test-setup.js';
import { createHttpPipelineProvider } from './http-provider.js';
import type { PipelineError, PipelineErrorCode } from './pipeline-error.js';

const BASE = 'https://pipeline.example.test';
const API_KEY = 'sk-plumbing-0123456789-TOPSECRET';
const AUTH = { reqheaders: { authorization: `API ${API_KEY}` } };

const provider = (timeoutMs = 2_000) =>
  createHttpPipelineProvider({ baseUrl: BASE, apiKey: API_KEY, retries: 0, retryBaseDelayMs: 1, timeoutMs });

async function failure(promise: Promise<unknown>, code: PipelineErrorCode): Promise<PipelineError> {
  const error = await pipelineFailure(promise);
  expect(error.code).toBe(code);
  expect(error.message).not.toContain(API_KEY);
  return error;
}

const structure = {
  nodes: [
    { id: 'in-1', name: 'orders_db', type: 'ODBC', category: 'INPUT', deleted: false, stats: { throughput: 12 } },
    { id: 'tr-1', name: 'Code Engine', type: 'TRANSFORMER', category: 'TRANSFORMER', stats: { throughput: 12 } },
    { id: 'rs-1', name: 'Restream', type: 'RESTREAM', category: 'INPUT', stats: { availbleForRestream: 4 } },
    { id: 'out-1', name: 'Snowflake', type: 'SNOWFLAKE', category: 'OUTPUT', stats: null, extra: 'kept' },
  ],
  edges: [],
};

describe('HTTP provider: plumbing, event-type deletion and the default mapping mode', () => {
  useNock();

  it('GET plumbing/?resolution=1min returns the nodes, unknown fields kept', async () => {
    const scope = nock(BASE, AUTH).get('/rest/plumbing/').query({ resolution: '1min' }).reply(200, structure);
    await expect(provider().getStructure()).resolves.toEqual(structure);
    expect(scope.isDone()).toBe(true);
  });

  it('refuses a structure without nodes with an invalid_response naming the place', async () => {
    nock(BASE, AUTH)
      .get('/rest/plumbing/')
      .query(true)
      .reply(200, { nodes: [{ id: 'x' }] });
    const error = await failure(provider().getStructure(), 'invalid_response');
    expect(error.message).toContain('GET plumbing/?resolution=1min');
    expect(error.message).toContain('nodes.0.name');
  });

  it('POST plumbing/inputs sends {name, type, configuration, copyCredentialsFrom} and ignores the answer', async () => {
    let sent: unknown;
    const scope = nock(BASE, AUTH)
      .post('/rest/plumbing/inputs')
      .reply((_uri, body) => {
        sent = body;
        return [201, 'not json at all'];
      });
    const body = { name: 'orders_copy', type: 'ODBC', configuration: { port: 5432 }, copyCredentialsFrom: 'in-1' };
    await provider().createInput(body);
    expect(sent).toEqual(body);
    expect(scope.isDone()).toBe(true);
  });

  it('POST plumbing/nodes/remove/{id} quotes the id and sends no body', async () => {
    let sent: unknown = 'not called';
    nock(BASE, AUTH)
      .post('/rest/plumbing/nodes/remove/a%2Fb')
      .reply((_uri, body) => {
        sent = body;
        return [200, {}];
      });
    await provider().removeInput('a/b');
    expect(sent).toBe('');
  });

  it('DELETE event-types/{name} and …/clear-stats quote the name; 204 is success', async () => {
    const scope = nock(BASE, AUTH)
      .delete('/rest/event-types/storefront%2Fcheckout%20completed')
      .reply(204)
      .delete('/rest/event-types/PUBLIC.ORDERS/clear-stats')
      .reply(204);
    await provider().deleteEventType('storefront/checkout completed');
    await provider().clearEventTypeStats('PUBLIC.ORDERS');
    expect(scope.isDone()).toBe(true);
  });

  it.each([['"STRICT"'], ['{"mappingMode":"STRICT"}'], ['{"mode":"STRICT"}']])(
    'GET mapping-mode reads %s',
    async (answer) => {
      nock(BASE, AUTH).get('/rest/mapping-mode').reply(200, answer);
      await expect(provider().getDefaultMappingMode()).resolves.toBe('STRICT');
    },
  );

  it('GET mapping-mode refuses an unknown mode', async () => {
    nock(BASE, AUTH).get('/rest/mapping-mode').reply(200, '"LOUD"');
    await failure(provider().getDefaultMappingMode(), 'invalid_response');
  });

  it('POST mapping-mode sends the mode as a JSON string', async () => {
    // A string body spec is compared with the raw body: the quotes must be there.
    const scope = nock(BASE, AUTH).post('/rest/mapping-mode', '"FLEXIBLE"').reply(200, '"FLEXIBLE"');
    await provider().setDefaultMappingMode('FLEXIBLE');
    expect(scope.isDone()).toBe(true);
  });

  describe('error mapping', () => {
    it('404 on removal names the input', async () => {
      nock(BASE, AUTH).post('/rest/plumbing/nodes/remove/gone').reply(404, { message: 'no such node' });
      const error = await failure(provider().removeInput('gone'), 'not_found');
      expect(error.message).toContain("input with id 'gone'");
    });

    it('404 on delete names the event type', async () => {
      nock(BASE, AUTH).delete('/rest/event-types/NOPE').reply(404, {});
      const error = await failure(provider().deleteEventType('NOPE'), 'not_found');
      expect(error.message).toContain("event type 'NOPE'");
    });

    it('400 on create carries the pipeline’s reason', async () => {
      nock(BASE, AUTH).post('/rest/plumbing/inputs').reply(400, { message: 'name already taken' });
      const error = await failure(
        provider().createInput({ name: 'x', type: 'ODBC', configuration: {} }),
        'bad_request',
      );
      expect(error.message).toContain('name already taken');
    });

    it('500 on clear-stats is a server_error, not retried (DELETE)', async () => {
      const scope = nock(BASE, AUTH).delete('/rest/event-types/E/clear-stats').once().reply(503, 'busy');
      await failure(provider().clearEventTypeStats('E'), 'server_error');
      expect(scope.isDone()).toBe(true);
    });

    it('504 on mapping-mode is a timeout', async () => {
      nock(BASE, AUTH).post('/rest/mapping-mode').reply(504, '');
      await failure(provider().setDefaultMappingMode('STRICT'), 'timeout');
    });

    it('a slow plumbing answer times out at the client deadline', async () => {
      nock(BASE, AUTH).get('/rest/plumbing/').query(true).delay(500).reply(200, structure);
      const error = await failure(provider(100).getStructure(), 'timeout');
      expect(error.message).toContain('timed out');
    });

    it('clear-stats has its own, longer deadline than the other calls, and times out at it', async () => {
      const slow = createHttpPipelineProvider({
        baseUrl: BASE,
        apiKey: API_KEY,
        retries: 0,
        timeoutMs: 50,
        clearStatsTimeoutMs: 400,
      });
      nock(BASE, AUTH).delete('/rest/event-types/E/clear-stats').delay(150).reply(204);
      await slow.clearEventTypeStats('E');
      nock(BASE, AUTH).delete('/rest/event-types/E/clear-stats').delay(800).reply(204);
      const error = await failure(slow.clearEventTypeStats('E'), 'timeout');
      expect(error.message).toContain('timed out after 0.4 s');
    });

    it('401 is unauthorized', async () => {
      nock(BASE, AUTH).get('/rest/mapping-mode').reply(401, '');
      await failure(provider().getDefaultMappingMode(), 'unauthorized');
    });
  });
});
