import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { useNock } from '../../../test/support/http-provider-test-setup.js';
import { jsonDumps, PyDict, parseEventJson, parseJson } from '../../transforms/index.js';
import { createHttpPipelineProvider } from './http-provider.js';
import { PipelineError } from './pipeline-error.js';
import type { TransformStepList } from './transform-contract.js';

const BASE = 'https://pipeline.example.test';
const API_KEY = 'sk-transforms-0123456789-TOPSECRET';
const AUTH = { reqheaders: { authorization: `API ${API_KEY}` } };

const provider = () =>
  createHttpPipelineProvider({ baseUrl: BASE, apiKey: API_KEY, accountName: 'acme', retries: 0, retryBaseDelayMs: 1 });

/** Integer-like keys after other keys, and a float that is integral: what plain JSON.parse would lose. */
const STEPS_TEXT =
  '[{"fn": "map_key_in_dictionary_to_value", "args": {"event_type": "PUBLIC.ORDERS", "field": "status", ' +
  '"mapping_dict": {"b": "bee", "2": "two", "1": "one"}}}, {"fn": "add_columns_with_default", ' +
  '"args": {"event_type": "PUBLIC.ORDERS", "field_and_default_dict": {"ratio": 1.0}}}]';
const steps = (): TransformStepList => parseJson(STEPS_TEXT) as TransformStepList;
const SAMPLE_TEXT = '{"id": 1, "total": 12.0, "10": "ten", "2": "two", "_metadata": {"event_type": "PUBLIC.ORDERS"}}';

/** Records the raw request body text (nock's reply callback would hand over JSON.parse'd objects). */
function recordBodies(scope: nock.Scope): string[] {
  const bodies: string[] = [];
  scope.on('request', (_req: unknown, _interceptor: unknown, body: string) => bodies.push(body));
  return bodies;
}

