import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import type { ChangeRequest } from '../../../src/services/changes/change-request.js';
import { DuplicateProposalError } from '../../../src/services/changes/change-service.js';
import { transitionChangeRequest } from '../../../src/services/changes/change-store.js';
import type { Database, Queryable } from '../../../src/services/db/database.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import { auditActions, useWorkflowWorld } from '../../support/workflow-world.js';

const ALICE = 'UALICE';
const BOB = 'UBOB';
const CAROL = 'UCAROL';
const INPUT = 'mixpanel_engage_one';
const USERS = 'PUBLIC.USERS';

/** The request's state as the database has it (a decided outcome or a refusal both carry it). */
function requestOf(outcome: { request: ChangeRequest | null }): ChangeRequest {
  if (!outcome.request) throw new Error('no request in the outcome');
  return outcome.request;
}

describeEachBackend('change workflow hardening', (backend) => {
  const db = useTestDatabase(backend, { poolSize: 30 });
  const world = useWorkflowWorld(db);

  const changes = () => world.services.changes;
  const actions = (id: number) => auditActions(world, id);

  it('serializes applies per resource: 20 rounds of two concurrent approvals, one applies, the other is stale, nothing is lost', async () => {
    for (let round = 0; round < 20; round++) {
      // Whichever mode the mapping is not in now (the previous round may have applied either change).
      const mode = world.sandbox.getEventType(USERS).mappingMode === 'STRICT' ? 'FLEXIBLE' : 'STRICT';
      // Keys must be columns of the mapping: alternate between two valid sets, whichever is not set now.
      const current = world.sandbox.getEventType(USERS).consolidation?.consolidationKeys;
      const keys = Array.isArray(current) && current.join() === 'ID,EMAIL' ? ['ID', 'CREATED_AT'] : ['ID', 'EMAIL'];
      const modeChange = await changes().propose('mapping.mode', { event: USERS, mode }, ALICE);
      const keysChange = await changes().propose('mapping.keys', { event: USERS, keys }, ALICE);
      const outcomes = await Promise.all([
        changes().approve(modeChange.id, BOB),
        changes().approve(keysChange.id, CAROL),
      ]);
      const finals = await Promise.all([changes().get(modeChange.id), changes().get(keysChange.id)]);
      const statuses = finals.map((request) => request?.status).sort();
      expect({ round, statuses }).toEqual({ round, statuses: ['applied', 'stale'] });
      const applied = finals.find((request) => request?.status === 'applied') as ChangeRequest;
      const stale = finals.find((request) => request?.status === 'stale') as ChangeRequest;
      // The stale one says which request changed the resource under it.
      expect(stale.changedBy ?? stale.supersededBy).toBe(applied.id);
      expect(stale.error).toContain(`#${applied.id}`);
      // The pipeline holds exactly the applied change, and the other change did not silently half-land.
      const mapping = world.sandbox.getEventType(USERS);
      if (applied.id === modeChange.id) {
        expect(mapping.mappingMode).toBe(mode);
        expect(mapping.consolidation?.consolidationKeys).not.toEqual(keys);
      } else {
        expect(mapping.consolidation?.consolidationKeys).toEqual(keys);
      }
      expect(outcomes.every((outcome) => outcome.type === 'decided')).toBe(true);
    }
  });

  it('points a proposer to the pending request that already plans exactly this, even when both arrive at once', async () => {
    const [first, second] = await Promise.allSettled([
      changes().propose('input.pause', { input: INPUT }, ALICE),
      changes().propose('input.pause', { input: INPUT }, BOB),
    ]);
    const created = [first, second].filter((result) => result.status === 'fulfilled');
    const refused = [first, second].filter((result) => result.status === 'rejected');
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const existing = (created[0] as PromiseFulfilledResult<ChangeRequest>).value;
    const error = (refused[0] as PromiseRejectedResult).reason as DuplicateProposalError;
    expect(error).toBeInstanceOf(DuplicateProposalError);
    expect(error.existing.id).toBe(existing.id);
    expect(error.message).toContain(`#${existing.id} already proposes exactly this`);
    // Once that one is closed, the same plan may be proposed again.
    await changes().cancel(existing.id, existing.requestedBy);
    await expect(changes().propose('input.pause', { input: INPUT }, ALICE)).resolves.toMatchObject({
      status: 'pending',
    });
  });

  it('lets a different request on the same resource wait beside another, notes it, and supersedes it when the other applies', async () => {
    const modeChange = await changes().propose('mapping.mode', { event: USERS, mode: 'STRICT' }, ALICE);
    const keysChange = await changes().propose('mapping.keys', { event: USERS, keys: ['ID', 'EMAIL'] }, ALICE);
    expect(keysChange.alsoPending).toEqual([modeChange.id]);
    expect((await changes().get(modeChange.id))?.alsoPending).toEqual([keysChange.id]);
    const outcome = await changes().approve(modeChange.id, BOB);
    expect(outcome).toMatchObject({ type: 'decided', request: { status: 'applied' } });
    const superseded = outcome.type === 'decided' ? (outcome.superseded ?? []) : [];
    expect(superseded.map((request) => [request.id, request.status, request.supersededBy])).toEqual([
      [keysChange.id, 'stale', modeChange.id],
    ]);
    expect(superseded[0]?.error).toContain(`Superseded by #${modeChange.id}`);
    expect(await actions(keysChange.id)).toEqual(['proposed', 'stale']);
    await expect(changes().approve(keysChange.id, CAROL)).resolves.toMatchObject({
      type: 'refused',
      reason: 'not_pending',
    });
  });

  it('records a write whose answer was lost as unknown and reconciles it to applied from what the pipeline shows', async () => {
    const request = await changes().propose('input.pause', { input: INPUT }, ALICE);
    // The pipeline carries the pause out, then the connection drops before the answer.
    world.sandbox.injectFault({ method: 'PUT', path: /pause$/, applied: true, reset: true, times: 1 });
    const seen: string[] = [];
    const outcome = await changes().approve(request.id, BOB, {
      onUnknown: async (unknown) => {
        seen.push(unknown.status);
      },
    });
    expect(seen).toEqual(['unknown']);
    expect(requestOf(outcome)).toMatchObject({ status: 'applied' });
    expect(world.sandbox.getInput(INPUT).paused).toBe(true);
    expect(await actions(request.id)).toEqual(['proposed', 'approved', 'applying', 'unknown', 'applied']);
  });

  it('records a 5xx after an accepted write as unknown, never failed, and reconciles it to applied', async () => {
    const request = await changes().propose('mapping.mode', { event: USERS, mode: 'STRICT' }, ALICE);
    world.sandbox.injectFault({ method: 'POST', path: /mapping$/, applied: true, status: 502, times: 1 });
    const outcome = await changes().approve(request.id, BOB);
    expect(requestOf(outcome)).toMatchObject({ status: 'applied' });
    expect(await actions(request.id)).toContain('unknown');
  });

  it('keeps a timed-out write unknown while it may still land, and settles it applied when it does', async () => {
    await world.restart({
      timeoutMs: 300,
      workflow: { reconcile: { attempts: 2, delayMs: 10, settleAfterMs: 60_000 } },
    });
    const request = await changes().propose('input.pause', { input: INPUT }, ALICE);
    // Slow but correct: the pipeline applies the pause after 1.2 s, long after the client gave up.
    world.sandbox.injectFault({ method: 'PUT', path: /pause$/, delayMs: 1_200, times: 1 });
    const outcome = await changes().approve(request.id, BOB);
    expect(requestOf(outcome)).toMatchObject({
      status: 'unknown',
      error: expect.stringMatching(/still shows the old values, but the write may still land/),
    });
    await sleep(1_300);
    const settled = await changes().settleInFlight();
    expect(settled.map((r) => [r.id, r.status])).toEqual([[request.id, 'applied']]);
  });

  it('turns an unknown outcome into failed only once the write is too old to land', async () => {
    await world.restart({ workflow: { reconcile: { attempts: 2, delayMs: 5, settleAfterMs: 60_000 } } });
    const request = await changes().propose('input.pause', { input: INPUT }, ALICE);
    world.sandbox.injectFault({ method: 'PUT', path: /pause$/, status: 503, times: 1 });
    expect(requestOf(await changes().approve(request.id, BOB))).toMatchObject({ status: 'unknown' });
    expect(await changes().settleInFlight()).toEqual([]); // still within the window: stays unknown
    world.clock.advance(61_000);
    const settled = await changes().settleInFlight();
    expect(settled.map((r) => [r.id, r.status])).toEqual([[request.id, 'failed']]);
    expect(settled[0]?.error).toMatch(/it was not applied/);
  });

  it('stays unknown with a clear reason when the pipeline cannot be read back, and a Re-check settles it later', async () => {
    const request = await changes().propose('input.pause', { input: INPUT }, ALICE);
    // The write succeeds, but its answer is lost, and every read after it fails for a while.
    world.sandbox.injectFault({ method: 'PUT', path: /pause$/, applied: true, status: 500, times: 1 });
    const outcome = await changes().approve(request.id, BOB, {
      onApplying: async () => world.sandbox.injectFault({ method: 'GET', path: 'inputs', status: 500, times: 6 }),
    });
    expect(requestOf(outcome)).toMatchObject({
      status: 'unknown',
      error: expect.stringMatching(/could not be read/),
    });
    world.sandbox.clearFaults();
    expect(requestOf(await changes().recheck(request.id, CAROL))).toMatchObject({ status: 'applied' });
    await expect(changes().recheck(request.id, CAROL)).resolves.toMatchObject({
      type: 'refused',
      reason: 'not_pending',
    });
  });

  it('at start settles at once the applies this process left, and resumes one whose write never started', async () => {
    const started = await changes().propose('input.pause', { input: INPUT }, ALICE);
    const notStarted = await changes().propose('mapping.mode', { event: USERS, mode: 'STRICT' }, ALICE);
    const now = world.clock.now();
    const lease = { owner: 'test-process', until: new Date(now.getTime() + 60_000) };
    for (const r of [started, notStarted]) {
      await transitionChangeRequest(db(), r.id, { from: ['pending'], to: 'approved', now, decidedBy: BOB, lease });
    }
    await transitionChangeRequest(db(), started.id, { from: ['approved'], to: 'applying', now, writeStarts: true });
    world.sandbox.pauseInput(INPUT, true); // the first write reached the pipeline before the process died
    // This world's service stands for the restarted process: same identity, nothing in flight. Its leases are still
    // running, but they are its own.
    const settled = await changes().settleInFlight();
    expect(settled.map((r) => [r.id, r.status])).toEqual([
      [started.id, 'applied'],
      [notStarted.id, 'applied'],
    ]);
    expect(world.sandbox.getEventType(USERS).mappingMode).toBe('STRICT');
  });

  it('needs the configured number of approvals from different people; a second click by one approver is refused', async () => {
    await world.restart({ workflow: { approvalsByKind: { 'input.pause': 2 } } });
    const request = await changes().propose('input.pause', { input: INPUT }, ALICE);
    expect(request.approvalsRequired).toBe(2);
    const first = await changes().approve(request.id, BOB);
    expect(requestOf(first)).toMatchObject({ status: 'pending', approvals: [{ userId: BOB }] });
    expect(world.sandbox.getInput(INPUT).paused).toBe(false);
    await expect(changes().approve(request.id, BOB)).resolves.toMatchObject({
      type: 'refused',
      reason: 'already_approved',
    });
    const second = await changes().approve(request.id, CAROL);
    expect(requestOf(second)).toMatchObject({ status: 'applied', decidedBy: CAROL });
    expect(await actions(request.id)).toEqual(['proposed', 'approval_recorded', 'approved', 'applying', 'applied']);
  });

  it('applies exactly once when 20 different people approve a two-approval request at the same moment', async () => {
    await world.restart({ workflow: { approvalsByKind: { 'input.pause': 2 } } });
    const request = await changes().propose('input.pause', { input: INPUT }, ALICE);
    const approvers = Array.from({ length: 20 }, (_, index) => `UAPPROVER${index}`);
    const outcomes = await Promise.all(approvers.map((user) => changes().approve(request.id, user)));
    const pauses = world.sandbox.requestLog.filter((entry) => entry.method === 'PUT' && entry.path.endsWith('/pause'));
    expect(pauses).toHaveLength(1);
    expect((await changes().get(request.id))?.status).toBe('applied');
    expect(
      outcomes.filter((outcome) => outcome.type === 'decided' && outcome.request.status === 'applied'),
    ).toHaveLength(1);
  });

  it('another replica takes over an apply whose lease ran out, but not one still leased', async () => {
    const request = await changes().propose('input.pause', { input: INPUT }, ALICE);
    const now = world.clock.now();
    await transitionChangeRequest(db(), request.id, {
      from: ['pending'],
      to: 'approved',
      now,
      decidedBy: BOB,
      lease: { owner: 'other-replica', until: new Date(now.getTime() + 60_000) },
    });
    expect(await changes().settleInFlight()).toEqual(backend === 'sqlite' ? [expect.anything()] : []);
    if (backend === 'sqlite') return; // one process owns an embedded database: nothing to wait for
    world.clock.advance(61_000);
    const settled = await changes().settleInFlight();
    expect(settled.map((r) => [r.id, r.status])).toEqual([[request.id, 'applied']]);
  });
});

