import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSandboxPipeline } from '../../../test/support/sandbox-test-setup.js';
import { jsonDumps } from '../../transforms/index.js';
import { createHttpPipelineProvider } from '../pipeline/http-provider.js';
import { PipelineError } from '../pipeline/pipeline-error.js';
import { startSandboxPipeline } from './sandbox-pipeline.js';
import { SEED_EVENT_TYPE_NAMES } from './sandbox-seed.js';

/** Secrets, sample statuses and sample stats, through the real HTTP provider against the sandbox. */

const API_KEY = 'secrets-samples-key';
const ORDERS = SEED_EVENT_TYPE_NAMES.publicOrders;
const CANARY = 'canary-sandbox-7f3e-value';

const { sandbox, pipeline, raw } = useSandboxPipeline({ apiKey: API_KEY });

describe('sandbox secrets', () => {
  it('lists the seeded names (managealooma’s example), sets, replaces and deletes', async () => {
    expect(await pipeline().listSecrets()).toEqual(['my_password', 'my_user']);
    await pipeline().setSecrets({ DB_PASSWORD: CANARY });
    expect(await pipeline().listSecrets()).toEqual(['DB_PASSWORD', 'my_password', 'my_user']);
    expect(sandbox().secretHasValue('DB_PASSWORD', CANARY)).toBe(true);
    await pipeline().setSecrets({ DB_PASSWORD: 'replaced' });
    expect(sandbox().secretHasValue('DB_PASSWORD', CANARY)).toBe(false);
    expect(sandbox().secretHasValue('DB_PASSWORD', 'replaced')).toBe(true);
    await pipeline().deleteSecret('DB_PASSWORD');
    expect(sandbox().listSecretNames()).toEqual(['my_password', 'my_user']);
  });

  it('never answers a value: not on GET, not on PUT, not in a 400', async () => {
    const put = await raw('PUT', '/rest/secrets', JSON.stringify({ A: CANARY }));
    expect(put).toEqual({ status: 200, text: '["A"]' });
    expect((await raw('GET', '/rest/secrets')).text).toBe('["A","my_password","my_user"]');
    const bad = await raw('PUT', '/rest/secrets', JSON.stringify({ B: CANARY, C: 3 }));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("secret 'C' must be a string");
    expect(bad.text).not.toContain(CANARY);
    expect(sandbox().listSecretNames()).not.toContain('B');
  });

  it('refuses a body that is not {name: value}, and a name with a slash', async () => {
    expect((await raw('PUT', '/rest/secrets', '["A"]')).status).toBe(400);
    expect((await raw('PUT', '/rest/secrets', '{}')).status).toBe(400);
    expect((await raw('PUT', '/rest/secrets', JSON.stringify({ 'a/b': 'x' }))).status).toBe(400);
  });

  it('DELETE of an unknown secret is a 404 the provider reports as not_found', async () => {
    const error = await pipeline()
      .deleteSecret('NOPE')
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as PipelineError).code).toBe('not_found');
  });

  it('keeps a digest, never the value, in its state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-secrets-'));
    const stateFile = join(dir, 'state.json');
    const persisted = await startSandboxPipeline({ apiKey: API_KEY, stateFile });
    try {
      const provider = createHttpPipelineProvider({ baseUrl: persisted.url, apiKey: API_KEY, retries: 0 });
      await provider.setSecrets({ DB_PASSWORD: CANARY });
      const text = readFileSync(stateFile, 'utf8');
      expect(text).toContain('DB_PASSWORD');
      expect(text).not.toContain(CANARY);
    } finally {
      await persisted.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('faults can be injected on the secrets calls', async () => {
    sandbox().injectFault({ method: 'PUT', path: 'secrets', status: 500, times: 1 });
    await expect(pipeline().setSecrets({ X: CANARY })).rejects.toThrow(/HTTP 500/);
    expect(sandbox().listSecretNames()).not.toContain('X');
  });
});

describe('sandbox samples with status codes', () => {
  it('answers each sample with its status; the seeded third order sample is a TRANSFORM_ERROR', async () => {
    const entries = await pipeline().listSampleEntries({ eventType: ORDERS });
    expect(entries.map((entry) => entry.status)).toEqual(['VALID', 'VALID', 'TRANSFORM_ERROR']);
    expect(jsonDumps(entries[0]?.event ?? null)).toBe(jsonDumps((await pipeline().listSamples(ORDERS))[0] ?? null));
  });

  it('filters by status=, and a status set out of band shows', async () => {
    const errors = await pipeline().listSampleEntries({ eventType: ORDERS, status: 'TRANSFORM_ERROR' });
    expect(errors).toHaveLength(1);
    expect(await pipeline().listSampleEntries({ eventType: ORDERS, status: 'LOAD_ERROR' })).toEqual([]);
    sandbox().setSampleStatus('1a1a1a-2b2b-3c3c-4d4d-5e5e5e5e5e', 'LOAD_ERROR');
    expect(await pipeline().listSampleEntries({ eventType: ORDERS, status: 'LOAD_ERROR' })).toHaveLength(1);
    expect(() => sandbox().setSampleStatus('x', 'NOT_A_CODE')).toThrow(/status must be one of/);
  });

  it('GET samples/stats counts samples per event type and status', async () => {
    expect(await pipeline().getSampleStats()).toEqual({
      'PUBLIC.ORDERS': { VALID: 2, TRANSFORM_ERROR: 1 },
      'PUBLIC.USERS': { VALID: 2 },
      'SOURCE_TWO.TABLE_ONE': { VALID: 1 },
      mixpanel_engage_one: { VALID: 1, MAPPING_ERROR: 1 },
      'storefront/checkout completed': { VALID: 2 },
    });
  });

  it('the sample-status control route sets a status over HTTP', async () => {
    const response = await raw(
      'PUT',
      `/__sandbox/sample-status/${encodeURIComponent('7u7u7u-1a1a-2b2b-3c3c-4d4d4d4d4d')}`,
      '{"status": "PARSE_ERROR"}',
    );
    expect(response.status).toBe(200);
    expect((await pipeline().getSampleStats())['PUBLIC.USERS']).toEqual({ PARSE_ERROR: 1, VALID: 1 });
  });
});
