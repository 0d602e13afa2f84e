import { expect, it } from 'vitest';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import { approveOrThrow, pipelineWrites, useWorkflowWorld } from '../../support/workflow-world.js';

const ALICE = 'UALICE';
const BOB = 'UBOB';
const ORDERS = 'PUBLIC.ORDERS';
const USERS = 'PUBLIC.USERS';

describeEachBackend('table-level mapping changes over the sandbox', (backend) => {
  const db = useTestDatabase(backend);
  const world = useWorkflowWorld(db);

  const propose = (kind: string, params: unknown) => world.services.changes.propose(kind, params, ALICE);
  const apply = async (kind: string, params: unknown) => {
    const request = await propose(kind, params);
    return { request, applied: await approveOrThrow(world, request, BOB) };
  };

  it('consolidation: schema, table and a list of keys (managealooma §9.7 fixed)', async () => {
    const { request, applied } = await apply('mapping.consolidation', {
      event: ORDERS,
      schema: 'PUBLIC',
      table: 'ORDERS',
      keys: ['ID', 'CREATED_AT'],
    });
    expect(request.preview).toMatchObject({
      summary: 'No field changes. No warehouse DDL needed: the table keeps its columns.',
      items: [{ label: 'Fields affected', lines: ['consolidation: (none) → PUBLIC.ORDERS by ID, CREATED_AT'] }],
    });
    expect(applied.status).toBe('applied');
    expect(world.sandbox.getEventType(ORDERS).consolidation).toMatchObject({
      consolidatedSchema: 'PUBLIC',
      consolidatedTableName: 'ORDERS',
      consolidationKeys: ['ID', 'CREATED_AT'],
    });
  });

  it('use-log: the table becomes ORDERS_LOG, consolidated into ORDERS; the card shows the table DDL', async () => {
    const { request, applied } = await apply('mapping.use-log', { event: ORDERS });
    expect(request.preview?.items[0]).toEqual({
      label: 'Fields affected',
      lines: ['loads into: PUBLIC.ORDERS → PUBLIC.ORDERS_LOG', 'consolidation: (none) → PUBLIC.ORDERS (no keys)'],
    });
    expect(request.preview?.items[1]).toEqual({
      label: 'Before the change (table, not executed by the check)',
      lines: [
        'ALTER TABLE "PUBLIC"."ORDERS" RENAME TO "PUBLIC"."ORDERS_LOG";',
        'CREATE TABLE "PUBLIC"."ORDERS" LIKE "PUBLIC"."ORDERS_LOG";',
      ],
    });
    expect(applied.status).toBe('applied');
    const stored = world.sandbox.getEventType(ORDERS);
    expect(stored.mapping).toMatchObject({ schema: 'PUBLIC', tableName: 'ORDERS_LOG' });
    expect(stored.consolidation).toMatchObject({ consolidatedSchema: 'PUBLIC', consolidatedTableName: 'ORDERS' });
    await expect(propose('mapping.use-log', { event: USERS })).rejects.toThrow(/already loads into USERS_LOG/);
  });

  it('manual-consolidation in lower case applies lower case to the schema and table too', async () => {
    const { applied } = await apply('mapping.manual-consolidation', {
      event: ORDERS,
      schema: 'PUBLIC',
      table: 'ORDERS',
      keys: ['ID'],
      case: 'lower',
    });
    expect(applied.status).toBe('applied');
    const stored = world.sandbox.getEventType(ORDERS);
    expect(stored.mapping).toMatchObject({ schema: 'public', tableName: 'orders_log' });
    expect(stored.consolidation).toMatchObject({
      consolidatedSchema: 'public',
      consolidatedTableName: 'orders',
      consolidationKeys: ['ID'],
    });
  });

  it('copy-to a new event type: absent before, created by the apply, verified', async () => {
    const source = await world.services.mappings.get(ORDERS);
    const request = await propose('mapping.copy', {
      event: ORDERS,
      target: 'PUBLIC.ORDERS_V2',
      table: 'ORDERS_V2',
      source,
    });
    expect(request.before).toBeNull();
    expect(request.diff).toContain('"tableName": "ORDERS_V2"');
    expect(request.preview?.items[0]?.lines.slice(0, 4)).toEqual([
      'loads into: (none) → PUBLIC.ORDERS_V2',
      'mapping mode: (default) → AUTO_MAP',
      'input: (none) → production_database',
      '+ id: ID NUMBER(38,0) NOT NULL',
    ]);
    const outcome = await world.services.changes.approve(request.id, BOB);
    expect(outcome).toMatchObject({ type: 'decided', request: { status: 'applied', error: null } });
    const created = world.sandbox.getEventType('PUBLIC.ORDERS_V2');
    expect(created.mapping).toMatchObject({ schema: 'PUBLIC', tableName: 'ORDERS_V2' });
    expect(created.fields?.map((f) => f.fieldName)).toEqual(source.fields?.map((f) => f.fieldName));
  });

  it('copy-to is stale when the target appears before the approval', async () => {
    const source = await world.services.mappings.get(ORDERS);
    const request = await propose('mapping.copy', {
      event: ORDERS,
      target: 'PUBLIC.ORDERS_V2',
      table: 'ORDERS_V2',
      source,
    });
    await world.pipeline.setMapping('PUBLIC.ORDERS_V2', { ...source, name: 'PUBLIC.ORDERS_V2' });
    world.sandbox.clearRequestLog();
    const outcome = await world.services.changes.approve(request.id, BOB);
    expect(outcome).toMatchObject({ type: 'decided', request: { status: 'stale' } });
    expect(pipelineWrites(world.sandbox)).toEqual([]);
  });

  it('bad input: keys not in the mapping, copy onto itself', async () => {
    await expect(
      propose('mapping.manual-consolidation', { event: ORDERS, schema: 'PUBLIC', table: 'ORDERS', keys: ['UUID'] }),
    ).rejects.toThrow(/`UUID` is not a column of `PUBLIC.ORDERS`\. Columns: `ID`, `NAME`/);
    const source = await world.services.mappings.get(ORDERS);
    await expect(propose('mapping.copy', { event: ORDERS, target: ORDERS, source })).rejects.toThrow(/not to itself/);
  });
});