/** `db`, whose next statement matching `matches` (armed with `failNext`) fails as a broken disk would. */
function withOneFailure(db: () => Database, matches: (sql: string, params: readonly unknown[]) => boolean) {
  let armed = false;
  const guarded = (queryable: Queryable): Queryable => ({
    query(sql, params = []) {
      if (armed && matches(sql, params)) {
        armed = false;
        return Promise.reject(new Error('disk I/O error'));
      }
      return queryable.query(sql, params);
    },
    exec: (script) => queryable.exec(script),
  });
  return {
    failNext: () => {
      armed = true;
    },
    db: (): Database => {
      const inner = db();
      return { ...inner, ...guarded(inner), transaction: (fn) => inner.transaction((tx) => fn(guarded(tx))) };
    },
  };
}

describeEachBackend('change workflow hardening: the resource lock', (backend) => {
  const db = useTestDatabase(backend);
  const faults = withOneFailure(
    db,
    (sql, params) => sql.includes('INSERT INTO audit_log') && params.includes('applied'),
  );
  const world = useWorkflowWorld(faults.db);
  const locks = async () => (await db().query('SELECT resource_key FROM resource_locks')).rows;

  it('is released with the outcome, so the next change to the resource applies at once', async () => {
    for (const mode of ['STRICT', 'FLEXIBLE', 'STRICT']) {
      const request = await world.services.changes.propose('mapping.mode', { event: USERS, mode }, ALICE);
      expect(requestOf(await world.services.changes.approve(request.id, BOB)).status).toBe('applied');
      expect(await locks()).toEqual([]);
    }
  });

  it('is released by the apply itself when recording the outcome fails, and the outcome is settled later', async () => {
    const request = await world.services.changes.propose('input.pause', { input: INPUT }, ALICE);
    faults.failNext();
    await expect(world.services.changes.approve(request.id, BOB)).rejects.toThrow('disk I/O error');
    expect(world.sandbox.getInput(INPUT).paused).toBe(true);
    expect((await world.services.changes.get(request.id))?.status).toBe('applying');
    expect(await locks()).toEqual([]);
    world.clock.advance(61_000);
    const settled = await world.services.changes.settleInFlight();
    expect(settled.map((r) => [r.id, r.status])).toEqual([[request.id, 'applied']]);
  });
});
