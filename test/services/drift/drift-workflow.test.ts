import { expect, it } from 'vitest';
import type { ChangeRequest } from '../../../src/services/changes/change-request.js';
import { SEED_EVENT_TYPE_NAMES } from '../../../src/services/sandbox/sandbox-seed.js';
import { createServices } from '../../../src/services/services.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import { approveOrThrow, noGroups, useWorkflowWorld } from '../../support/workflow-world.js';

/** Drift detection (issue 11) on the service layer, against the sandbox over loopback HTTP, on every backend. */

const ALICE = 'UALICE';
const BOB = 'UBOB';
const ORDERS = SEED_EVENT_TYPE_NAMES.publicOrders;

describeEachBackend('drift detection', (backend) => {
  const db = useTestDatabase(backend);
  const world = useWorkflowWorld(db);

  const drift = () => world.services.drift;
  const drifted = async () => (await drift().checkNow()).map((record) => record.resource.label);
  const approve = (request: ChangeRequest, by = BOB) => approveOrThrow(world, request, by);
  const setBatchSize = (value: number) =>
    world.sandbox.updateInput('production_database', (input) => ({
      ...input,
      configuration: { ...input.configuration, batch_size: value },
    }));

  it('the first read is the known state; an out-of-band edit is one drift, with the diff and when it was first seen', async () => {
    expect(await drifted()).toEqual([]);
    setBatchSize(1);
    world.clock.advance(60_000);
    const [record, ...others] = await drift().checkNow();
    expect(others).toEqual([]);
    expect(record).toMatchObject({
      resource: { type: 'input', label: 'production_database' },
      incident: 1,
      firstSeenAt: world.clock.now(),
      knownBy: 'read',
    });
    expect(record?.diff).toContain('-    "batch_size": 100000,');
    expect(record?.diff).toContain('+    "batch_size": 1,');
    expect(await drift().needingSync()).toEqual([record?.id]);

    // Seen again unchanged: the same drift, not a new one; changed further: the same incident, a new diff.
    world.clock.advance(60_000);
    const [again] = await drift().checkNow();
    expect(again).toMatchObject({
      id: record?.id,
      incident: 1,
      firstSeenAt: record?.firstSeenAt,
      revision: record?.revision,
    });
    setBatchSize(2);
    const [further] = await drift().checkNow();
    expect(further).toMatchObject({ incident: 1, firstSeenAt: record?.firstSeenAt });
    expect(further?.revision).toBeGreaterThan(record?.revision ?? 0);
    expect(further?.diff).toContain('+    "batch_size": 2,');

    // Back to the known state by itself: the drift is over (restored), and its message needs redrawing.
    setBatchSize(100000);
    expect(await drifted()).toEqual([]);
    expect(await drift().get(record?.id ?? 0)).toMatchObject({
      drifted: null,
      closedHow: 'restored',
      closedBy: 'pipeline',
    });
  });

  it('a change made through pipeops is not drift', async () => {
    await drift().checkNow();
    const request = await world.services.changes.propose('mapping.mode', { event: ORDERS, mode: 'STRICT' }, ALICE);
    expect((await approve(request)).status).toBe('applied');
    const pause = await world.services.changes.propose('input.pause', { input: 'production_database' }, ALICE);
    expect((await approve(pause)).status).toBe('applied');
    const schedule = await world.services.changes.propose('consolidation.create', { event: ORDERS }, ALICE);
    expect((await approve(schedule)).status).toBe('applied');
    const mode = await world.services.changes.propose('default-mode.set', { mode: 'FLEXIBLE' }, ALICE);
    expect((await approve(mode)).status).toBe('applied');
    expect(await drifted()).toEqual([]);
    const records = await world.services.drift.listDrifted();
    expect(records).toEqual([]);
    // A default mode changed outside pipeops is one drift, not one more per event type that follows it.
    world.sandbox.setDefaultMappingMode('STRICT');
    expect(await drifted()).toEqual(['default mapping mode']);
    // … and an out-of-band edit on top of a pipeops change still is.
    world.sandbox.setMappingMode(ORDERS, 'FLEXIBLE');
    expect((await drifted()).sort()).toEqual([ORDERS, 'default mapping mode'].sort());
  });

  it('a password-only change is drift: compared by keyed hash, the value is stored nowhere', async () => {
    world.sandbox.updateInput('production_database', (input) => ({
      ...input,
      configuration: { ...input.configuration, password: 'old-password-value' },
    }));
    await drift().checkNow();
    world.sandbox.updateInput('production_database', (input) => ({
      ...input,
      configuration: { ...input.configuration, password: 'new-password-value' },
    }));
    const [record] = await drift().checkNow();
    expect(record?.resource.label).toBe('production_database');
    expect(record?.diff).toBe('~ configuration.password: credential changed (value not shown)');
    const rows = JSON.stringify((await db().query('SELECT * FROM drift_resources')).rows);
    expect(rows).not.toContain('password-value');
    await expect(drift().planRevert(record?.id ?? 0, 1)).rejects.toThrow(
      /Only a credential of production_database changed: pipeops cannot write back a value it never knew/,
    );
  });

  it('Accept records the new state as known, audited; a later click on the same drift is refused', async () => {
    await drift().checkNow();
    setBatchSize(7);
    const [record] = await drift().checkNow();
    const outcome = await drift().accept(record?.id ?? 0, 1, ALICE);
    expect(outcome).toMatchObject({
      type: 'decided',
      record: { drifted: null, closedHow: 'accepted', knownBy: ALICE },
    });
    expect(await drifted()).toEqual([]);
    expect(await drift().accept(record?.id ?? 0, 1, BOB)).toMatchObject({
      type: 'refused',
      message: expect.stringMatching(/is over \(accepted by UALICE\)/),
    });
    const audit = await world.services.audit.list({ resource: 'production_database', limit: 5 });
    expect(audit[0]).toMatchObject({ actor: ALICE, action: 'drift_accepted', outcome: 'accepted' });
    expect(audit[0]?.diff).toContain('+    "batch_size": 7,');
  });

  it('Revert proposes the known state back through approval; once applied, the drift is over', async () => {
    await drift().checkNow();
    world.sandbox.setMappingMode(ORDERS, 'STRICT');
    const [record] = await drift().checkNow();
    const proposal = await drift().planRevert(record?.id ?? 0, 1);
    const revert = await world.services.changes.propose(proposal.kind, proposal.params, ALICE);
    expect(revert).toMatchObject({ kind: 'restore.mapping', status: 'pending', params: { revertOf: null } });
    expect(revert.title).toMatch(/^Revert the change made outside pipeops \(first seen .*\) on PUBLIC\.ORDERS$/);
    expect(revert.diff).toContain('+  "mappingMode": "AUTO_MAP",');
    expect(world.sandbox.getEventType(ORDERS).mappingMode).toBe('STRICT');
    expect((await approve(revert)).status).toBe('applied');
    expect(world.sandbox.getEventType(ORDERS).mappingMode).toBe('AUTO_MAP');
    expect(await drifted()).toEqual([]);
    expect(await drift().get(record?.id ?? 0)).toMatchObject({ closedHow: 'restored', closedBy: `#${revert.id}` });
  });

  it('survives a restart: a new process over the same database sees the same drift, not a new one', async () => {
    await drift().checkNow();
    setBatchSize(3);
    const [record] = await drift().checkNow();
    const restarted = createServices({
      db: db(),
      pipeline: world.pipeline,
      access: { proposers: [], approvers: [] },
      directory: noGroups,
      clock: world.clock,
      changeTtlMs: 60 * 60_000,
      logger: { info() {}, warn() {}, error() {} },
    });
    const [same, ...others] = await restarted.drift.checkNow();
    expect(others).toEqual([]);
    expect(same).toMatchObject({
      id: record?.id,
      incident: 1,
      revision: record?.revision,
      version: expect.any(Number),
    });
  });
});
