import { dirname } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { startChangeHousekeeping } from '../../../src/bot/change-housekeeping.js';
import { runCli } from '../../../src/bot/cli.js';
import { AUDIT_PAGE_SIZE, AuditService } from '../../../src/services/audit/audit-service.js';
import { captureLogs } from '../../support/capture-logs.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import { useWorkflowWorld } from '../../support/workflow-world.js';

const ALICE = 'UALICE';
const BOB = 'UBOB';
const INPUT = 'mixpanel_engage_one';
const DAY = 86_400_000;

describeEachBackend('audit history: paging, filters, retention, export', (backend) => {
  const db = useTestDatabase(backend);
  // Requests stay pending however far the clock moves: only history expires here.
  const world = useWorkflowWorld(db, { ttlMs: 365 * DAY });

  /** Pause then resume the input, `times` over: 4 entries per round (proposed, approved, applying, applied) x 2. */
  async function pauseAndResume(times: number) {
    const ids: number[] = [];
    for (let i = 0; i < times; i++) {
      for (const kind of ['input.pause', 'input.resume']) {
        const request = await world.services.changes.propose(kind, { input: INPUT }, ALICE);
        const outcome = await world.services.changes.approve(request.id, BOB);
        expect(outcome.type).toBe('decided');
        ids.push(request.id);
      }
    }
    return ids;
  }

  it('pages newest first with a total, and filters by time, actor, kind and request', async () => {
    await pauseAndResume(2);
    const all = await world.services.audit.page({}, 1);
    expect(all.total).toBeGreaterThan(AUDIT_PAGE_SIZE / 2);
    const everything = await world.services.audit.list({ limit: 1000 });
    expect(all.total).toBe(everything.length);
    expect(all.entries.map((entry) => entry.id)).toEqual(everything.slice(0, AUDIT_PAGE_SIZE).map((entry) => entry.id));

    world.clock.advance(3 * DAY);
    const [lastPause] = await pauseAndResume(1);
    const recent = await world.services.audit.page({ since: new Date(world.clock.now().getTime() - DAY) }, 1);
    expect(new Set(recent.entries.map((entry) => entry.changeId)).size).toBe(2);
    expect(recent.entries.every((entry) => entry.at.getTime() >= world.clock.now().getTime() - DAY)).toBe(true);

    const byBob = await world.services.audit.page({ actor: BOB }, 1);
    expect(byBob.total).toBeGreaterThan(0);
    expect(byBob.entries.every((entry) => entry.actor === BOB)).toBe(true);

    const pauses = await world.services.audit.page({ kind: 'input.pause' }, 1);
    const pauseIds = new Set(pauses.entries.map((entry) => entry.changeId));
    expect(pauseIds.size).toBe(3);
    for (const id of pauseIds) expect((await world.services.changes.get(id ?? 0))?.kind).toBe('input.pause');

    const one = await world.services.audit.page({ resource: `#${lastPause}` }, 1);
    expect(one.entries.map((entry) => entry.action).reverse()).toEqual(['proposed', 'approved', 'applying', 'applied']);
  });

  it('gives the later pages and an empty page past the end', async () => {
    await pauseAndResume(3);
    const total = (await world.services.audit.list({ limit: 1000 })).length;
    const pages = Math.ceil(total / AUDIT_PAGE_SIZE);
    const seen: number[] = [];
    for (let page = 1; page <= pages; page++) {
      const result = await world.services.audit.page({}, page);
      expect(result.pages).toBe(pages);
      seen.push(...result.entries.map((entry) => entry.id));
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect((await world.services.audit.page({}, pages + 1)).entries).toEqual([]);
  });

  it('expires old history in bounded batches through housekeeping, keeping entries of requests in progress', async () => {
    await pauseAndResume(1);
    const oldTotal = (await world.services.audit.list({ limit: 1000 })).length;
    const pending = await world.services.changes.propose('input.pause', { input: INPUT }, ALICE);
    await db().query(
      `INSERT INTO alerts (alert_key, source, phase, severity, title, channel_id, details, created_at, updated_at)
       VALUES ('k', 'rule', 'resolved', 'warning', 't', 'C0', '{}', $1, $1)`,
      [world.clock.now()],
    );
    const { rows } = await db().query<{ id: number }>('SELECT id FROM alerts');
    await db().query(
      `INSERT INTO alert_replies (alert_id, incident, kind, created_at, delivered_at)
       VALUES ($1, 1, 'resolved', $2, $2), ($1, 1, 'reopened', $2, NULL)`,
      [rows[0]?.id, world.clock.now()],
    );
    world.clock.advance(40 * DAY);
    const kept = new AuditService(db(), { clock: world.clock });
    expect(await kept.expire()).toBeNull();

    const audit = new AuditService(db(), { clock: world.clock, retentionDays: 30, expiryBatch: 3 });
    const housekeeping = startChangeHousekeeping({
      changes: world.services.changes,
      history: audit,
      client: {} as never,
      logger: captureLogs().logger,
      intervalMs: 3_600_000,
    });
    try {
      await housekeeping.runOnce();
      expect((await world.services.audit.list({ limit: 1000 })).length).toBe(oldTotal + 1 - 3);
      for (let i = 0; i < 10; i++) await housekeeping.runOnce();
    } finally {
      housekeeping.stop();
    }
    const left = await world.services.audit.list({ limit: 1000 });
    expect(left.map((entry) => entry.changeId)).toEqual([pending.id]);
    const replies = await db().query<{ kind: string }>('SELECT kind FROM alert_replies');
    expect(replies.rows.map((row) => row.kind)).toEqual(['reopened']);
  });

  it('exports the log as JSON lines with `pipeops audit export`, oldest first, optionally since a time', async () => {
    const [first] = await pauseAndResume(1);
    const env =
      backend === 'postgres'
        ? { DATABASE_URL: db().connectionString ?? '' }
        : { PIPEOPS_DATA_DIR: dirname(db().location) };
    const run = async (args: string[]) => {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let out = '';
      let err = '';
      stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString();
      });
      const code = await runCli(args, { stdin: (async function* () {})(), stdout, stderr, env });
      return { code, out, err };
    };
    const all = await run(['audit', 'export']);
    expect(all).toMatchObject({ code: 0, err: '' });
    const lines = all.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const stored = (await world.services.audit.list({ limit: 1000 })).reverse();
    expect(lines.map((line) => line.id)).toEqual(stored.map((entry) => entry.id));
    expect(lines[0]).toMatchObject({ action: 'proposed', actor: ALICE, change_id: first });
    expect(String(lines[0]?.diff)).toContain('+  "paused": true,');

    const none = await run(['audit', 'export', '--since', '2999-01-01']);
    expect(none).toEqual({ code: 0, out: '', err: '' });
    const bad = await run(['audit', 'export', '--since', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--since must be a duration/);
  });
});
