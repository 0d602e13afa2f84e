import { expect, it } from 'vitest';
import type { ChangeRequest } from '../../../src/services/changes/change-request.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import {
  approveUntilDecided,
  patchSandboxConsolidation,
  pipelineWrites,
  useWorkflowWorld,
} from '../../support/workflow-world.js';

const ALICE = 'UALICE';
const APPROVERS = ['UBOB', 'UCAROL', 'UDAN'];
const USERS = 'PUBLIC.USERS';
const ORDERS = 'PUBLIC.ORDERS';
const TABLE_ONE = 'SOURCE_TWO.TABLE_ONE';

describeEachBackend('consolidations over the sandbox', (backend) => {
  const db = useTestDatabase(backend);
  const world = useWorkflowWorld(db);

  const propose = (kind: string, params: unknown) => world.services.changes.propose(kind, params, ALICE);
  const approve = (request: ChangeRequest) => approveUntilDecided(world, request, APPROVERS);
  const queries = () => world.pipeline.listConsolidations();
  const queryOf = async (eventType: string) => (await queries()).find((q) => q.event_type === eventType);

  it('lists the seeded queries, one in error state, and shows one by event type', async () => {
    const listed = await world.services.consolidations.list();
    expect(listed.map((q) => [q.event_type, q.schedule?.cron])).toEqual([
      [USERS, '*/30 * * * *'],
      [TABLE_ONE, '*/15 * * * *'],
    ]);
    expect((await world.services.consolidations.inErrorState()).map((q) => q.event_type)).toEqual([TABLE_ONE]);
    expect(await world.services.consolidations.show(USERS)).toMatchObject({ id: '12345', query_type: 'incremental' });
    await expect(world.services.consolidations.show(ORDERS)).rejects.toThrow(
      /`PUBLIC.ORDERS` has no consolidation query\. Create one with `consolidation create PUBLIC.ORDERS`/,
    );
    await expect(world.services.consolidations.show('NOPE')).rejects.toThrow('No event type named `NOPE`.');
  });

  it('create: default cron every 15 minutes, deployment name from deployInfo, card in words with next runs', async () => {
    const request = await propose('consolidation.create', { event: ORDERS });
    expect(request.title).toBe(`Schedule a consolidation of ${ORDERS} (*/15 * * * *)`);
    expect(request.preview?.summary).toBe('Every 15 minutes (UTC)');
    const lines = request.preview?.items[0]?.lines ?? [];
    expect(lines[1]).toMatch(
      /^Next runs: (\d{4}-\d\d-\d\d \d\d:(00|15|30|45) UTC, ){2}\d{4}-\d\d-\d\d \d\d:(00|15|30|45) UTC$/,
    );
    expect(lines[2]).toBe(
      'PUBLIC.ORDERS loads into PUBLIC.ORDERS directly (no _LOG table): the query has nothing to merge until `mapping PUBLIC.ORDERS use-log`.',
    );
    expect(pipelineWrites(world.sandbox)).toEqual([]);
    const applied = await approve(request);
    expect(applied).toMatchObject({ status: 'applied', error: null });
    expect(await queryOf(ORDERS)).toMatchObject({
      schedule: { cron: '*/15 * * * *' },
      query_type: 'incremental',
      deployment_name: 'sandbox-deployment',
    });
  });

  it('create with a cron and the custom variables; refused when the event type already has one', async () => {
    const request = await propose('consolidation.create', {
      event: ORDERS,
      cron: '0 */2 * * *',
      customVariables: true,
    });
    await approve(request);
    expect(await queryOf(ORDERS)).toMatchObject({
      schedule: { cron: '0 */2 * * *' },
      custom_variables: { ri_field: '_metadata.@timestamp', ri_column: '_metadata.@timestamp' },
    });
    await expect(propose('consolidation.create', { event: USERS })).rejects.toThrow(
      /`PUBLIC.USERS` already has a consolidation \(query 12345, `\*\/30 \* \* \* \*`\)/,
    );
  });

  it('cron: delete + create as one change with one approval', async () => {
    const request = await propose('consolidation.cron', { event: USERS, cron: '0 * * * *' });
    expect(request.preview?.items[0]?.lines.join('\n')).toMatch(/Was `\*\/30 \* \* \* \*`: Every 30 minutes/);
    const applied = await approve(request);
    expect(applied).toMatchObject({ status: 'applied' });
    expect(pipelineWrites(world.sandbox).map((w) => `${w.method} ${w.path}`)).toEqual([
      'DELETE v2/consolidation/12345',
      'POST v2/consolidation',
    ]);
    expect((await queryOf(USERS))?.schedule?.cron).toBe('0 * * * *');
  });

  it('cron: when the create is refused after the delete, the old query is recreated and the error says so', async () => {
    const request = await propose('consolidation.cron', { event: USERS, cron: '0 * * * *' });
    world.sandbox.injectFault({ method: 'POST', path: 'v2/consolidation', status: 400, times: 1 });
    const failed = await approve(request);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(
      /new query of PUBLIC\.USERS was refused .*HTTP 400.*the old query was recreated with its schedule `\*\/30 \* \* \* \*`/,
    );
    expect((await queryOf(USERS))?.schedule?.cron).toBe('*/30 * * * *');
  });

  it('cron: when the create fails with a server error, the old query is back too', async () => {
    const request = await propose('consolidation.cron', { event: USERS, cron: '0 * * * *' });
    world.sandbox.injectFault({ method: 'POST', path: 'v2/consolidation', status: 500, times: 1 });
    const failed = await approve(request);
    expect(failed.status).toBe('failed');
    expect((await queryOf(USERS))?.schedule?.cron).toBe('*/30 * * * *');
  });

  it('cron: when recreating the old query fails too, the error says the event type has no consolidation', async () => {
    const request = await propose('consolidation.cron', { event: USERS, cron: '0 * * * *' });
    world.sandbox.injectFault({ method: 'POST', path: 'v2/consolidation', status: 400, times: 2 });
    const failed = await approve(request);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(
      /recreating the old one failed too .*PUBLIC\.USERS has NO consolidation now: recreate it with `consolidation create PUBLIC\.USERS cron "\*\/30 \* \* \* \*"`/,
    );
    expect(await queryOf(USERS)).toBeUndefined();
  });

  it('cron: a create that landed but whose answer was lost is not undone by the compensation', async () => {
    const request = await propose('consolidation.cron', { event: USERS, cron: '0 * * * *' });
    world.sandbox.injectFault({ method: 'POST', path: 'v2/consolidation', status: 502, applied: true, times: 1 });
    expect(await approve(request)).toMatchObject({ status: 'applied' });
    expect((await queries()).filter((q) => q.event_type === USERS).map((q) => q.schedule?.cron)).toEqual(['0 * * * *']);
  });

  it('cron: a schedule changed out of band makes the plan stale', async () => {
    const request = await propose('consolidation.cron', { event: USERS, cron: '0 * * * *' });
    expect((await patchSandboxConsolidation(world.sandbox, 12345, { schedule: { cron: '5 * * * *' } })).status).toBe(
      200,
    );
    expect(await approve(request)).toMatchObject({ status: 'stale' });
    expect((await queryOf(USERS))?.schedule?.cron).toBe('5 * * * *');
  });

  it('remove is destructive: the card says what stops, and the query is gone after approval', async () => {
    const request = await propose('consolidation.remove', { event: TABLE_ONE });
    expect(request.preview?.title).toBe('What stops');
    expect(request.preview?.summary).toMatch(
      /Query 12346 \(`\*\/15 \* \* \* \*`\) stops: rows loaded into TABLE_ONE_LOG are no longer merged into TABLE_ONE/,
    );
    const applied = await approve(request);
    expect(applied).toMatchObject({ status: 'applied' });
    expect(await queryOf(TABLE_ONE)).toBeUndefined();
  });

  it('bad input: an invalid cron and a missing query are clear errors, nothing proposed', async () => {
    await expect(propose('consolidation.create', { event: ORDERS, cron: '61 * * * *' })).rejects.toThrow(
      /`61 \* \* \* \*` is not a valid cron expression: Invalid value for minute: 61/,
    );
    await expect(propose('consolidation.cron', { event: USERS, cron: '* * *' })).rejects.toThrow(
      /has 3 fields; a cron expression has 5/,
    );
    await expect(propose('consolidation.cron', { event: ORDERS, cron: '0 * * * *' })).rejects.toThrow(
      /`PUBLIC.ORDERS` has no consolidation query/,
    );
    await expect(propose('consolidation.cron', { event: USERS, cron: '*/30 * * * *' })).rejects.toThrow(
      /already runs on/,
    );
    expect(await world.services.changes.listPending()).toEqual([]);
  });

  it('the sandbox filters by event_type and refuses what the pipeline would', async () => {
    expect((await world.pipeline.listConsolidations(USERS)).map((q) => q.id)).toEqual(['12345']);
    expect(await world.pipeline.listConsolidations(ORDERS)).toEqual([]);
    const body = { event_type: ORDERS, run_at: '0 * * * *', query_type: 'incremental' };
    const { deploymentName } = await world.pipeline.getDeployInfo();
    for (const [bad, problem] of [
      [{ ...body, event_type: 'NOPE.NOPE', deployment_name: deploymentName }, /No event type named 'NOPE.NOPE'/],
      [{ ...body, event_type: USERS, deployment_name: deploymentName }, /already has a consolidation \(id 12345\)/],
      [{ ...body, deployment_name: 'someone-else' }, /deployment_name must be 'sandbox-deployment'/],
      [{ ...body, run_at: '61 * * * *', deployment_name: deploymentName }, /Invalid run_at/],
    ] as const) {
      await expect(world.pipeline.createConsolidation(bad), JSON.stringify(bad)).rejects.toThrow(problem);
    }
    expect(await world.pipeline.listConsolidations(ORDERS)).toEqual([]);
  });

  it('a removed event type loses its query, also when an event type of that name is created again', async () => {
    const users = await world.pipeline.getMapping(USERS);
    await world.pipeline.deleteEventType(USERS);
    expect((await queries()).map((q) => q.event_type)).toEqual([TABLE_ONE]);
    await world.pipeline.setMapping(USERS, users);
    expect((await world.services.consolidations.list()).map((q) => q.event_type)).toEqual([TABLE_ONE]);
    await expect(world.services.consolidations.show(USERS)).rejects.toThrow(/has no consolidation query/);
  });
});
