import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpPipelineProvider, type HttpPipelineProviderOptions } from '../pipeline/http-provider.js';
import { PipelineError, type PipelineErrorCode } from '../pipeline/pipeline-error.js';
import { type SandboxPipeline, type SandboxPipelineOptions, startSandboxPipeline } from './sandbox-pipeline.js';
import { SEED_EVENT_TYPE_NAMES, SEED_INPUT_IDS } from './sandbox-seed.js';

const API_KEY = 'sandbox-key-5f2c';
const running: SandboxPipeline[] = [];
const temporaryDirs: string[] = [];

async function start(options: Partial<SandboxPipelineOptions> = {}): Promise<SandboxPipeline> {
  const sandbox = await startSandboxPipeline({ apiKey: API_KEY, ...options });
  running.push(sandbox);
  return sandbox;
}

function providerFor(sandbox: SandboxPipeline, overrides: Partial<HttpPipelineProviderOptions> = {}) {
  return createHttpPipelineProvider({
    baseUrl: sandbox.url,
    apiKey: sandbox.apiKey,
    retryBaseDelayMs: 1,
    ...overrides,
  });
}

function temporaryDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pipeops-sandbox-'));
  temporaryDirs.push(dir);
  return dir;
}

async function pipelineError(promise: Promise<unknown>, code: PipelineErrorCode): Promise<PipelineError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PipelineError);
  expect((error as PipelineError).code).toBe(code);
  expect((error as PipelineError).message).not.toContain(API_KEY);
  return error as PipelineError;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((sandbox) => sandbox.close()));
  for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('HTTP provider against the sandbox pipeline: round trips', () => {
  it('lists the seeded inputs', async () => {
    const pipeline = providerFor(await start());

    const inputs = await pipeline.listInputs();

    expect(inputs.map((input) => [input.id, input.name, input.type])).toEqual([
      [SEED_INPUT_IDS.mixpanelEngageOne, 'mixpanel_engage_one', 'REST_INPUT'],
      [SEED_INPUT_IDS.productionDatabase, 'production_database', 'ODBC'],
      [SEED_INPUT_IDS.sourceTwo, 'source_tWO', 'ODBC'],
      [SEED_INPUT_IDS.storefrontWebhook, 'storefront_webhook', 'RESTAPI'],
    ]);
    const database = inputs.find((input) => input.name === 'production_database');
    expect(database?.configuration?.tables).toBe('{"orders":"xmin::text::bigint","users":"xmin::text::bigint"}');
  });

  it('replaces an input with PUT and changes the pipeline exactly once', async () => {
    const sandbox = await start();
    const pipeline = providerFor(sandbox);
    const [, database] = await pipeline.listInputs();
    if (!database) throw new Error('seed changed');

    await pipeline.updateInput({ ...database, configuration: { ...database.configuration, batch_size: 5000 } });

    expect(sandbox.getInput('production_database').configuration?.batch_size).toBe(5000);
    const after = await pipeline.listInputs();
    expect(after.find((input) => input.id === database.id)?.configuration?.batch_size).toBe(5000);
    expect(sandbox.requestLog.filter((entry) => entry.method !== 'GET')).toEqual([
      { method: 'PUT', path: `inputs/${database.id}`, query: '', status: 200, faulted: false },
    ]);
  });

  it('pauses and resumes an input', async () => {
    const sandbox = await start();
    const pipeline = providerFor(sandbox);

    await pipeline.setInputPaused(SEED_INPUT_IDS.productionDatabase, true);
    expect(sandbox.getInput(SEED_INPUT_IDS.productionDatabase).paused).toBe(true);
    expect((await pipeline.listInputs()).find((input) => input.name === 'production_database')?.paused).toBe(true);

    await pipeline.setInputPaused(SEED_INPUT_IDS.productionDatabase, false);
    expect(sandbox.getInput(SEED_INPUT_IDS.productionDatabase).paused).toBe(false);
    expect(sandbox.requestLog.filter((entry) => entry.method === 'PUT').map((entry) => entry.query)).toEqual([
      'pause=true',
      'pause=false',
    ]);
  });

  it('lists event-type summaries with stats and without fields', async () => {
    const pipeline = providerFor(await start());

    const summaries = await pipeline.listEventTypes();

    expect(summaries.map((summary) => summary.name)).toEqual(Object.values(SEED_EVENT_TYPE_NAMES));
    expect(summaries.find((summary) => summary.name === 'SOURCE_TWO.TABLE_ONE')).toMatchObject({
      mappingMode: 'STRICT',
      usingDefaultMappingMode: true,
      origInputLabel: 'source_tWO',
      stats: { count: 5763 },
    });
    expect(summaries.every((summary) => !('fields' in summary))).toBe(true);
  });

  it('reads a mapping without the stats the pipeline keeps', async () => {
    const sandbox = await start();
    const pipeline = providerFor(sandbox);

    const mapping = await pipeline.getMapping('PUBLIC.ORDERS');

    expect(mapping.fields?.map((field) => field.fieldName)).toEqual(['id', 'name', 'total', 'created_at', 'shipping']);
    expect(mapping.fields?.[4]?.fields.map((field) => field.fieldName)).toEqual(['city']);
    expect(JSON.stringify(mapping)).not.toContain('"stats"');
    expect(sandbox.getEventType('PUBLIC.ORDERS').stats).toEqual({ count: 48213 });
  });

  it('stores a posted mapping, keeps server stats and marks an explicit mode as not the default', async () => {
    const sandbox = await start();
    const pipeline = providerFor(sandbox);
    const mapping = await pipeline.getMapping('SOURCE_TWO.TABLE_ONE');
    const [first, ...rest] = mapping.fields ?? [];
    if (!first?.mapping) throw new Error('seed changed');

    await pipeline.setMapping('SOURCE_TWO.TABLE_ONE', {
      ...mapping,
      mappingMode: 'FLEXIBLE',
      fields: [{ ...first, mapping: { ...first.mapping, columnName: 'RECORD_ID' } }, ...rest],
    });

    const reread = await pipeline.getMapping('SOURCE_TWO.TABLE_ONE');
    expect(reread).toMatchObject({ mappingMode: 'FLEXIBLE', usingDefaultMappingMode: false });
    expect(reread.fields?.[0]?.mapping?.columnName).toBe('RECORD_ID');
    const stored = sandbox.getEventType('SOURCE_TWO.TABLE_ONE');
    expect(stored.stats).toEqual({ count: 5763 });
    expect(stored.fields?.[0]?.stats).toEqual({ count: 5763 });
  });

  it('round-trips an event type whose name needs URL-quoting', async () => {
    const sandbox = await start();
    const pipeline = providerFor(sandbox);
    const name = SEED_EVENT_TYPE_NAMES.storefrontCheckout;

    const mapping = await pipeline.getMapping(name);
    await pipeline.setMapping(name, { ...mapping, mapping: { ...mapping.mapping, tableName: 'CHECKOUTS' } });

    expect(sandbox.getEventType(name).mapping?.tableName).toBe('CHECKOUTS');
    expect(sandbox.requestLog.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      'GET event-types/storefront%2Fcheckout%20completed',
      'POST event-types/storefront%2Fcheckout%20completed/mapping',
    ]);
  });

  it('serves the account-scoped REST root', async () => {
    const sandbox = await start({ accountName: 'acme' });

    await expect(providerFor(sandbox, { accountName: 'acme' }).listEventTypes()).resolves.toHaveLength(5);
    await pipelineError(providerFor(sandbox, { accountName: 'globex' }).listEventTypes(), 'unauthorized');
  });

  it('sees out-of-band changes and reset', async () => {
    const sandbox = await start();
    const pipeline = providerFor(sandbox);

    sandbox.setMappingMode('SOURCE_TWO.TABLE_ONE', 'AUTO_MAP');
    sandbox.pauseInput('storefront_webhook');
    sandbox.updateInput('mixpanel_engage_one', (input) => ({ ...input, name: 'mixpanel_engage_renamed' }));

    expect(await pipeline.getMapping('SOURCE_TWO.TABLE_ONE')).toMatchObject({
      mappingMode: 'AUTO_MAP',
      usingDefaultMappingMode: false,
    });
    const inputs = await pipeline.listInputs();
    expect(inputs.find((input) => input.id === SEED_INPUT_IDS.storefrontWebhook)?.paused).toBe(true);
    expect(inputs.find((input) => input.id === SEED_INPUT_IDS.mixpanelEngageOne)?.name).toBe('mixpanel_engage_renamed');

    sandbox.reset();

    expect(sandbox.requestLog).toEqual([]);
    expect(await pipeline.getMapping('SOURCE_TWO.TABLE_ONE')).toMatchObject({
      mappingMode: 'STRICT',
      usingDefaultMappingMode: true,
    });
    expect(sandbox.getInput(SEED_INPUT_IDS.storefrontWebhook).paused).toBe(false);
  });
});

