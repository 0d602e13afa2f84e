import { describe, expect, it } from 'vitest';
import { useSandboxPipeline } from '../../../test/support/sandbox-test-setup.js';
import { SEED_INPUT_IDS } from './sandbox-seed.js';

/** The sandbox's own contract, over plain HTTP: validation, auth, routing and the /__sandbox/ controls. */

const API_KEY = 'contract-key';
const { sandbox } = useSandboxPipeline({ apiKey: API_KEY, accountName: 'acme' });

async function call(
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; apiKey?: string | null } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (options.apiKey !== null) headers.authorization = `API ${options.apiKey ?? API_KEY}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${sandbox().url}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

describe('sandbox contract: auth and routing', () => {
  it('answers 401 without the API key, with the reference client message', async () => {
    for (const path of ['/rest/inputs', '/acme/rest/inputs', '/__sandbox/state']) {
      const response = await call('GET', path, { apiKey: null });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: 'unauthorized', message: 'Invalid key or check account name.' });
    }
  });

  it('answers 401 for another account and serves both REST roots', async () => {
    expect((await call('GET', '/globex/rest/inputs')).status).toBe(401);
    expect((await call('GET', '/acme/rest/inputs')).status).toBe(200);
    expect((await call('GET', '/rest/inputs')).status).toBe(200);
  });

  it('answers GET inputs with an object keyed by input id', async () => {
    const { body } = await call('GET', '/rest/inputs');

    expect(Object.keys(body as object)).toEqual(Object.values(SEED_INPUT_IDS));
  });

  it('answers JSON 404s for unknown paths and endpoints, and 405 with allow for a wrong method', async () => {
    expect(await call('GET', '/api/inputs')).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await call('GET', '/rest/plumbing')).toMatchObject({
      status: 404,
      body: { message: 'No such endpoint: GET plumbing' },
    });
    const wrongMethod = await call('DELETE', '/rest/inputs');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });

  it('answers 400 to a body that is not JSON', async () => {
    const response = await call('PUT', `/rest/inputs/${SEED_INPUT_IDS.sourceTwo}`, { rawBody: '{oops' });

    expect(response).toMatchObject({ status: 400, body: { error: 'bad_request' } });
  });
});

describe('sandbox contract: inputs', () => {
  const id = SEED_INPUT_IDS.productionDatabase;

  async function storedInput() {
    const { body } = await call('GET', '/rest/inputs');
    return (body as Record<string, Record<string, unknown>>)[id] ?? {};
  }

  it('rejects a PUT whose body id differs from the URL id', async () => {
    const input = await storedInput();

    const response = await call('PUT', `/rest/inputs/${id}`, { body: { ...input, id: 'other' } });

    expect(response).toMatchObject({
      status: 400,
      body: { message: `Input id 'other' in the body does not match '${id}' in the URL` },
    });
  });

  it('rejects a rename onto another input name', async () => {
    const input = await storedInput();

    const response = await call('PUT', `/rest/inputs/${id}`, { body: { ...input, name: 'source_tWO' } });

    expect(response.status).toBe(400);
    expect((response.body as { message: string }).message).toContain("already named 'source_tWO'");
  });

  it('rejects a PUT that is not an input', async () => {
    const response = await call('PUT', `/rest/inputs/${id}`, { body: { id, name: 'x' } });

    expect(response).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^Invalid input: type:/) } });
  });

  it('keeps the server-owned paused and created_at on PUT', async () => {
    const input = await storedInput();

    const response = await call('PUT', `/rest/inputs/${id}`, {
      body: { ...input, paused: true, created_at: 'now', configuration: { batch_size: 1 } },
    });

    expect(response.status).toBe(200);
    expect(await storedInput()).toEqual({
      ...input,
      paused: false,
      created_at: '2019-02-11T09:30:00.000000',
      configuration: { batch_size: 1 },
    });
  });

  it('answers the pause call with the updated input and requires pause=true|false', async () => {
    const paused = await call('PUT', `/rest/inputs/${id}/pause?pause=true`);
    expect(paused).toMatchObject({ status: 200, body: { id, paused: true } });

    expect(await call('PUT', `/rest/inputs/${id}/pause`)).toMatchObject({
      status: 400,
      body: { message: "Query parameter pause must be 'true' or 'false', got nothing" },
    });
    expect((await call('PUT', `/rest/inputs/${id}/pause?pause=yes`)).status).toBe(400);
  });
});

describe('sandbox contract: mappings', () => {
  async function storedMapping(name: string) {
    const { body } = await call('GET', `/rest/event-types/${encodeURIComponent(name)}`);
    return body as Record<string, unknown>;
  }

  it('returns stats with GET event-types/{name} (clients strip them)', async () => {
    const mapping = await storedMapping('PUBLIC.ORDERS');

    expect(mapping.stats).toEqual({ count: 48213 });
    expect((mapping.fields as { stats: unknown }[])[0]?.stats).toEqual({ count: 48213 });
  });

  it('rejects an unknown mapping mode and a null one', async () => {
    const mapping = await storedMapping('PUBLIC.ORDERS');

    const invalid = await call('POST', '/rest/event-types/PUBLIC.ORDERS/mapping', {
      body: { ...mapping, mappingMode: 'LOOSE' },
    });
    const nullMode = await call('POST', '/rest/event-types/PUBLIC.ORDERS/mapping', {
      body: { ...mapping, mappingMode: null },
    });

    expect(invalid.status).toBe(400);
    expect((invalid.body as { message: string }).message).toMatch(/^Invalid mapping: mappingMode:/);
    expect(nullMode).toMatchObject({
      status: 400,
      body: { message: 'mappingMode must be one of AUTO_MAP, STRICT, FLEXIBLE' },
    });
  });

  it('keeps usingDefaultMappingMode when the posted mode is the stored one, and ignores posted stats', async () => {
    const { stats: _stats, ...mapping } = await storedMapping('SOURCE_TWO.TABLE_ONE');

    const response = await call('POST', '/rest/event-types/SOURCE_TWO.TABLE_ONE/mapping', {
      body: { ...mapping, usingDefaultMappingMode: false, stats: { count: 1 } },
    });

    expect(response.status).toBe(200);
    expect(await storedMapping('SOURCE_TWO.TABLE_ONE')).toMatchObject({
      mappingMode: 'STRICT',
      usingDefaultMappingMode: true,
      stats: { count: 5763 },
    });
  });

  it('fills derived fields a posted mapping leaves out', async () => {
    const response = await call('POST', '/rest/event-types/PUBLIC.USERS/mapping', {
      body: { name: 'PUBLIC.USERS', mappingMode: 'STRICT', fields: [] },
    });

    expect(response.status).toBe(200);
    expect(await storedMapping('PUBLIC.USERS')).toMatchObject({
      name: 'PUBLIC.USERS',
      mappingMode: 'STRICT',
      usingDefaultMappingMode: false,
      origInputLabel: 'production_database',
      state: 'MAPPED',
      fields: [],
    });
  });
});

describe('sandbox controls over HTTP', () => {
  it('injects a fault by path pattern, lists it, and clears it', async () => {
    const added = await call('POST', '/__sandbox/faults', {
      body: { method: 'get', pathPattern: '^event-types/', status: 502, times: 2 },
    });
    // Listed as RegExp#source, which escapes the slash.
    expect(added).toMatchObject({ status: 201, body: { pathPattern: '^event-types\\/', status: 502, times: 2 } });

    expect((await call('GET', '/rest/event-types/PUBLIC.ORDERS')).status).toBe(502);
    expect((await call('GET', '/rest/event-types')).status).toBe(200);
    expect((await call('GET', '/__sandbox/faults')).body).toEqual([
      { method: 'get', pathPattern: '^event-types\\/', status: 502, times: 1 },
    ]);

    await call('DELETE', '/__sandbox/faults');
    expect((await call('GET', '/rest/event-types/PUBLIC.ORDERS')).status).toBe(200);
  });

  it('validates fault bodies', async () => {
    expect((await call('POST', '/__sandbox/faults', { body: { method: 'GET', status: 500 } })).status).toBe(400);
    expect((await call('POST', '/__sandbox/faults', { body: { method: 'GET', path: 'inputs' } })).body).toEqual({
      error: 'bad_request',
      message: 'A sandbox fault needs a status, a delayMs, or both (or reset)',
    });
    expect((await call('POST', '/__sandbox/faults', { body: { method: 'GET', pathPattern: '(' } })).status).toBe(400);
  });

  it('returns the request log and resets everything', async () => {
    await call('PUT', `/rest/inputs/${SEED_INPUT_IDS.mixpanelEngageOne}/pause?pause=true`);

    expect((await call('GET', '/__sandbox/requests')).body).toEqual([
      {
        method: 'PUT',
        path: `inputs/${SEED_INPUT_IDS.mixpanelEngageOne}/pause`,
        query: 'pause=true',
        status: 200,
        faulted: false,
      },
    ]);

    await call('POST', '/__sandbox/reset');

    expect((await call('GET', '/__sandbox/requests')).body).toEqual([]);
    expect(sandbox().getInput(SEED_INPUT_IDS.mixpanelEngageOne).paused).toBe(false);
  });

  it('makes out-of-band changes by input name and event-type name', async () => {
    const paused = await call('PUT', '/__sandbox/inputs/storefront_webhook/paused', { body: { paused: true } });
    const mode = await call(
      'PUT',
      `/__sandbox/event-types/${encodeURIComponent('storefront/checkout completed')}/mapping-mode`,
      {
        body: { mappingMode: 'FLEXIBLE' },
      },
    );

    expect(paused).toMatchObject({ status: 200, body: { id: SEED_INPUT_IDS.storefrontWebhook, paused: true } });
    expect(mode).toMatchObject({ status: 200, body: { mappingMode: 'FLEXIBLE', usingDefaultMappingMode: false } });
    expect(sandbox().requestLog).toEqual([]);
    expect(
      (await call('PUT', '/__sandbox/event-types/PUBLIC.ORDERS/mapping-mode', { body: { mappingMode: 'X' } })).status,
    ).toBe(400);
    expect((await call('PUT', '/__sandbox/inputs/nope/paused', { body: { paused: true } })).status).toBe(404);
  });

  it('returns the whole state', async () => {
    const { body } = await call('GET', '/__sandbox/state');

    expect(body).toMatchObject({ version: 1 });
    expect(Object.keys((body as { eventTypes: object }).eventTypes)).toContain('PUBLIC.ORDERS');
  });
});
