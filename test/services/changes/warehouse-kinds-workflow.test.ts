import { expect, it } from 'vitest';
import type { ChangeRequest } from '../../../src/services/changes/change-request.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import {
  approveUntilDecided,
  patchSandboxConsolidation,
  pipelineWrites,
  useWorkflowWorld,
  type WorkflowWorld,
} from '../../support/workflow-world.js';

const ALICE = 'UALICE';
const APPROVERS = ['UBOB', 'UCAROL'];
const ORDERS = 'PUBLIC.ORDERS';
const USERS = 'PUBLIC.USERS';
const TABLE_ONE = 'SOURCE_TWO.TABLE_ONE';
const COPY = 'PUBLIC.ORDERS_V2';

/**
 * Every change kind of the warehouse side (mapping fields, table settings, consolidations) through the same four
 * workflow paths on the sandbox: a plan gone stale, a write the pipeline refuses, a write it claims to take but does
 * not (the read-back catches it), and a write it takes whose answer is lost (the read-back proves it).
 */
interface KindCase {
  kind: string;
  params(world: WorkflowWorld): Promise<unknown>;
  /** The first write the apply sends. */
  write: { method: string; path: string };
  /** Someone changes the resource in the pipeline after the proposal. */
  outOfBand(world: WorkflowWorld): Promise<void>;
  /** What the resource looks like (compared before and after a failed apply). */
  state(world: WorkflowWorld): Promise<unknown>;
}

const mappingState = (event: string) => async (world: WorkflowWorld) => world.sandbox.getEventType(event);
const switchMode = (event: string) => async (world: WorkflowWorld) => {
  world.sandbox.updateEventType(event, (eventType) => ({ ...eventType, mappingMode: 'FLEXIBLE' }));
};
const mappingWrite = (event: string) => ({ method: 'POST', path: `event-types/${event}/mapping` });
const cronsOf = (event: string) => async (world: WorkflowWorld) =>
  (await world.pipeline.listConsolidations()).filter((q) => q.event_type === event).map((q) => q.schedule?.cron);
const patchQuery = (id: number, cron: string) => async (world: WorkflowWorld) => {
  const response = await patchSandboxConsolidation(world.sandbox, id, { schedule: { cron } });
  expect(response.status).toBe(200);
};

function mappingCase(kind: string, event: string, params: Record<string, unknown>): KindCase {
  return {
    kind,
    params: async () => ({ event, ...params }),
    write: mappingWrite(event),
    outOfBand: switchMode(event),
    state: mappingState(event),
  };
}

const cases: KindCase[] = [
  mappingCase('mapping.field.add', ORDERS, {
    path: 'shipping.zip',
    column: 'SHIPPING_ZIP',
    columnType: { type: 'VARCHAR', length: 16 },
  }),
  mappingCase('mapping.field.delete', ORDERS, { path: 'created_at' }),
  mappingCase('mapping.field.type', ORDERS, { path: 'total', columnType: { type: 'NUMBER', precision: 14, scale: 2 } }),
  mappingCase('mapping.field.length', ORDERS, { path: 'shipping.city', length: 512 }),
  mappingCase('mapping.field.null', ORDERS, { path: 'name', allowNull: false }),
  mappingCase('mapping.field.discard', ORDERS, { path: 'total' }),
  mappingCase('mapping.consolidation', ORDERS, { schema: 'PUBLIC', table: 'ORDERS', keys: ['ID'] }),
  mappingCase('mapping.use-log', ORDERS, {}),
  mappingCase('mapping.manual-consolidation', ORDERS, { schema: 'PUBLIC', table: 'ORDERS', keys: ['ID'] }),
  {
    kind: 'mapping.copy',
    params: async (world) => ({
      event: ORDERS,
      target: COPY,
      table: 'ORDERS_V2',
      source: await world.services.mappings.get(ORDERS),
    }),
    write: mappingWrite(COPY),
    async outOfBand(world) {
      await world.pipeline.setMapping(COPY, { ...(await world.pipeline.getMapping(USERS)), name: COPY });
    },
    state: async (world) => (await world.pipeline.listEventTypes()).map((eventType) => eventType.name).sort(),
  },
  {
    kind: 'consolidation.create',
    params: async () => ({ event: ORDERS, cron: '0 * * * *' }),
    write: { method: 'POST', path: 'v2/consolidation' },
    async outOfBand(world) {
      await world.pipeline.createConsolidation({
        event_type: ORDERS,
        run_at: '5 * * * *',
        query_type: 'incremental',
        deployment_name: (await world.pipeline.getDeployInfo()).deploymentName,
      });
    },
    state: cronsOf(ORDERS),
  },
  {
    kind: 'consolidation.cron',
    params: async () => ({ event: USERS, cron: '0 * * * *' }),
    write: { method: 'DELETE', path: 'v2/consolidation/12345' },
    outOfBand: patchQuery(12345, '5 * * * *'),
    state: cronsOf(USERS),
  },
  {
    kind: 'consolidation.remove',
    params: async () => ({ event: TABLE_ONE }),
    write: { method: 'DELETE', path: 'v2/consolidation/12346' },
    outOfBand: patchQuery(12346, '5 * * * *'),
    state: cronsOf(TABLE_ONE),
  },
];

describeEachBackend('every warehouse change kind: stale, refused, unverified, answer lost', (backend) => {
  const db = useTestDatabase(backend);
  const world = useWorkflowWorld(db);

  async function propose(c: KindCase): Promise<ChangeRequest> {
    const request = await world.services.changes.propose(c.kind, await c.params(world), ALICE);
    expect(request.status).toBe('pending');
    expect(pipelineWrites(world.sandbox)).toEqual([]);
    return request;
  }
  const approve = (request: ChangeRequest) => approveUntilDecided(world, request, APPROVERS);

  for (const c of cases) {
    it(`${c.kind}: a plan made stale out of band writes nothing`, async () => {
      const request = await propose(c);
      await c.outOfBand(world);
      const changed = await c.state(world);
      world.sandbox.clearRequestLog();
      expect(await approve(request)).toMatchObject({ status: 'stale' });
      expect(pipelineWrites(world.sandbox)).toEqual([]);
      expect(await c.state(world)).toEqual(changed);
    });

    it(`${c.kind}: a write the pipeline refuses fails the request and changes nothing`, async () => {
      const request = await propose(c);
      const before = await c.state(world);
      world.sandbox.injectFault({ ...c.write, status: 400, times: 1 });
      const failed = await approve(request);
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(/refused|HTTP 400/);
      expect(await c.state(world)).toEqual(before);
    });

    it(`${c.kind}: a write answered as taken but not carried out is caught by the read-back`, async () => {
      const request = await propose(c);
      const before = await c.state(world);
      world.sandbox.injectFault({ ...c.write, status: c.write.method === 'DELETE' ? 204 : 200, body: {}, times: 1 });
      const failed = await approve(request);
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(/verification failed|kept it/);
      expect(await c.state(world)).toEqual(before);
    });

    it(`${c.kind}: a write carried out whose answer is lost is applied once the read-back proves it`, async () => {
      const request = await propose(c);
      const before = await c.state(world);
      world.sandbox.injectFault({ ...c.write, status: 502, applied: true, times: 1 });
      const applied = await approve(request);
      expect(applied).toMatchObject({ status: 'applied' });
      expect(await c.state(world)).not.toEqual(before);
    });
  }
});