describe('HTTP provider against the sandbox pipeline: errors', () => {
  it('answers 401 to a wrong API key', async () => {
    const sandbox = await start();

    const error = await pipelineError(providerFor(sandbox, { apiKey: 'wrong' }).listInputs(), 'unauthorized');

    expect(error.status).toBe(401);
  });

  it('answers 404 for unknown inputs and event types', async () => {
    const pipeline = providerFor(await start());

    const missingEvent = await pipelineError(pipeline.getMapping('PUBLIC.ORDRES'), 'not_found');
    expect(missingEvent.message).toBe(
      "The pipeline has no event type 'PUBLIC.ORDRES' (404 on GET event-types/PUBLIC.ORDRES)",
    );
    await pipelineError(pipeline.setInputPaused('no-such-input', true), 'not_found');
    await pipelineError(pipeline.setMapping('PUBLIC.ORDRES', { name: 'PUBLIC.ORDRES' }), 'not_found');
  });

  it('reports a rejected mapping as bad_request with the reason', async () => {
    const pipeline = providerFor(await start());
    const mapping = await pipeline.getMapping('PUBLIC.ORDERS');

    const error = await pipelineError(
      pipeline.setMapping('PUBLIC.ORDERS', { ...mapping, name: 'PUBLIC.USERS' }),
      'bad_request',
    );

    expect(error.message).toContain("Mapping name 'PUBLIC.USERS' does not match event type 'PUBLIC.ORDERS'");
  });

  it('maps an injected 500 to server_error', async () => {
    const sandbox = await start();
    sandbox.injectFault({ method: 'GET', path: 'event-types', status: 500, body: { message: 'database is down' } });

    const error = await pipelineError(providerFor(sandbox).listEventTypes(), 'server_error');

    expect(error.message).toBe('The pipeline failed on GET event-types with HTTP 500: {"message":"database is down"}');
  });

  it('retries a GET through a transient 503 and succeeds', async () => {
    const sandbox = await start();
    sandbox.injectFault({ method: 'GET', path: 'inputs', status: 503, times: 1 });

    await expect(providerFor(sandbox).listInputs()).resolves.toHaveLength(4);

    expect(sandbox.requestLog.map((entry) => [entry.path, entry.status, entry.faulted])).toEqual([
      ['inputs', 503, true],
      ['inputs', 200, false],
    ]);
  });

  it('does not retry a POST through a 503, and the mapping stays unchanged', async () => {
    const sandbox = await start();
    const pipeline = providerFor(sandbox);
    const mapping = await pipeline.getMapping('PUBLIC.USERS');
    sandbox.clearRequestLog();
    sandbox.injectFault({ method: 'POST', path: /mapping$/, status: 503 });

    await pipelineError(pipeline.setMapping('PUBLIC.USERS', { ...mapping, mappingMode: 'STRICT' }), 'server_error');

    expect(sandbox.requestLog).toHaveLength(1);
    expect(sandbox.getEventType('PUBLIC.USERS').mappingMode).toBe('AUTO_MAP');
  });

  it('maps a slow pipeline to timeout, and close() does not wait for the delayed answer', async () => {
    const sandbox = await start();
    sandbox.injectFault({ method: 'GET', path: 'event-types/PUBLIC.ORDERS', delayMs: 30_000 });

    const error = await pipelineError(
      providerFor(sandbox, { timeoutMs: 100, retries: 1 }).getMapping('PUBLIC.ORDERS'),
      'timeout',
    );

    expect(error.message).toBe(
      'The pipeline call GET event-types/PUBLIC.ORDERS timed out after 0.1 s (after 2 attempts)',
    );
    await sandbox.close();
  });

  it('answers normally after a delay-only fault', async () => {
    const sandbox = await start();
    sandbox.injectFault({ method: '*', path: 'inputs', delayMs: 50, times: 1 });

    await expect(providerFor(sandbox).listInputs()).resolves.toHaveLength(4);
    expect(sandbox.requestLog).toEqual([{ method: 'GET', path: 'inputs', query: '', status: 200, faulted: false }]);
  });

  it('maps an injected 504 to timeout', async () => {
    const sandbox = await start();
    sandbox.injectFault({ method: 'PUT', path: `inputs/${SEED_INPUT_IDS.sourceTwo}/pause`, status: 504 });

    await pipelineError(
      providerFor(sandbox, { retries: 2 }).setInputPaused(SEED_INPUT_IDS.sourceTwo, false),
      'timeout',
    );

    expect(sandbox.requestLog.map((entry) => entry.status)).toEqual([504, 504, 504]);
    expect(sandbox.getInput(SEED_INPUT_IDS.sourceTwo).paused).toBe(true);
  });

  it('maps a stopped sandbox to unreachable', async () => {
    const sandbox = await start();
    await sandbox.close();

    const error = await pipelineError(providerFor(sandbox, { retries: 0 }).listInputs(), 'unreachable');

    expect(error.message).toContain(`${new URL(sandbox.url).host}: connection refused`);
  });
});

