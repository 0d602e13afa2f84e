import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { describeEachBackend, useTestDatabase } from '../../../test/support/database/index.js';
import { FakeClock } from '../../../test/support/fake-clock.js';
import { ChangeService } from '../changes/change-service.js';
import { migrate, shippedMigrationsDir } from './migrate.js';

/** The shipped migrations up to `last` (inclusive), in a directory of their own. */
function migrationsUpTo(dialect: 'sqlite' | 'postgres', last: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'pipeops-migrations-'));
  for (const file of readdirSync(shippedMigrationsDir(dialect))) {
    if (Number(file.slice(0, 3)) <= last) cpSync(join(shippedMigrationsDir(dialect), file), join(dir, file));
  }
  return dir;
}

describeEachBackend('migration 007 (change documents in their own table)', (backend) => {
  const db = useTestDatabase(backend, { migrated: false });
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('moves the snapshots, diff and preview of requests stored before it, and they read back whole', async () => {
    const before007 = migrationsUpTo(backend, 6);
    dirs.push(before007);
    await migrate(db(), { migrationsDir: before007 });
    const at = new Date('2026-11-23T10:00:00Z');
    await db().query(
      `INSERT INTO change_requests (kind, params, resource_type, resource_id, resource_label, title, before_state,
         after_state, diff, preview, status, requested_by, requested_at, expires_at, updated_at, params_hash)
       VALUES ('input.pause', $1::jsonb, 'input', 'i1', 'orders', 'Pause input orders', $2::jsonb, $3::jsonb,
         $4, $5::jsonb, 'pending', 'UALICE', $6, $7, $6, 'h')`,
      [
        JSON.stringify({ input: 'orders' }),
        JSON.stringify({ name: 'orders', paused: false }),
        JSON.stringify({ name: 'orders', paused: true }),
        '-  "paused": false,\n+  "paused": true,',
        JSON.stringify({ kind: 'note', text: 'kept' }),
        at,
        new Date(at.getTime() + 3_600_000),
      ],
    );

    const applied = await migrate(db());
    expect(applied.applied).toContain('007_change_documents.sql');

    const changes = new ChangeService({
      db: db(),
      pipeline: {} as never,
      policy: { assertCanPropose: async () => {}, assertCanApprove: async () => {} } as never,
      clock: new FakeClock(),
      ttlMs: 3_600_000,
    });
    const request = await changes.get(1);
    expect(request).toMatchObject({
      id: 1,
      status: 'pending',
      before: { name: 'orders', paused: false },
      after: { name: 'orders', paused: true },
      diff: '-  "paused": false,\n+  "paused": true,',
      preview: { kind: 'note', text: 'kept' },
    });
  });
});
