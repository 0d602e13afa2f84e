import { expect, it } from 'vitest';
import type { ChangeRequest } from '../../../src/services/changes/change-request.js';
import { UserError } from '../../../src/services/user-error.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import { auditActions, pipelineWrites, requestAudit, useWorkflowWorld } from '../../support/workflow-world.js';

const ALICE = 'UALICE';
const BOB = 'UBOB';
const INPUT = 'mixpanel_engage_one';
const EVENT = 'PUBLIC.ORDERS';

describeEachBackend('change workflow', (backend) => {
  const db = useTestDatabase(backend, { poolSize: 25 });
  const world = useWorkflowWorld(db);

  const proposePause = () => world.services.changes.propose('input.pause', { input: INPUT }, ALICE);
  const audit = (id: number) => requestAudit(world, id);
  const actions = (id: number) => auditActions(world, id);

  it('proposing is a dry run: the request is pending with its diff, the pipeline is untouched', async () => {
    const request = await proposePause();
    expect(request).toMatchObject({
      status: 'pending',
      kind: 'input.pause',
      requestedBy: ALICE,
      title: `Pause input ${INPUT}`,
      resource: { type: 'input', label: INPUT },
    });
    expect(request.diff).toContain('-  "paused": false,');
    expect(request.diff).toContain('+  "paused": true,');
    expect(request.expiresAt.getTime() - request.requestedAt.getTime()).toBe(60 * 60_000);
    expect(pipelineWrites(world.sandbox)).toEqual([]);
    expect(world.sandbox.getInput(INPUT).paused).toBe(false);
    expect(await actions(request.id)).toEqual(['proposed']);
  });

  it('refuses a change that changes nothing, and names an unknown input', async () => {
    await expect(world.services.changes.propose('input.resume', { input: INPUT }, ALICE)).rejects.toThrow(
      /already running/,
    );
    await expect(world.services.changes.propose('input.pause', { input: 'nope' }, ALICE)).rejects.toThrow(
      /No input named `nope`.*mixpanel_engage_one/,
    );
  });

  it('never stores or shows credentials from the input configuration', async () => {
    const secret = 'pw-Zq81-never-in-slack';
    world.sandbox.updateInput('production_database', (input) => ({
      ...input,
      configuration: { ...input.configuration, password: secret },
    }));
    const request = await world.services.changes.propose('input.pause', { input: 'production_database' }, ALICE);
    const stored = JSON.stringify([request.before, request.after, request.diff, await audit(request.id)]);
    expect(stored).not.toContain(secret);
    expect(stored).toContain('••••••');
  });

  it('refuses self-approval, records the attempt, and changes nothing', async () => {
    const request = await proposePause();
    const outcome = await world.services.changes.approve(request.id, ALICE);
    expect(outcome).toMatchObject({ type: 'refused', reason: 'self_approval' });
    expect((await world.services.changes.get(request.id))?.status).toBe('pending');
    expect(pipelineWrites(world.sandbox)).toEqual([]);
    expect(await actions(request.id)).toEqual(['proposed', 'approve_refused']);
  });

  it('applies once when a second user approves, verifies, and audits every step', async () => {
    const request = await proposePause();
    const seen: string[] = [];
    const outcome = await world.services.changes.approve(request.id, BOB, {
      onApplying: async (r) => {
        seen.push(r.status);
      },
    });
    expect(outcome).toMatchObject({ type: 'decided', request: { status: 'applied', decidedBy: BOB, error: null } });
    expect(seen).toEqual(['applying']);
    expect(world.sandbox.getInput(INPUT).paused).toBe(true);
    expect(pipelineWrites(world.sandbox).map((w) => `${w.method} ${w.path}?${w.query}`)).toEqual([
      `PUT inputs/${world.sandbox.getInput(INPUT).id}/pause?pause=true`,
    ]);
    expect(await actions(request.id)).toEqual(['proposed', 'approved', 'applying', 'applied']);
    const [applied] = await audit(request.id);
    expect(applied).toMatchObject({ actor: BOB, outcome: 'applied', summary: `Pause input ${INPUT}` });
  });

  it('a second click after the apply is refused and does not apply again', async () => {
    const request = await proposePause();
    await world.services.changes.approve(request.id, BOB);
    const again = await world.services.changes.approve(request.id, 'UCAROL');
    expect(again).toMatchObject({
      type: 'refused',
      reason: 'not_pending',
      message: expect.stringMatching(/already applied/),
    });
    expect(pipelineWrites(world.sandbox)).toHaveLength(1);
  });

  it('20 concurrent approvals apply exactly once', async () => {
    const request = await proposePause();
    const approvers = Array.from({ length: 20 }, (_, i) => `UAPPROVER${i}`);
    const outcomes = await Promise.all(approvers.map((user) => world.services.changes.approve(request.id, user)));
    const decided = outcomes.filter((o) => o.type === 'decided');
    expect(decided).toHaveLength(1);
    expect(outcomes.filter((o) => o.type === 'refused' && o.reason === 'not_pending')).toHaveLength(19);
    expect(pipelineWrites(world.sandbox)).toHaveLength(1);
    const final = await world.services.changes.get(request.id);
    expect(final?.status).toBe('applied');
    expect((await actions(request.id)).filter((a) => a === 'approved')).toHaveLength(1);
  });

  it('refuses a stale plan: the resource changed since the diff, nothing is written', async () => {
    const request = await world.services.changes.propose('mapping.mode', { event: EVENT, mode: 'STRICT' }, ALICE);
    world.sandbox.updateEventType(EVENT, (eventType) => ({
      ...eventType,
      consolidation: { ...eventType.consolidation, consolidationKeys: ['SOMETHING_ELSE'] },
    }));
    world.sandbox.clearRequestLog();
    const outcome = await world.services.changes.approve(request.id, BOB);
    expect(outcome).toMatchObject({
      type: 'decided',
      request: {
        status: 'stale',
        error: expect.stringMatching(/changed since this plan was made \(consolidation\.consolidationKeys/),
      },
    });
    expect(pipelineWrites(world.sandbox)).toEqual([]);
    expect(world.sandbox.getEventType(EVENT).mappingMode).not.toBe('STRICT');
    expect(await actions(request.id)).toEqual(['proposed', 'approved', 'stale']);
  });

  it('re-plans a stale request from the current state as a new pending request', async () => {
    const request = await proposePause();
    world.sandbox.updateInput(INPUT, (input) => ({
      ...input,
      configuration: { ...input.configuration, frequency: 1 },
    }));
    await world.services.changes.approve(request.id, BOB);
    const again = await world.services.changes.replan(request.id, BOB);
    expect(again).toMatchObject({ status: 'pending', requestedBy: BOB, replannedFrom: request.id });
    expect(again.before).toMatchObject({ configuration: { frequency: 1 } });
    await expect(world.services.changes.replan(again.id, BOB)).rejects.toThrow(/still waiting for approval/);
  });

  it('expires: an approval after the deadline is refused and the request is closed', async () => {
    const request = await proposePause();
    world.clock.advance(60 * 60_000);
    const outcome = await world.services.changes.approve(request.id, BOB);
    expect(outcome).toMatchObject({
      type: 'refused',
      reason: 'expired',
      settled: { status: 'expired', decidedBy: 'system' },
    });
    expect(pipelineWrites(world.sandbox)).toEqual([]);
    expect(await actions(request.id)).toEqual(['proposed', 'expired']);
  });

  it('expireDue closes only the requests past their deadline, once', async () => {
    const old = await proposePause();
    world.clock.advance(30 * 60_000);
    const young = await world.services.changes.propose('mapping.mode', { event: EVENT, mode: 'STRICT' }, ALICE);
    world.clock.advance(31 * 60_000);
    expect((await world.services.changes.expireDue()).map((r) => r.id)).toEqual([old.id]);
    expect(await world.services.changes.expireDue()).toEqual([]);
    expect((await world.services.changes.get(young.id))?.status).toBe('pending');
  });

  it('reject is for someone else; cancel is for the requester only', async () => {
    const request = await proposePause();
    expect(await world.services.changes.reject(request.id, ALICE)).toMatchObject({ reason: 'requester_rejects' });
    expect(await world.services.changes.cancel(request.id, BOB)).toMatchObject({ reason: 'not_requester' });
    expect(await world.services.changes.reject(request.id, BOB)).toMatchObject({
      type: 'decided',
      request: { status: 'rejected', decidedBy: BOB },
    });
    expect(await world.services.changes.approve(request.id, 'UCAROL')).toMatchObject({ reason: 'not_pending' });

    const second = await proposePause();
    expect(await world.services.changes.cancel(second.id, ALICE)).toMatchObject({
      type: 'decided',
      request: { status: 'cancelled', decidedBy: ALICE },
    });
    expect(pipelineWrites(world.sandbox)).toEqual([]);
  });

  it('a pipeline 400 during the apply is a refusal: failed at once, and the message and audit say why', async () => {
    const request = await proposePause();
    world.sandbox.injectFault({ method: 'PUT', path: /pause$/, status: 400, body: { message: 'bad flag' } });
    const outcome = await world.services.changes.approve(request.id, BOB);
    expect(outcome).toMatchObject({ type: 'decided', request: { status: 'failed' } });
    const failed = (outcome as { request: ChangeRequest }).request;
    expect(failed.error).toMatch(/The pipeline refused the change: .*400/);
    const [last] = await audit(request.id);
    expect(last).toMatchObject({ action: 'failed', outcome: 'failed', detail: failed.error });
    expect(world.sandbox.getInput(INPUT).paused).toBe(false);
  });

  it('a pipeline 500 during the apply is an unknown outcome, reconciled by reading: failed when it shows the old values', async () => {
    const request = await proposePause();
    world.sandbox.injectFault({ method: 'PUT', path: /pause$/, status: 500, body: { message: 'disk full' } });
    const outcome = await world.services.changes.approve(request.id, BOB);
    expect(outcome).toMatchObject({
      type: 'decided',
      request: { status: 'failed', error: expect.stringMatching(/shows the values from before the change/) },
    });
    expect(await actions(request.id)).toEqual(['proposed', 'approved', 'applying', 'unknown', 'failed']);
    expect(world.sandbox.getInput(INPUT).paused).toBe(false);
  });

  it('fails when the pipeline accepts the write but does not show the change', async () => {
    const request = await proposePause();
    world.sandbox.injectFault({ method: 'PUT', path: /pause$/, status: 200, body: {} });
    const outcome = await world.services.changes.approve(request.id, BOB);
    expect(outcome).toMatchObject({
      type: 'decided',
      request: {
        status: 'failed',
        error: expect.stringMatching(/verification failed: it still shows the values from before the change/),
      },
    });
  });

  it('changes mapping mode and consolidation keys through the mapping endpoint, whole object', async () => {
    const mode = await world.services.changes.propose('mapping.mode', { event: EVENT, mode: 'STRICT' }, ALICE);
    expect(await world.services.changes.approve(mode.id, BOB)).toMatchObject({ request: { status: 'applied' } });
    const keys = await world.services.changes.propose(
      'mapping.keys',
      { event: EVENT, keys: ['ID', 'CREATED_AT'] },
      ALICE,
    );
    expect(keys.diff).toContain('"CREATED_AT"');
    expect(await world.services.changes.approve(keys.id, BOB)).toMatchObject({ request: { status: 'applied' } });
    const stored = world.sandbox.getEventType(EVENT);
    expect(stored.mappingMode).toBe('STRICT');
    expect(stored.consolidation?.consolidationKeys).toEqual(['ID', 'CREATED_AT']);
    expect(stored.fields?.length).toBeGreaterThan(0);
    expect(pipelineWrites(world.sandbox).map((w) => `${w.method} ${w.path}`)).toEqual([
      'POST event-types/PUBLIC.ORDERS/mapping',
      'POST event-types/PUBLIC.ORDERS/mapping',
    ]);
  });

  it('enforces who may propose and who may approve, by user and by user group', async () => {
    await world.restart({
      proposers: [ALICE],
      approvers: ['SOPS'],
      directory: { groupMembers: async (group) => (group === 'SOPS' ? ['UCAROL'] : []) },
    });
    await expect(world.services.changes.propose('input.pause', { input: INPUT }, BOB)).rejects.toBeInstanceOf(
      UserError,
    );
    const request = await proposePause();
    expect(await world.services.changes.approve(request.id, BOB)).toMatchObject({ reason: 'not_allowed' });
    expect(await world.services.changes.reject(request.id, BOB)).toMatchObject({ reason: 'not_allowed' });
    expect(await world.services.changes.approve(request.id, 'UCAROL')).toMatchObject({
      request: { status: 'applied' },
    });
  });

  it('fails closed when a user group cannot be read', async () => {
    await world.restart({ approvers: ['SBROKEN'] });
    const request = await proposePause();
    expect(await world.services.changes.approve(request.id, BOB)).toMatchObject({ reason: 'not_allowed' });
  });
});
