import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pipelineFailure, rawLogs, useNock } from '../../../test/support/http-provider-test-setup.js';
import { createHttpPipelineProvider, type HttpPipelineProviderOptions } from './http-provider.js';
import type { PipelineError, PipelineErrorCode } from './pipeline-error.js';
import { parseRetryAfter } from './pipeline-http-client.js';
import type { Input, Mapping } from './schemas.js';

const BASE = 'https://pipeline.example.test';
const API_KEY = 'sk-live-0123456789-TOPSECRET';
const AUTH = { authorization: `API ${API_KEY}` };

const logs = rawLogs();
const thrown: unknown[] = [];

function provider(overrides: Partial<HttpPipelineProviderOptions> = {}) {
  return createHttpPipelineProvider({
    baseUrl: BASE,
    apiKey: API_KEY,
    retryBaseDelayMs: 1,
    logger: logs.logger,
    ...overrides,
  });
}

/** Awaits a rejection, checks it is a PipelineError with `code`, and keeps it for the no-secret check. */
async function pipelineError(promise: Promise<unknown>, code: PipelineErrorCode): Promise<PipelineError> {
  const error = await pipelineFailure(promise);
  thrown.push(error);
  expect(error.code).toBe(code);
  return error;
}

const mixpanelInput: Input = {
  id: '34er34-34er-34er-34er-34er34er34er',
  name: 'mixpanel_engage_one',
  type: 'REST_INPUT',
  paused: false,
  validated: true,
  configuration: { auto_map: 'false', frequency: 240, parameters: [{ parameter: 'page', type: 'Text', value: 1 }] },
};
const odbcInput: Input = {
  id: '12345-asdfg',
  name: 'production_database',
  type: 'ODBC',
  paused: true,
  configuration: { tables: '{"orders":"xmin::text::bigint"}' },
};

const ordersMapping: Mapping = {
  name: 'PUBLIC.ORDERS',
  mappingMode: 'AUTO_MAP',
  usingDefaultMappingMode: false,
  consolidation: { consolidatedSchema: '', consolidatedTableName: '', consolidationKeys: '', viewSchema: null },
  mapping: { isDiscarded: false, outputId: 'a1s2d3-f4g5h6', schema: 'PUBLIC', tableName: 'ORDERS' },
  fields: [
    {
      fieldName: 'id',
      fields: [],
      mapping: { columnName: 'ID', isDiscarded: false, columnType: { type: 'NUMERIC', nonNull: true } },
    },
  ],
};

useNock();

afterEach(() => {
  for (const error of thrown) {
    expect(String((error as Error).message)).not.toContain(API_KEY);
    expect(inspect(error, { depth: 10 })).not.toContain(API_KEY);
  }
  thrown.length = 0;
  expect(logs.text()).not.toContain(API_KEY);
  logs.clear();
});

