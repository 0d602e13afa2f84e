import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSandboxPipeline } from '../../../test/support/sandbox-test-setup.js';
import { PipelineError } from '../pipeline/pipeline-error.js';
import { startSandboxPipeline } from './sandbox-pipeline.js';
import { SEED_EVENT_TYPE_NAMES, SEED_INPUT_IDS } from './sandbox-seed.js';

/** The sandbox's plumbing, event-type deletion and default-mode routes, through the HTTP provider and raw HTTP. */

const API_KEY = 'plumbing-key';
const { sandbox, pipeline } = useSandboxPipeline({ apiKey: API_KEY, provider: { retryBaseDelayMs: 1 } });

async function raw(method: string, path: string, body?: unknown) {
  const response = await fetch(`${sandbox().url}${path}`, {
    method,
    headers: { authorization: `API ${API_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('sandbox plumbing', () => {
  it('serves the structure: inputs, transformer, restream and a Snowflake output, with throughput', async () => {
    const { nodes } = await pipeline().getStructure();
    expect(nodes.filter((n) => n.category === 'INPUT' && n.type !== 'RESTREAM').map((n) => n.name)).toEqual([
      'mixpanel_engage_one',
      'production_database',
      'source_tWO',
      'storefront_webhook',
    ]);
    expect(nodes.map((n) => n.type)).toEqual(expect.arrayContaining(['TRANSFORMER', 'RESTREAM', 'SNOWFLAKE']));
    const paused = nodes.find((n) => n.name === 'source_tWO');
    expect(paused?.stats?.throughput).toBe(0);
    const transformer = nodes.find((n) => n.type === 'TRANSFORMER');
    const inputsSum = nodes
      .filter((n) => n.category === 'INPUT' && n.type !== 'RESTREAM')
      .reduce((sum, n) => sum + (n.stats?.throughput ?? 0), 0);
    expect(transformer?.stats?.throughput).toBe(inputsSum);
    expect(JSON.stringify(nodes)).not.toContain('sandbox-production-db-password');
  });

  it('creates an input with a fresh id, copying credentials server-side, never serving them', async () => {
    await pipeline().createInput({
      name: 'orders_copy',
      type: 'ODBC',
      configuration: { database: 'my_database', port: 5432 },
      copyCredentialsFrom: SEED_INPUT_IDS.productionDatabase,
    });
    const created = (await pipeline().listInputs()).find((input) => input.name === 'orders_copy');
    expect(created).toMatchObject({
      type: 'ODBC',
      paused: false,
      configuration: { database: 'my_database', port: 5432 },
    });
    expect(created?.id).not.toBe(SEED_INPUT_IDS.productionDatabase);
    expect(sandbox().getInputCredentials('orders_copy')).toEqual({ password: 'sandbox-production-db-password' });
    expect(JSON.stringify(await pipeline().listInputs())).not.toContain('sandbox-production-db-password');
  });

  it('keeps credential values in a create body out of the readable configuration', async () => {
    await pipeline().createInput({ name: 'n', type: 'ODBC', configuration: { password: 'p4ss', user: 'u' } });
    expect(sandbox().getInput('n').configuration).toEqual({ user: 'u' });
    expect(sandbox().getInputCredentials('n')).toEqual({ password: 'p4ss' });
  });

  it.each([
    [{ name: 'production_database', type: 'ODBC', configuration: {} }, 'already exists'],
    [{ name: 'x', type: 'ODBC', configuration: {}, copyCredentialsFrom: 'nope' }, 'copyCredentialsFrom'],
    [{ name: 'x', type: 'ODBC' }, 'configuration'],
    [{ name: 'x', type: 'ODBC', configuration: {}, extra: 1 }, 'extra'],
  ])('refuses a bad create body with 400 (%j)', async (body, reason) => {
    const answer = await raw('POST', '/rest/plumbing/inputs', body);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain(reason);
  });

  it('removes an input and its credentials; the event types it fed stay', async () => {
    await pipeline().removeInput(SEED_INPUT_IDS.productionDatabase);
    expect((await pipeline().listInputs()).map((input) => input.name)).not.toContain('production_database');
    expect((await pipeline().listEventTypes()).map((e) => e.name)).toContain(SEED_EVENT_TYPE_NAMES.publicOrders);
    await expect(pipeline().removeInput(SEED_INPUT_IDS.productionDatabase)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('refuses to remove a non-input node', async () => {
    const { nodes } = await pipeline().getStructure();
    const transformer = nodes.find((node) => node.type === 'TRANSFORMER');
    await expect(pipeline().removeInput(transformer?.id ?? '')).rejects.toMatchObject({ code: 'bad_request' });
  });
});

describe('sandbox event types: delete and clear-stats', () => {
  it('deletes an event type whose name needs quoting', async () => {
    await pipeline().deleteEventType(SEED_EVENT_TYPE_NAMES.storefrontCheckout);
    expect((await pipeline().listEventTypes()).map((e) => e.name)).not.toContain(
      SEED_EVENT_TYPE_NAMES.storefrontCheckout,
    );
    const again = await pipeline()
      .deleteEventType(SEED_EVENT_TYPE_NAMES.storefrontCheckout)
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(PipelineError);
    expect((again as PipelineError).code).toBe('not_found');
  });

  it('clear-stats removes the unmapped fields only and zeroes the counts', async () => {
    await pipeline().clearEventTypeStats(SEED_EVENT_TYPE_NAMES.storefrontCheckout);
    const stored = sandbox().getEventType(SEED_EVENT_TYPE_NAMES.storefrontCheckout);
    expect(stored.fields?.map((f) => f.fieldName)).toEqual(['order_id', 'amount']);
    expect(stored.stats).toEqual({ count: 0 });
    expect(stored.fields?.every((f) => (f.stats as { count: number }).count === 0)).toBe(true);
  });

  it('clear-stats keeps a discarded parent whose child is mapped', async () => {
    await pipeline().clearEventTypeStats(SEED_EVENT_TYPE_NAMES.publicOrders);
    const names = sandbox()
      .getEventType(SEED_EVENT_TYPE_NAMES.publicOrders)
      .fields?.map((f) => f.fieldName);
    expect(names).toContain('shipping');
  });
});

describe('sandbox default mapping mode', () => {
  it('reads and sets it; event types using the default follow, the others keep theirs', async () => {
    expect(await pipeline().getDefaultMappingMode()).toBe('AUTO_MAP');
    await pipeline().setDefaultMappingMode('FLEXIBLE');
    expect(await pipeline().getDefaultMappingMode()).toBe('FLEXIBLE');
    expect(sandbox().getEventType(SEED_EVENT_TYPE_NAMES.sourceTwoTableOne).mappingMode).toBe('FLEXIBLE');
    expect(sandbox().getEventType(SEED_EVENT_TYPE_NAMES.publicOrders).mappingMode).toBe('AUTO_MAP');
  });

  it('refuses a body that is not one of the modes', async () => {
    const answer = await raw('POST', '/rest/mapping-mode', { mode: 'STRICT' });
    expect(answer.status).toBe(400);
    expect(await pipeline().getDefaultMappingMode()).toBe('AUTO_MAP');
  });
});

describe('sandbox out-of-band controls and faults for the new calls', () => {
  it('creates, removes and re-modes behind the client’s back over /__sandbox/', async () => {
    expect((await raw('POST', '/__sandbox/inputs', { name: 'oob', type: 'RESTAPI', configuration: {} })).status).toBe(
      201,
    );
    expect((await pipeline().listInputs()).map((i) => i.name)).toContain('oob');
    expect((await raw('DELETE', '/__sandbox/inputs/oob')).status).toBe(200);
    expect((await raw('DELETE', `/__sandbox/event-types/${encodeURIComponent('PUBLIC.USERS')}`)).status).toBe(200);
    expect((await raw('PUT', '/__sandbox/mapping-mode', { mappingMode: 'STRICT' })).status).toBe(200);
    expect(await pipeline().getDefaultMappingMode()).toBe('STRICT');
    expect((await pipeline().listEventTypes()).map((e) => e.name)).not.toContain('PUBLIC.USERS');
  });

  it('injects faults on the new paths', async () => {
    sandbox().injectFault({ method: 'POST', path: 'plumbing/inputs', status: 500, times: 1 });
    sandbox().injectFault({ method: 'DELETE', path: 'event-types/PUBLIC.ORDERS/clear-stats', status: 503, times: 1 });
    await expect(pipeline().createInput({ name: 'x', type: 'ODBC', configuration: {} })).rejects.toMatchObject({
      code: 'server_error',
    });
    await expect(pipeline().clearEventTypeStats('PUBLIC.ORDERS')).rejects.toMatchObject({ code: 'server_error' });
    expect((await pipeline().listInputs()).map((i) => i.name)).not.toContain('x');
  });
});

describe('sandbox state files written before the plumbing fields', () => {
  it('still load, with the seed’s nodes, credentials and default mode', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-old-state-'));
    try {
      const file = join(dir, 'state.json');
      const seeded = await startSandboxPipeline({ apiKey: API_KEY, stateFile: file });
      await seeded.close();
      const old = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      delete old.plumbingNodes;
      delete old.inputCredentials;
      delete old.defaultMappingMode;
      await writeFile(file, JSON.stringify(old));
      const reopened = await startSandboxPipeline({ apiKey: API_KEY, stateFile: file });
      try {
        expect(reopened.getDefaultMappingMode()).toBe('AUTO_MAP');
        expect(reopened.getInputCredentials('production_database')).toHaveProperty('password');
      } finally {
        await reopened.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
