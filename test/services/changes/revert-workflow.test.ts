import { expect, it } from 'vitest';
import type { ChangeRequest } from '../../../src/services/changes/change-request.js';
import { revertibility } from '../../../src/services/changes/revert-plan.js';
import { REDACTED } from '../../../src/services/credentials/placeholder.js';
import { SEED_EVENT_TYPE_NAMES } from '../../../src/services/sandbox/sandbox-seed.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import { approveUntilDecided, pipelineWrites, requestAudit, useWorkflowWorld } from '../../support/workflow-world.js';

/** One-click revert (issue 11) on the service layer, against the sandbox over loopback HTTP, on every backend. */

const ALICE = 'UALICE';
const BOB = 'UBOB';
const CAROL = 'UCAROL';
const DAVE = 'UDAVE';
const ORDERS = SEED_EVENT_TYPE_NAMES.publicOrders;
const USERS = SEED_EVENT_TYPE_NAMES.publicUsers;

describeEachBackend('revert of applied change requests', (backend) => {
  const db = useTestDatabase(backend);
  const world = useWorkflowWorld(db);

  const changes = () => world.services.changes;
  const reverts = () => world.services.reverts;
  /** Proposed by ALICE, approved by BOB then (destructive kinds) CAROL, until it leaves pending. */
  async function applied(kind: string, params: unknown): Promise<ChangeRequest> {
    return approveAll(await changes().propose(kind, params, ALICE));
  }
  const approveAll = (request: ChangeRequest) =>
    approveUntilDecided(
      world,
      request,
      [BOB, CAROL, DAVE].filter((user) => user !== request.requestedBy),
    );
  const configuration = (input: string) => world.sandbox.getInput(input).configuration ?? {};

  it('plain: proposes the inverse as a new pending request with a dry-run diff; approved, the old value is back', async () => {
    const change = await applied('input.set', { input: 'production_database', path: 'batch_size', value: '5000' });
    expect(change.status).toBe('applied');
    expect(revertibility(change)).toEqual({ revertible: true, restoreKind: 'restore.input' });
    world.sandbox.clearRequestLog();

    const revert = await reverts().propose(change.id, CAROL);
    expect(revert).toMatchObject({
      kind: 'restore.input',
      status: 'pending',
      requestedBy: CAROL,
      title: `Revert #${change.id}: ${change.title}`,
      resource: change.resource,
      params: { revertOf: change.id, movedSince: [] },
    });
    expect(revert.id).not.toBe(change.id);
    expect(revert.diff).toContain('-    "batch_size": 5000,');
    expect(revert.diff).toContain('+    "batch_size": 100000,');
    expect(revert.changes.shown.map((c) => c.path)).toEqual(['configuration.batch_size']);
    expect(pipelineWrites(world.sandbox)).toEqual([]);
    expect(configuration('production_database').batch_size).toBe(5000);

    const self = await changes().approve(revert.id, CAROL);
    expect(self).toMatchObject({ type: 'refused', reason: 'self_approval' });
    const done = await approveAll(revert);
    expect(done.status).toBe('applied');
    expect(configuration('production_database').batch_size).toBe(100000);
    expect(pipelineWrites(world.sandbox).map((w) => `${w.method} ${w.path}`)).toEqual([
      `PUT inputs/${change.resource.id}`,
    ]);
    const audit = await requestAudit(world, revert.id);
    expect(audit.map((entry) => entry.action).sort()).toEqual(
      ['applied', 'applying', 'approved', 'proposed', 'approve_refused'].sort(),
    );
  });

  it('plain, per resource family: paused state, mapping, consolidation and the default mapping mode', async () => {
    const pause = await applied('input.pause', { input: 'production_database' });
    const mode = await applied('mapping.mode', { event: ORDERS, mode: 'STRICT' });
    const created = await applied('consolidation.create', { event: ORDERS, cron: '0 * * * *' });
    const rescheduled = await applied('consolidation.cron', { event: USERS, cron: '0 */2 * * *' });
    const defaultMode = await applied('default-mode.set', { mode: 'STRICT' });
    for (const request of [pause, mode, created, rescheduled, defaultMode]) expect(request.status).toBe('applied');

    for (const request of [pause, mode, created, rescheduled, defaultMode]) {
      const revert = await reverts().propose(request.id, CAROL);
      expect(revert.params).toMatchObject({ revertOf: request.id, movedSince: [] });
      expect((await approveAll(revert)).status).toBe('applied');
    }
    expect(world.sandbox.getInput('production_database').paused).toBe(false);
    expect(world.sandbox.getEventType(ORDERS).mappingMode).toBe('AUTO_MAP');
    const queries = await world.pipeline.listConsolidations();
    expect(queries.find((q) => q.event_type === ORDERS)).toBeUndefined();
    expect(queries.find((q) => q.event_type === USERS)?.schedule?.cron).toBe('*/30 * * * *');
    expect(world.sandbox.getDefaultMappingMode()).not.toBe('STRICT');
  });

  it('after a later change: the diff shows everything the revert undoes and the request says the resource moved on', async () => {
    const first = await applied('input.set', { input: 'production_database', path: 'batch_size', value: '5000' });
    const later = await applied('input.set', { input: 'production_database', path: 'port', value: '6543' });
    world.sandbox.updateInput('production_database', (input) => ({
      ...input,
      configuration: { ...input.configuration, schema: 'sales' },
    }));

    const revert = await reverts().propose(first.id, BOB);
    expect(revert.params).toMatchObject({
      revertOf: first.id,
      movedSince: expect.arrayContaining(['configuration.port', 'configuration.schema']),
    });
    expect((revert.params as { movedSince: string[] }).movedSince).toHaveLength(2);
    expect(revert.changes.shown.map((c) => c.path).sort()).toEqual([
      'configuration.batch_size',
      'configuration.port',
      'configuration.schema',
    ]);
    expect(revert.diff).toContain('+    "port": 5432,');
    expect(revert.diff).toContain('-    "port": 6543,');
    expect((await approveAll(revert)).status).toBe('applied');
    expect(configuration('production_database')).toMatchObject({ batch_size: 100000, port: 5432, schema: 'public' });

    // Back where it was before the first change: another revert of it has nothing left to undo.
    await expect(reverts().propose(first.id, BOB)).rejects.toThrow(
      `production_database already looks as before #${first.id}: nothing to revert.`,
    );
    expect(later.status).toBe('applied');
  });

  it('keeps credentials as they are server-side: a masked value is never written back', async () => {
    world.sandbox.updateInput('production_database', (input) => ({
      ...input,
      configuration: { ...input.configuration, password: 'first-secret-value' },
    }));
    const change = await applied('input.set', { input: 'production_database', path: 'batch_size', value: '7' });
    world.sandbox.updateInput('production_database', (input) => ({
      ...input,
      configuration: { ...input.configuration, password: 'rotated-secret-value' },
    }));
    const revert = await reverts().propose(change.id, BOB);
    expect(JSON.stringify(revert)).not.toContain('secret-value');
    expect(revert.changes.shown.map((c) => c.path)).toEqual(['configuration.batch_size']);
    expect((await approveAll(revert)).status).toBe('applied');
    expect(configuration('production_database')).toMatchObject({
      batch_size: 100000,
      password: 'rotated-secret-value',
    });
    const written = pipelineWrites(world.sandbox).map((w) => JSON.stringify(w));
    expect(written.join('\n')).not.toContain(REDACTED);
  });

  it('refuses, saying why, for failed, rejected and pending requests and for kinds that cannot be undone', async () => {
    const failing = await changes().propose(
      'input.set',
      { input: 'production_database', path: 'port', value: '1' },
      ALICE,
    );
    world.sandbox.injectFault({ method: 'PUT', path: /^inputs\//, status: 500, times: 1 });
    const failed = await approveAll(failing);
    expect(failed.status).toBe('failed');
    await expect(reverts().propose(failed.id, BOB)).rejects.toThrow(
      `#${failed.id} cannot be reverted. #${failed.id} is failed: only an applied change can be reverted`,
    );

    const rejected = await changes().propose('mapping.mode', { event: ORDERS, mode: 'FLEXIBLE' }, ALICE);
    await expect(reverts().propose(rejected.id, BOB)).rejects.toThrow(/is pending: only an applied change/);
    await changes().reject(rejected.id, BOB);
    await expect(reverts().propose(rejected.id, BOB)).rejects.toThrow(/is rejected: only an applied change/);

    const deleted = await applied('input.delete', { input: 'source_tWO' });
    expect(deleted.status).toBe('applied');
    await expect(reverts().propose(deleted.id, BOB)).rejects.toThrow(
      /A deleted input cannot be brought back with its id and credentials/,
    );
    await expect(reverts().propose(9999, BOB)).rejects.toThrow('Change request #9999 does not exist.');
    expect(await changes().listPending()).toEqual([]);
  });

  it('a second identical revert is refused while the first waits; a revert can itself be reverted', async () => {
    const change = await applied('mapping.mode', { event: ORDERS, mode: 'STRICT' });
    const revert = await reverts().propose(change.id, BOB);
    await expect(reverts().propose(change.id, CAROL)).rejects.toThrow(/already proposes exactly this/);
    const reverted = await changes().approve(revert.id, ALICE);
    expect(reverted).toMatchObject({ type: 'decided', request: { status: 'applied' } });
    expect(world.sandbox.getEventType(ORDERS).mappingMode).toBe('AUTO_MAP');
    const again = await reverts().propose(revert.id, CAROL);
    expect(again.title).toBe(`Revert #${revert.id}: Revert #${change.id}: ${change.title}`);
    expect((await approveAll(again)).status).toBe('applied');
    expect(world.sandbox.getEventType(ORDERS).mappingMode).toBe('STRICT');
  });
});
