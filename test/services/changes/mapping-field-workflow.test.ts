import { expect, it } from 'vitest';
import type { ChangeRequest } from '../../../src/services/changes/change-request.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import { pipelineWrites, useWorkflowWorld } from '../../support/workflow-world.js';

const ALICE = 'UALICE';
const BOB = 'UBOB';
const ORDERS = 'PUBLIC.ORDERS';
const USERS = 'PUBLIC.USERS';

describeEachBackend('mapping field changes over the sandbox', (backend) => {
  const db = useTestDatabase(backend);
  const world = useWorkflowWorld(db);

  const propose = (kind: string, params: unknown) => world.services.changes.propose(kind, params, ALICE);
  const linesOf = (request: ChangeRequest, label: string) =>
    request.preview?.items.find((item) => item.label === label)?.lines;
  const field = (eventType: string, path: string) => {
    let fields = world.sandbox.getEventType(eventType).fields ?? [];
    let found: (typeof fields)[number] | undefined;
    for (const name of path.split('.')) {
      found = fields.find((f) => f.fieldName === name);
      fields = found?.fields ?? [];
    }
    return found;
  };

  it('field add: the card shows the field and the checked column DDL; approval maps it; verified', async () => {
    const request = await propose('mapping.field.add', {
      event: ORDERS,
      path: 'shipping.zip',
      column: 'SHIPPING_ZIP',
      columnType: { type: 'VARCHAR', length: 16, nonNull: true },
    });
    expect(request.title).toBe(`Map field shipping.zip of ${ORDERS} to column SHIPPING_ZIP VARCHAR(16) NOT NULL`);
    expect(request.diff).toContain('"columnName": "SHIPPING_ZIP"');
    expect(request.preview).toMatchObject({ title: 'Mapping change' });
    expect(request.preview?.summary).toMatch(
      /^1 field affected\. Warehouse DDL for PUBLIC\.ORDERS: checked on \w+: no problems\.$/,
    );
    // The JSON diff can only say that `shipping`'s sub-field list changed; the card names the field.
    expect(request.changes.shown.map((change) => change.path)).toEqual(['fields[4].fields']);
    expect(linesOf(request, 'Fields affected')).toEqual(['+ shipping.zip: SHIPPING_ZIP VARCHAR(16) NOT NULL']);
    const ddl = request.preview?.items.find((item) => item.label === 'Column DDL (Snowflake)')?.lines.join('\n');
    expect(ddl).toBe('ALTER TABLE "PUBLIC"."ORDERS"\n  ADD COLUMN "SHIPPING_ZIP" VARCHAR(16);');
    expect(pipelineWrites(world.sandbox)).toEqual([]);

    const outcome = await world.services.changes.approve(request.id, BOB);
    expect(outcome).toMatchObject({ type: 'decided', request: { status: 'applied', error: null } });
    expect(field(ORDERS, 'shipping.zip')?.mapping).toMatchObject({
      columnName: 'SHIPPING_ZIP',
      columnType: { type: 'VARCHAR', length: 16, nonNull: true, truncate: false },
      isDiscarded: false,
    });
  });

  it('field type on a table with a _LOG twin: the DDL changes both tables', async () => {
    const request = await propose('mapping.field.type', {
      event: USERS,
      path: 'email',
      columnType: { type: 'VARCHAR', length: 1024, nonNull: true },
    });
    expect(request.preview?.summary).toMatch(
      /Warehouse DDL for PUBLIC\.USERS \(and its _LOG twin\): checked on \w+: no problems/,
    );
    expect(linesOf(request, 'Fields affected')).toEqual([
      '~ email: EMAIL VARCHAR(320) NOT NULL → EMAIL VARCHAR(1024) NOT NULL',
    ]);
    const ddl = request.preview?.items.find((item) => item.label === 'Column DDL (Snowflake)')?.lines.join('\n') ?? '';
    expect(ddl).toContain('ALTER TABLE "PUBLIC"."USERS_LOG"\n  ADD COLUMN "EMAIL" VARCHAR(1024);');
    expect(ddl).toContain('SET "EMAIL" = "EMAIL_TMP"::VARCHAR(1024)');
    await world.services.changes.approve(request.id, BOB);
    expect(field(USERS, 'email')?.mapping?.columnType).toMatchObject({ type: 'VARCHAR', length: 1024 });
  });

  it('field length, null, discard and delete each apply and verify; the card names the field', async () => {
    const steps: [string, unknown, string, () => void][] = [
      [
        'mapping.field.length',
        { event: ORDERS, path: 'shipping.city', length: 512 },
        '~ shipping.city: SHIPPING_CITY VARCHAR(256) → SHIPPING_CITY VARCHAR(512)',
        () => expect(field(ORDERS, 'shipping.city')?.mapping?.columnType?.length).toBe(512),
      ],
      [
        'mapping.field.null',
        { event: ORDERS, path: 'name', allowNull: false },
        '~ name: NAME VARCHAR(16777216) → NAME VARCHAR(16777216) NOT NULL',
        () => expect(field(ORDERS, 'name')?.mapping?.columnType?.nonNull).toBe(true),
      ],
      [
        'mapping.field.discard',
        { event: ORDERS, path: 'total' },
        '~ total: TOTAL NUMBER(12,2) NOT NULL → discarded',
        () =>
          expect(field(ORDERS, 'total')?.mapping).toMatchObject({
            isDiscarded: true,
            columnName: '',
            columnType: null,
          }),
      ],
      [
        'mapping.field.delete',
        { event: ORDERS, path: 'created_at' },
        '- created_at: removed from the mapping (was CREATED_AT TIMESTAMP NOT NULL)',
        () => expect(field(ORDERS, 'created_at')).toBeUndefined(),
      ],
    ];
    for (const [kind, params, affected, check] of steps) {
      const request = await propose(kind, params);
      expect(linesOf(request, 'Fields affected'), kind).toEqual([affected]);
      const outcome = await world.services.changes.approve(request.id, BOB);
      expect(outcome, kind).toMatchObject({ type: 'decided', request: { status: 'applied' } });
      check();
    }
  });

  it('the discard card lists the dropped column as optional DDL', async () => {
    const request = await propose('mapping.field.discard', { event: ORDERS, path: 'total' });
    const notes = request.preview?.items.find((item) => item.label === 'Notes')?.lines ?? [];
    expect(notes.join('\n')).toMatch(/TOTAL: no longer mapped; Alooma keeps the column, so dropping it is optional/);
  });

  it('refuses a stale plan: the mapping changed out of band', async () => {
    const request = await propose('mapping.field.length', { event: ORDERS, path: 'shipping.city', length: 512 });
    world.sandbox.updateEventType(ORDERS, (eventType) => ({ ...eventType, mappingMode: 'STRICT' }));
    const outcome = await world.services.changes.approve(request.id, BOB);
    expect(outcome).toMatchObject({ type: 'decided', request: { status: 'stale' } });
    expect(field(ORDERS, 'shipping.city')?.mapping?.columnType?.length).toBe(256);
  });

  it('a pipeline failure fails the request and leaves the mapping as it was', async () => {
    const request = await propose('mapping.field.null', { event: ORDERS, path: 'name', allowNull: false });
    world.sandbox.injectFault({ method: 'POST', path: `event-types/${ORDERS}/mapping`, status: 500 });
    const outcome = await world.services.changes.approve(request.id, BOB);
    expect(outcome).toMatchObject({ type: 'decided', request: { status: 'failed' } });
    if (outcome.type === 'decided') expect(outcome.request.error).toMatch(/HTTP 500|not applied/);
    expect(field(ORDERS, 'name')?.mapping?.columnType?.nonNull).toBe(false);
  });

  it('bad input: clear errors naming the problem, nothing proposed', async () => {
    await expect(propose('mapping.field.length', { event: ORDERS, path: 'shiping.city', length: 10 })).rejects.toThrow(
      /has no field `shiping.city`\. Did you mean `shipping.city`\?/,
    );
    await expect(
      propose('mapping.field.add', {
        event: ORDERS,
        path: 'x',
        column: 'X',
        columnType: { type: 'VARCHAR', length: 0 },
      }),
    ).rejects.toThrow(/VARCHAR length must be 1\.\.16777216/);
    await expect(propose('mapping.field.length', { event: ORDERS, path: 'name', length: 16_777_217 })).rejects.toThrow(
      /VARCHAR length must be 1\.\.16777216/,
    );
    await expect(
      propose('mapping.field.type', {
        event: ORDERS,
        path: 'total',
        columnType: { type: 'NUMBER', precision: 4, scale: 6 },
      }),
    ).rejects.toThrow(/NUMBER scale \(6\) must not exceed its precision \(4\)/);
    await expect(
      propose('mapping.consolidation', { event: ORDERS, schema: 'PUBLIC', table: 'ORDERS', keys: ['ID', 'NOPE'] }),
    ).rejects.toThrow(/`NOPE` is not a column of `PUBLIC.ORDERS`/);
    await expect(
      propose('mapping.field.add', { event: ORDERS, path: 'id', column: 'ID2', columnType: { type: 'BOOLEAN' } }),
    ).rejects.toThrow(/already mapped to column `ID`/);
    await expect(
      propose('mapping.field.add', { event: ORDERS, path: 'coupon', column: 'NAME', columnType: { type: 'BOOLEAN' } }),
    ).rejects.toThrow(/Column `NAME` is already mapped from field `name`/);
    expect(await world.services.changes.listPending()).toEqual([]);
  });
});