describe('sandbox pipeline persistence', () => {
  it('creates the state file from the seed and keeps changes across a restart', async () => {
    const stateFile = join(temporaryDir(), 'nested', 'sandbox-state.json');
    const first = await start({ stateFile });
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).inputs[SEED_INPUT_IDS.mixpanelEngageOne].name).toBe(
      'mixpanel_engage_one',
    );
    const pipeline = providerFor(first);
    await pipeline.setInputPaused(SEED_INPUT_IDS.mixpanelEngageOne, true);
    const mapping = await pipeline.getMapping('PUBLIC.USERS');
    await pipeline.setMapping('PUBLIC.USERS', { ...mapping, mappingMode: 'STRICT' });
    await first.close();

    const second = await start({ stateFile });
    const reopened = providerFor(second);

    expect((await reopened.listInputs()).find((input) => input.id === SEED_INPUT_IDS.mixpanelEngageOne)?.paused).toBe(
      true,
    );
    expect(await reopened.getMapping('PUBLIC.USERS')).toMatchObject({
      mappingMode: 'STRICT',
      usingDefaultMappingMode: false,
    });
    expect(readdirSync(join(stateFile, '..'))).toEqual(['sandbox-state.json']);
  });

  it('persists reset to the seed', async () => {
    const stateFile = join(temporaryDir(), 'state.json');
    const first = await start({ stateFile });
    first.pauseInput('production_database');
    first.reset();
    await first.close();

    const second = await start({ stateFile });

    expect(second.getInput('production_database').paused).toBe(false);
  });

  it('refuses to start on a state file that is not sandbox state', async () => {
    const dir = temporaryDir();
    const stateFile = join(dir, 'state.json');
    const first = await start({ stateFile });
    await first.close();
    writeFileSync(
      stateFile,
      '{"version": 1, "inputs": {"a": {"id": "b", "name": "x", "type": "ODBC"}}, "eventTypes": {}}',
    );

    await expect(startSandboxPipeline({ apiKey: API_KEY, stateFile })).rejects.toThrow(
      `Sandbox state file ${stateFile} does not hold sandbox state (at inputs.a: id is 'b')`,
    );
  });
});
