import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ChangeRequest } from '../../../src/services/changes/change-request.js';
import { createPipelineCatalogs } from '../../../src/services/pipeline-catalogs.js';
import { createSealedBox } from '../../../src/services/secrets/sealed-box.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import { approveOrThrow, pipelineWrites, requestAudit, useWorkflowWorld } from '../../support/workflow-world.js';

/** Issue 9's change kinds on the service layer, against the sandbox over loopback HTTP, on every database backend. */

const ALICE = 'UALICE';
const BOB = 'UBOB';
const CAROL = 'UCAROL';

describeEachBackend('input, event-type and default-mode changes', (backend) => {
  const db = useTestDatabase(backend, { poolSize: 10 });
  // A fresh sealing key per test; a restart keeps it, as restart merges `workflow` over these options.
  const world = useWorkflowWorld(db, () => ({
    workflow: { sealedBox: createSealedBox(randomBytes(32).toString('hex')) },
  }));

  const changes = () => world.services.changes;
  const plumbing = () => createPipelineCatalogs(world.pipeline).plumbing;
  const propose = (kind: string, params: unknown, options?: { sealed: string }) =>
    changes().propose(kind, params, ALICE, options);
  const approve = (request: ChangeRequest, by = BOB) => approveOrThrow(world, request, by);
  const writes = () => pipelineWrites(world.sandbox).filter((entry) => entry.method !== 'GET');

  /** Self-approval refused; another person's approval applies and verifies. */
  async function approvedByBob(request: ChangeRequest): Promise<ChangeRequest> {
    const self = await changes().approve(request.id, ALICE);
    expect(self).toMatchObject({ type: 'refused', reason: 'self_approval' });
    expect(writes()).toEqual([]);
    return approve(request);
  }

  it('input set: typed values at dotted paths, applied by another person and verified', async () => {
    const request = await propose('input.set', { input: 'production_database', path: 'batch_size', value: '5000' });
    expect(request.diff).toContain('-    "batch_size": 100000,');
    expect(request.diff).toContain('+    "batch_size": 5000,');
    expect(writes()).toEqual([]);
    expect((await approvedByBob(request)).status).toBe('applied');
    expect(world.sandbox.getInput('production_database').configuration?.batch_size).toBe(5000);

    const nested = await propose('input.set', {
      input: 'mixpanel_engage_one',
      path: 'parameters[1].value',
      value: '7',
    });
    expect((await approve(nested)).status).toBe('applied');
    const parameters = world.sandbox.getInput('mixpanel_engage_one').configuration?.parameters as { value: unknown }[];
    expect(parameters[1]?.value).toBe(7);

    // A request parameter by name, as managealooma's edit_parameter_configuration addresses it.
    const byName = await propose('input.set', {
      input: 'mixpanel_engage_one',
      path: 'parameters.where.value',
      value: '10',
    });
    expect(byName.diff).toContain('+        "value": 10,');
    expect((await approve(byName)).status).toBe('applied');
    const edited = world.sandbox.getInput('mixpanel_engage_one').configuration?.parameters as { value: unknown }[];
    expect(edited[1]?.value).toBe(10);
  });

  it('input set: refuses a value that does not parse for its field, a credential path and a no-op; nothing proposed', async () => {
    await expect(
      propose('input.set', { input: 'production_database', path: 'batch_size', value: 'lots' }),
    ).rejects.toThrow(/`batch_size` holds a number; `lots` is not a number/);
    await expect(propose('input.set', { input: 'production_database', path: 'password', value: 'x' })).rejects.toThrow(
      /is a credential \(password\)/,
    );
    await expect(propose('input.set', { input: 'production_database', path: 'port', value: '5432' })).rejects.toThrow(
      /already 5432/,
    );
    // A credential inside an ordinary value (here a DSN's password) would be stored with the request: refused.
    await expect(
      propose('input.set', {
        input: 'production_database',
        path: 'server',
        value: 'postgres://etl:hunter22@db:5432/x',
      }),
    ).rejects.toThrow(/looks like it holds a credential.*input set-credential/);
    await expect(propose('input.set', { input: 'nope', path: 'port', value: '1' })).rejects.toThrow(
      /No input named `nope`.*production_database/,
    );
    expect(await changes().listPending()).toEqual([]);
  });

  it('goes stale after an out-of-band edit and writes nothing', async () => {
    const request = await propose('input.auto-map', { input: 'source_tWO', on: true });
    world.sandbox.updateInput('source_tWO', (input) => ({
      ...input,
      configuration: { ...input.configuration, batch_size: 1 },
    }));
    const outcome = await approve(request);
    expect(outcome.status).toBe('stale');
    expect(outcome.error).toMatch(/changed since this plan was made \(configuration\.batch_size\)/);
    expect(writes()).toEqual([]);
  });

  it('fails, reported, when the pipeline answers 500 or times out', async () => {
    const failing = await propose('input.add-tables', { input: 'production_database', tables: ['invoices'] });
    world.sandbox.injectFault({ method: 'PUT', path: /^inputs\//, status: 500, times: 1 });
    const failed = await approve(failing);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/HTTP 500/);

    await world.restart({ timeoutMs: 1_000 });
    const slow = await propose('default-mode.set', { mode: 'STRICT' });
    world.sandbox.injectFault({ method: 'POST', path: 'mapping-mode', delayMs: 2_500, status: 503, times: 1 });
    const timedOut = await approve(slow);
    expect(timedOut.status).toBe('failed');
    expect(timedOut.error).toMatch(/timed out/);
  });

  it('input add-tables: adds with the shared indicator or a given one; refuses present tables and empty names', async () => {
    const request = await propose('input.add-tables', {
      input: 'production_database',
      tables: ['invoices', 'refunds=updated_at'],
    });
    expect(request.diff).toContain('+      "invoices": "xmin::text::bigint"');
    expect((await approve(request)).status).toBe('applied');
    const tables = JSON.parse(String(world.sandbox.getInput('production_database').configuration?.tables));
    expect(tables).toEqual({
      orders: 'xmin::text::bigint',
      users: 'xmin::text::bigint',
      invoices: 'xmin::text::bigint',
      refunds: 'updated_at',
    });
    await expect(propose('input.add-tables', { input: 'production_database', tables: ['orders'] })).rejects.toThrow(
      /already replicates orders/,
    );
    await expect(propose('input.add-tables', { input: 'production_database', tables: [''] })).rejects.toThrow(
      /table name is empty/,
    );
    await expect(propose('input.add-tables', { input: 'mixpanel_engage_one', tables: ['x'] })).rejects.toThrow(
      /only database inputs/,
    );
  });

  it('input auto-map keeps the string form the API uses', async () => {
    expect((await approve(await propose('input.auto-map', { input: 'source_tWO', on: true }))).status).toBe('applied');
    expect(world.sandbox.getInput('source_tWO').configuration?.auto_map).toBe('true');
  });

  it('input add-template changes the copy that is written (managealooma §9.4) and verifies it', async () => {
    const request = await propose('input.add-template', {
      input: 'mixpanel_engage_one',
      parameter: 'session_id',
      template: '%Y-%m-%d',
    });
    expect((await approve(request)).status).toBe('applied');
    const parameters = world.sandbox.getInput('mixpanel_engage_one').configuration?.parameters as {
      parameter: string;
      template?: string;
    }[];
    expect(parameters.find((p) => p.parameter === 'session_id')?.template).toBe('%Y-%m-%d');
    const both = await propose('input.add-template', {
      input: 'mixpanel_engage_one',
      parameter: 'session_id,where',
      template: '%d/%m/%Y',
    });
    expect((await approve(both)).status).toBe('applied');
    const after = world.sandbox.getInput('mixpanel_engage_one').configuration?.parameters as { template?: string }[];
    expect(after.map((p) => p.template)).toEqual(['%d/%m/%Y', '%d/%m/%Y']);
    await expect(
      propose('input.add-template', { input: 'mixpanel_engage_one', parameter: 'nope', template: 'x' }),
    ).rejects.toThrow(/no parameter `nope`. Parameters: session_id, where/);
    await expect(
      propose('input.add-template', { input: 'mixpanel_engage_one', parameter: 'where,', template: 'x' }),
    ).rejects.toThrow(/has an empty name/);
  });

  it('input create: all-added diff, credentials copied server-side and never shown; verified once it exists', async () => {
    const params = await plumbing().planNewInput({
      name: 'orders_replica',
      from: 'production_database',
      tables: ['orders'],
      schema: 'REPLICA',
      batch: 500,
    });
    const request = await propose('input.create', params);
    expect(request.before).toBeNull();
    expect(request.after).toMatchObject({
      name: 'orders_replica',
      type: 'ODBC',
      configuration: { input_default_schema: 'REPLICA', batch_size: 500, db_type: 'psql', schema: 'public' },
    });
    expect(request.diff).toMatch(/^\+ {2}"name": "orders_replica",$/m);
    expect(request.diff).not.toMatch(/^-(?!--)/m);
    const stored = JSON.stringify([request, await requestAudit(world, request.id)]);
    expect(stored).not.toContain('sandbox-production-db-password');
    expect(writes()).toEqual([]);
    const applied = await approvedByBob(request);
    expect(applied.status).toBe('applied');
    expect(world.sandbox.getInputCredentials('orders_replica')).toEqual({ password: 'sandbox-production-db-password' });
  });

  it('input create refuses a taken name, and goes stale when the name is taken before approval', async () => {
    await expect(
      plumbing()
        .planNewInput({ name: 'source_tWO', from: 'production_database' })
        .then((params) => propose('input.create', params)),
    ).rejects.toThrow(/already exists/);
    const request = await propose('input.create', await plumbing().planNewInput({ name: 'n2', from: 'source_tWO' }));
    world.sandbox.createInput({ name: 'n2', type: 'RESTAPI', configuration: {} });
    expect((await approve(request)).status).toBe('stale');
  });

  it('input set-credential: the value is sealed, written only on apply, never in the request or the audit', async () => {
    const secret = 'n3w-pa55-never-shown';
    const request = await propose(
      'input.set-credential',
      { input: 'production_database', path: 'password' },
      { sealed: secret },
    );
    const stored = JSON.stringify([request, await requestAudit(world, request.id)]);
    expect(stored).not.toContain(secret);
    expect(request.preview?.summary).toMatch(/^\+ password of production_database \(new\): .*never shown/);
    expect((await approve(request)).status).toBe('applied');
    expect(
      world.sandbox.getInput('production_database').configuration?.password ??
        world.sandbox.getInputCredentials('production_database').password,
    ).toBe(secret);
  });

  it('event clear-stats lists the unmapped fields that disappear and removes exactly those', async () => {
    const request = await propose('event.clear-stats', { event: 'storefront/checkout completed' });
    expect(request.preview?.items[0]?.lines).toEqual(['coupon_code']);
    expect((await approve(request)).status).toBe('applied');
    expect(world.sandbox.getEventType('storefront/checkout completed').fields?.map((f) => f.fieldName)).toEqual([
      'order_id',
      'amount',
    ]);
    await expect(propose('event.clear-stats', { event: 'PUBLIC.USERS' })).rejects.toThrow(/no unmapped fields/);
    await expect(propose('event.clear-stats', { event: 'PUBLIC.ORDRES' })).rejects.toThrow(
      /No event type named `PUBLIC.ORDRES`. Closest: PUBLIC.ORDERS/,
    );
  });

  it('default-mode set: preview names the event types that follow; applied and verified', async () => {
    const request = await propose('default-mode.set', { mode: 'FLEXIBLE' });
    expect(request.preview?.items[0]?.lines).toEqual(['SOURCE_TWO.TABLE_ONE', 'storefront/checkout completed']);
    expect((await approve(request)).status).toBe('applied');
    expect(world.sandbox.getDefaultMappingMode()).toBe('FLEXIBLE');
    await expect(propose('default-mode.set', { mode: 'FLEXIBLE' })).rejects.toThrow(/already FLEXIBLE/);
  });

  // Destructive kinds: two approvals by two people other than the requester (ChangeService, the lead's part).
  it('input delete: the card shows what is lost; two approvals apply it once; verified gone', async () => {
    const request = await propose('input.delete', { input: 'production_database' });
    expect(request.destructive).toBe(true);
    expect(request.approvalsRequired).toBe(2);
    const lost = JSON.stringify(request.preview);
    expect(lost).toContain('PUBLIC.ORDERS');
    expect(lost).toContain('PUBLIC.USERS');
    expect(lost).toContain('consolidation: PUBLIC.USERS on ID');
    const first = await changes().approve(request.id, BOB);
    expect(first).toMatchObject({ type: 'decided', request: { status: 'pending' } });
    expect(await changes().approve(request.id, BOB)).toMatchObject({ type: 'refused' });
    expect(writes()).toEqual([]);
    expect((await approve(request, CAROL)).status).toBe('applied');
    expect(world.sandbox.listInputs().map((i) => i.name)).not.toContain('production_database');
    expect(writes()).toHaveLength(1);
  });

  it('event delete: destructive, two approvals, verified gone; stale when deleted out of band first', async () => {
    const request = await propose('event.delete', { event: 'PUBLIC.USERS' });
    expect(request.title).toMatch(/DELETE event type PUBLIC.USERS/);
    expect(JSON.stringify(request.preview)).toContain('consolidation: PUBLIC.USERS on ID');
    await approve(request, BOB);
    expect((await approve(request, CAROL)).status).toBe('applied');
    expect(world.sandbox.listInputs()).toHaveLength(4);
    await expect(propose('event.delete', { event: 'PUBLIC.USERS' })).rejects.toThrow(/No event type named/);

    const other = await propose('event.delete', { event: 'PUBLIC.ORDERS' });
    world.sandbox.deleteEventType('PUBLIC.ORDERS');
    await approve(other, BOB);
    const gone = await approve(other, CAROL);
    expect(gone.status).toBe('stale');
    expect(gone.error).toMatch(/Nothing was applied/);
  });
});