describe('transform steps and samples in the HTTP contract (pipeops extension)', () => {
  useNock();

  it('GET transform/steps/{name} quotes the name and keeps key order and floats of the steps', async () => {
    const scope = nock(BASE, AUTH)
      .get('/acme/rest/transform/steps/storefront%2Fcheckout%20completed')
      .reply(200, `{"eventType": "storefront/checkout completed", "steps": ${STEPS_TEXT}}`);

    const got = await provider().getTransformSteps('storefront/checkout completed');

    expect(scope.isDone()).toBe(true);
    expect(jsonDumps(got)).toBe(STEPS_TEXT);
  });

  it('GET transform/steps/{name} answers [] for an event type without steps', async () => {
    nock(BASE).get('/acme/rest/transform/steps/PUBLIC.USERS').reply(200, '{"eventType": "PUBLIC.USERS", "steps": []}');

    expect(await provider().getTransformSteps('PUBLIC.USERS')).toEqual([]);
  });

  it('reports a 404 as not_found naming the event type', async () => {
    nock(BASE).get('/acme/rest/transform/steps/NOPE').reply(404, { error: 'not_found' });

    const error = await provider()
      .getTransformSteps('NOPE')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PipelineError);
    expect(error).toMatchObject({ code: 'not_found', message: expect.stringContaining("event type 'NOPE'") });
  });

  it('refuses an answer of the wrong shape with invalid_response and the offending path', async () => {
    nock(BASE)
      .get('/acme/rest/transform/steps/PUBLIC.ORDERS')
      .reply(200, '{"eventType": "PUBLIC.ORDERS", "steps": [{"fn": "a"}, {"args": {}}]}');
    nock(BASE).get('/acme/rest/transform/steps/PUBLIC.USERS').reply(200, '<html>');

    await expect(provider().getTransformSteps('PUBLIC.ORDERS')).rejects.toMatchObject({
      code: 'invalid_response',
      message:
        'The pipeline answered GET transform/steps/PUBLIC.ORDERS with an unexpected shape at steps[1].fn: expected a string, got nothing',
    });
    await expect(provider().getTransformSteps('PUBLIC.USERS')).rejects.toMatchObject({
      code: 'invalid_response',
      message: expect.stringContaining('with a body that is not JSON: <html>'),
    });
  });

  it('PUT transform/steps/{name} sends {"steps": [...]} exactly as Python would write it', async () => {
    const scope = nock(BASE, AUTH)
      .put('/acme/rest/transform/steps/PUBLIC.ORDERS')
      .reply(200, `{"eventType": "PUBLIC.ORDERS", "steps": ${STEPS_TEXT}}`);
    const bodies = recordBodies(scope);

    await provider().setTransformSteps('PUBLIC.ORDERS', steps());

    expect(scope.isDone()).toBe(true);
    expect(bodies).toEqual([`{"steps": ${STEPS_TEXT}}`]);
  });

  it('PUT refused by the pipeline (400) carries the pipeline’s Python-style message', async () => {
    nock(BASE)
      .put('/acme/rest/transform/steps/PUBLIC.ORDERS')
      .reply(400, { error: 'bad_request', message: "step 0 fn: NameError: name 'flaten_json' is not defined" });

    await expect(provider().setTransformSteps('PUBLIC.ORDERS', [])).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining("NameError: name 'flaten_json' is not defined"),
    });
  });

  it('POST transform/steps/run sends steps and sample with Python semantics and reads the events back', async () => {
    const output = '{"id": 1, "total": 12.0, "10": "ten", "2": "two", "ratio": 1.0}';
    const scope = nock(BASE, AUTH)
      .post('/acme/rest/transform/steps/run')
      .reply(200, `{"result": [${output}, {"id": 2}], "error": null}`);
    const bodies = recordBodies(scope);

    const result = await provider().runTransformSteps(steps(), parseEventJson(SAMPLE_TEXT));

    expect(bodies).toEqual([`{"steps": ${STEPS_TEXT}, "sample": ${SAMPLE_TEXT}}`]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.events.map((event) => jsonDumps(event))).toEqual([output, '{"id": 2}']);
  });

  it('POST transform/steps/run reports the failing step, function and message', async () => {
    nock(BASE)
      .post('/acme/rest/transform/steps/run')
      .reply(200, {
        result: null,
        error: { step: 1, fn: 'add_composite_key', message: "KeyError: 'created_at'" },
      });

    expect(await provider().runTransformSteps(steps(), new PyDict())).toEqual({
      ok: false,
      error: { step: 1, fn: 'add_composite_key', message: "KeyError: 'created_at'" },
    });
  });

  it('POST transform/steps/run is not retried (POST is not idempotent by method) and maps a 503', async () => {
    const scope = nock(BASE).post('/acme/rest/transform/steps/run').once().reply(503, 'busy');
    const retrying = createHttpPipelineProvider({
      baseUrl: BASE,
      apiKey: API_KEY,
      accountName: 'acme',
      retries: 2,
      retryBaseDelayMs: 1,
    });

    // A retry would find no interceptor and fail as 'unreachable' instead.
    await expect(retrying.runTransformSteps([], new PyDict())).rejects.toMatchObject({ code: 'server_error' });
    expect(scope.isDone()).toBe(true);
  });

  it('GET samples?eventType= encodes the name as a query value and unwraps each sample', async () => {
    const scope = nock(BASE, AUTH)
      .get('/acme/rest/samples')
      .query({ eventType: 'storefront/checkout completed & more' })
      .reply(200, `[{"sample": ${SAMPLE_TEXT}}, {"sample": {"b": 1, "a": 2.0}}]`);

    const samples = await provider().listSamples('storefront/checkout completed & more');

    expect(scope.isDone()).toBe(true);
    expect(samples.map((sample) => jsonDumps(sample))).toEqual([SAMPLE_TEXT, '{"b": 1, "a": 2.0}']);
  });

  it('refuses a samples answer whose items are not {"sample": {...}}', async () => {
    nock(BASE).get('/acme/rest/samples').query(true).reply(200, '[{"sample": {}}, {"event": {}}]');

    await expect(provider().listSamples('X')).rejects.toMatchObject({
      code: 'invalid_response',
      message: expect.stringContaining('at [1].sample: expected an object, got nothing'),
    });
  });
});