describe('HTTP pipeline provider: paths, shapes and headers', () => {
  it('GET inputs sends the API key header and returns the inputs of the id-keyed object', async () => {
    const scope = nock(BASE, { reqheaders: AUTH })
      .get('/rest/inputs')
      .reply(200, { [mixpanelInput.id]: mixpanelInput, [odbcInput.id]: odbcInput });

    const inputs = await provider().listInputs();

    expect(inputs).toEqual([mixpanelInput, odbcInput]);
    expect(inputs[0]?.validated).toBe(true);
    expect(scope.isDone()).toBe(true);
  });

  it('puts the account name in the REST root when given', async () => {
    const scope = nock(BASE, { reqheaders: AUTH }).get('/acme/rest/inputs').reply(200, {});

    await expect(provider({ baseUrl: `${BASE}/`, accountName: 'acme' }).listInputs()).resolves.toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it('PUT inputs/{id} sends the whole input object as JSON', async () => {
    let sent: unknown;
    let contentType: string | string[] | undefined;
    const scope = nock(BASE, { reqheaders: AUTH })
      .put(`/rest/inputs/${mixpanelInput.id}`)
      .reply(function (_uri, body) {
        sent = body;
        contentType = this.req.headers['content-type'];
        return [200, { ok: true }];
      });

    await provider().updateInput(mixpanelInput);

    expect(sent).toEqual(mixpanelInput);
    expect(contentType).toMatch(/^application\/json/);
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    [true, 'true'],
    [false, 'false'],
  ])('PUT inputs/{id}/pause?pause=%s has no body', async (paused, query) => {
    let sent: unknown = 'not called';
    const scope = nock(BASE, { reqheaders: AUTH })
      .put(`/rest/inputs/${odbcInput.id}/pause`)
      .query({ pause: query })
      .reply((_uri, body) => {
        sent = body;
        return [200, { paused }];
      });

    await provider().setInputPaused(odbcInput.id, paused);

    expect(sent).toBe('');
    expect(scope.isDone()).toBe(true);
  });

  it('GET event-types returns the summaries', async () => {
    const summary = {
      name: 'SOURCE_TWO.TABLE_ONE',
      mappingMode: 'STRICT',
      state: 'MAPPED',
      stats: { count: 5763 },
      origInputLabel: 'source_tWO',
      usingDefaultMappingMode: true,
    };
    nock(BASE, { reqheaders: AUTH }).get('/rest/event-types').reply(200, [summary]);

    await expect(provider().listEventTypes()).resolves.toEqual([summary]);
  });

  it('GET event-types/{name} strips stats at the top level and recursively from fields', async () => {
    nock(BASE, { reqheaders: AUTH })
      .get('/rest/event-types/PUBLIC.ORDERS')
      .reply(200, {
        ...ordersMapping,
        stats: { count: 12 },
        fields: [
          {
            fieldName: 'customer',
            stats: { count: 12 },
            mapping: null,
            fields: [{ fieldName: 'city', stats: { count: 9 }, fields: [], mapping: { columnName: 'CITY' } }],
          },
        ],
      });

    const mapping = await provider().getMapping('PUBLIC.ORDERS');

    expect(mapping).toEqual({
      ...ordersMapping,
      fields: [
        {
          fieldName: 'customer',
          mapping: null,
          fields: [{ fieldName: 'city', fields: [], mapping: { columnName: 'CITY' } }],
        },
      ],
    });
    expect(JSON.stringify(mapping)).not.toContain('stats');
  });

  it('URL-quotes event-type names with slashes, spaces and reserved characters', async () => {
    const paths: string[] = [];
    const anyPath = () => true;
    nock(BASE)
      .get(anyPath)
      .reply((uri) => {
        paths.push(uri);
        return [200, { name: 'x' }];
      })
      .post(anyPath)
      .reply((uri) => {
        paths.push(uri);
        return [200, {}];
      });
    const name = "storefront/checkout completed (v2)!'";

    await provider().getMapping(name);
    await provider().setMapping(name, { name });

    const quoted = 'storefront%2Fcheckout%20completed%20%28v2%29%21%27';
    expect(paths).toEqual([`/rest/event-types/${quoted}`, `/rest/event-types/${quoted}/mapping`]);
  });

  it('POST event-types/{name}/mapping sends the whole mapping', async () => {
    let sent: unknown;
    const scope = nock(BASE, { reqheaders: AUTH })
      .post('/rest/event-types/PUBLIC.ORDERS/mapping', (body) => {
        sent = body;
        return true;
      })
      .reply(200, '');

    await provider().setMapping('PUBLIC.ORDERS', ordersMapping);

    expect(sent).toEqual(ordersMapping);
    expect(scope.isDone()).toBe(true);
  });

  it('gives set-mapping its own, longer deadline', async () => {
    nock(BASE).post('/rest/event-types/PUBLIC.ORDERS/mapping').delay(300).reply(200, '');
    nock(BASE).get('/rest/event-types/PUBLIC.ORDERS').delay(300).reply(200, ordersMapping);
    const slowPipeline = provider({ timeoutMs: 100, mappingTimeoutMs: 5_000, retries: 0 });

    await expect(slowPipeline.setMapping('PUBLIC.ORDERS', ordersMapping)).resolves.toBeUndefined();
    const error = await pipelineError(slowPipeline.getMapping('PUBLIC.ORDERS'), 'timeout');
    expect(error.message).toBe('The pipeline call GET event-types/PUBLIC.ORDERS timed out after 0.1 s');
  });

  it('logs each request and response without headers', async () => {
    nock(BASE).get('/rest/inputs').reply(200, {});

    await provider().listInputs();

    const lines = logs
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toMatchObject([
      { msg: 'pipeline request', call: 'GET inputs', attempt: 1 },
      { msg: 'pipeline response', call: 'GET inputs', status: 200 },
    ]);
    expect(logs.text()).not.toMatch(/authorization/i);
  });
});

describe('HTTP pipeline provider: response validation', () => {
  it('reports a shape mismatch as invalid_response naming the call and the zod issue', async () => {
    nock(BASE)
      .get('/rest/event-types/PUBLIC.ORDERS')
      .reply(200, { ...ordersMapping, fields: [{ fieldName: 7, fields: [] }] });

    const error = await pipelineError(provider().getMapping('PUBLIC.ORDERS'), 'invalid_response');

    expect(error.message).toContain('GET event-types/PUBLIC.ORDERS');
    expect(error.message).toContain('fields.0.fieldName');
    expect(error.message).toMatch(/expected string/);
  });

  it('reports a list where an id-keyed object is expected', async () => {
    nock(BASE).get('/rest/inputs').reply(200, [mixpanelInput]);

    const error = await pipelineError(provider().listInputs(), 'invalid_response');

    expect(error.message).toMatch(/^The pipeline answered GET inputs with an unexpected shape at \(top level\)/);
  });

  it('reports a body that is not JSON', async () => {
    nock(BASE).get('/rest/event-types').reply(200, '<html>Maintenance</html>');

    const error = await pipelineError(provider().listEventTypes(), 'invalid_response');

    expect(error.message).toBe(
      'The pipeline answered GET event-types with a body that is not JSON: <html>Maintenance</html>',
    );
  });

  it('does not follow redirects (they could carry the API key elsewhere)', async () => {
    nock(BASE).get('/rest/inputs').reply(302, '', { location: 'https://elsewhere.example.test/rest/inputs' });

    const error = await pipelineError(provider().listInputs(), 'invalid_response');

    expect(error.message).toContain('HTTP 302');
    expect(error.status).toBe(302);
  });
});

describe('HTTP pipeline provider: error mapping', () => {
  it('maps 401 to unauthorized with a hint at the configuration', async () => {
    nock(BASE).get('/rest/inputs').reply(401, 'Invalid key or check account name.');

    const error = await pipelineError(provider().listInputs(), 'unauthorized');

    expect(error.message).toBe('The pipeline rejected the API key (401) — check PIPELINE_API_KEY / PIPELINE_ACCOUNT');
    expect(error.status).toBe(401);
  });

  it('maps 404 to not_found naming the resource', async () => {
    nock(BASE).get('/rest/event-types/PUBLIC.ORDRES').reply(404, { message: 'no such event type' });

    const error = await pipelineError(provider().getMapping('PUBLIC.ORDRES'), 'not_found');

    expect(error.message).toBe("The pipeline has no event type 'PUBLIC.ORDRES' (404 on GET event-types/PUBLIC.ORDRES)");
  });

  it('maps a 404 on pause to not_found naming the input id', async () => {
    nock(BASE).put('/rest/inputs/nope/pause').query({ pause: 'true' }).reply(404);

    const error = await pipelineError(provider().setInputPaused('nope', true), 'not_found');

    expect(error.message).toContain("input with id 'nope'");
  });

  it('maps 504 to timeout', async () => {
    nock(BASE).get('/rest/event-types').reply(504, 'gateway timeout');

    const error = await pipelineError(provider({ retries: 0 }).listEventTypes(), 'timeout');

    expect(error.message).toBe(
      'The pipeline call GET event-types timed out: the pipeline answered 504 Gateway Timeout (client limit 60 s)',
    );
  });

  it('maps a client-side deadline to timeout', async () => {
    nock(BASE).get('/rest/inputs').delay(500).reply(200, {});

    const error = await pipelineError(provider({ timeoutMs: 50, retries: 0 }).listInputs(), 'timeout');

    expect(error.message).toBe('The pipeline call GET inputs timed out after 0.05 s');
  });

  it('maps other 5xx to server_error with the status and a short excerpt', async () => {
    nock(BASE)
      .post('/rest/event-types/PUBLIC.ORDERS/mapping')
      .reply(500, `{"error":"boom",\n  "trace": "${'x'.repeat(500)}"}`);

    const error = await pipelineError(provider().setMapping('PUBLIC.ORDERS', ordersMapping), 'server_error');

    expect(error.status).toBe(500);
    expect(error.message).toMatch(
      /^The pipeline failed on POST event-types\/PUBLIC\.ORDERS\/mapping with HTTP 500: \{"error":"boom", "trace": "x+…$/,
    );
    expect(error.message.length).toBeLessThan(300);
  });

  it('maps other 4xx to bad_request with an excerpt', async () => {
    nock(BASE).put(`/rest/inputs/${odbcInput.id}`).reply(400, { message: 'configuration.tables must be JSON' });

    const error = await pipelineError(provider().updateInput(odbcInput), 'bad_request');

    expect(error.message).toBe(
      `The pipeline refused PUT inputs/${odbcInput.id} with HTTP 400: {"message":"configuration.tables must be JSON"}`,
    );
  });

  it('scrubs the API key from body excerpts a server echoes back', async () => {
    nock(BASE).get('/rest/event-types').reply(418, `rejected header authorization: API ${API_KEY}`);

    const error = await pipelineError(provider().listEventTypes(), 'bad_request');

    expect(error.message).toContain('authorization: API [redacted]');
  });

  it('rejects invalid options with a TypeError that does not echo the key', () => {
    expect(() => provider({ baseUrl: 'ftp://x' })).toThrow(/baseUrl must be an http\(s\) URL/);
    expect(() => provider({ apiKey: '' })).toThrow(/apiKey: apiKey must not be empty/);
    expect(() => provider({ timeout: 5 } as Partial<HttpPipelineProviderOptions>)).toThrow(/timeout/);
    expect(() => provider({ retries: -1 })).toThrow(TypeError);
    try {
      provider({ accountName: 'a/b' });
    } catch (error) {
      thrown.push(error);
    }
    expect(thrown).toHaveLength(1);
  });
});

describe('HTTP pipeline provider: retries', () => {
  it('retries a GET on 503 and succeeds', async () => {
    const scope = nock(BASE).get('/rest/inputs').reply(503, 'busy').get('/rest/inputs').reply(200, {});

    await expect(provider().listInputs()).resolves.toEqual([]);
    expect(scope.isDone()).toBe(true);
    expect(logs.text()).toContain('pipeline call failed, retrying');
  });

  it('gives up after 1 + retries attempts and says so', async () => {
    let calls = 0;
    nock(BASE)
      .get('/rest/inputs')
      .times(5)
      .reply(() => {
        calls += 1;
        return [502, 'bad gateway'];
      });

    const error = await pipelineError(provider({ retries: 2 }).listInputs(), 'server_error');

    expect(calls).toBe(3);
    expect(error.message).toBe('The pipeline failed on GET inputs with HTTP 502: bad gateway (after 3 attempts)');
  });

  it('retries the idempotent PUTs', async () => {
    const scope = nock(BASE)
      .put(`/rest/inputs/${odbcInput.id}/pause`)
      .query({ pause: 'false' })
      .reply(504)
      .put(`/rest/inputs/${odbcInput.id}/pause`)
      .query({ pause: 'false' })
      .reply(200, {});

    await provider().setInputPaused(odbcInput.id, false);

    expect(scope.isDone()).toBe(true);
  });

  it('never retries the POST', async () => {
    let calls = 0;
    nock(BASE)
      .post('/rest/event-types/PUBLIC.ORDERS/mapping')
      .times(3)
      .reply(() => {
        calls += 1;
        return [503, 'busy'];
      });

    await pipelineError(provider({ retries: 2 }).setMapping('PUBLIC.ORDERS', ordersMapping), 'server_error');

    expect(calls).toBe(1);
  });

  it('does not retry a 500 (not a transient status)', async () => {
    let calls = 0;
    nock(BASE)
      .get('/rest/inputs')
      .times(3)
      .reply(() => {
        calls += 1;
        return [500, 'boom'];
      });

    await pipelineError(provider().listInputs(), 'server_error');

    expect(calls).toBe(1);
  });

  it('retries a GET after 429, waiting as long as Retry-After asks', async () => {
    const scope = nock(BASE)
      .get('/rest/inputs')
      .reply(429, 'slow down', { 'retry-after': '1' })
      .get('/rest/inputs')
      .reply(200, {});
    const started = performance.now();
    await expect(provider({ retries: 2 }).listInputs()).resolves.toEqual([]);
    expect(scope.isDone()).toBe(true);
    // The base back-off here is a millisecond: only Retry-After explains a wait of about a second.
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('never retries a write after 429, not even an idempotent PUT', async () => {
    let calls = 0;
    nock(BASE)
      .put(`/rest/inputs/${odbcInput.id}/pause`)
      .query({ pause: 'true' })
      .times(3)
      .reply(() => {
        calls += 1;
        return [429, 'slow down', { 'retry-after': '0' }];
      });
    const error = await pipelineError(provider({ retries: 2 }).setInputPaused(odbcInput.id, true), 'bad_request');
    expect(calls).toBe(1);
    expect(error.status).toBe(429);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-12-02T10:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('does not retry when retries is 0', async () => {
    let calls = 0;
    nock(BASE)
      .get('/rest/inputs')
      .times(3)
      .reply(() => {
        calls += 1;
        return [503, 'busy'];
      });

    await pipelineError(provider({ retries: 0 }).listInputs(), 'server_error');

    expect(calls).toBe(1);
  });
});

describe('HTTP pipeline provider: real sockets on loopback', () => {
  let server: Server | undefined;

  beforeAll(() => {
    nock.enableNetConnect(/127\.0\.0\.1/);
  });

  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  afterAll(() => {
    nock.disableNetConnect();
  });

  async function listen(handler: RequestListener): Promise<string> {
    server = createServer(handler);
    const started = server;
    await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(started.address() as AddressInfo).port}`;
  }

  it('sends the authorization header name in lower case, as the reference client does', async () => {
    let rawHeaderNames: string[] = [];
    let headers: IncomingHttpHeaders = {};
    const baseUrl = await listen((req, res) => {
      rawHeaderNames = req.rawHeaders.filter((_value, index) => index % 2 === 0);
      headers = req.headers;
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });

    await provider({ baseUrl }).listInputs();

    expect(rawHeaderNames).toContain('authorization');
    expect(headers.authorization).toBe(`API ${API_KEY}`);
  });

  it('maps connection refused to unreachable naming the host', async () => {
    const baseUrl = await listen(() => undefined);
    const closed = server;
    await new Promise((resolve) => closed?.close(resolve));
    const host = new URL(baseUrl).host;

    const error = await pipelineError(provider({ baseUrl, retries: 0 }).listInputs(), 'unreachable');

    expect(error.message).toBe(
      `Cannot reach the pipeline at ${host}: connection refused (GET inputs) — check the pipeline URL and that the pipeline is running`,
    );
  });

  it('retries a GET after the connection was reset', async () => {
    let calls = 0;
    const baseUrl = await listen((req, res) => {
      calls += 1;
      if (calls === 1) {
        req.socket.destroy();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end('[]');
    });

    await expect(provider({ baseUrl }).listEventTypes()).resolves.toEqual([]);
    expect(calls).toBe(2);
  });

  it('does not retry a POST after the connection was reset', async () => {
    let calls = 0;
    const baseUrl = await listen((req) => {
      calls += 1;
      req.socket.destroy();
    });

    const error = await pipelineError(provider({ baseUrl }).setMapping('PUBLIC.ORDERS', ordersMapping), 'unreachable');

    expect(error.message).toContain('connection reset');
    expect(calls).toBe(1);
  });
});
