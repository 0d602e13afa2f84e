import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import type { Queryable } from '../../../src/services/db/database.js';
import { databaseHarnessContext, postgresUrlFor } from './harness-context.js';
import { describeEachBackend, openTestDatabase, publicTables, SHIPPED_TABLES, truncateAllTables } from './index.js';
import { preparePostgresForTests } from './postgres-for-tests.js';
import { findPostgresBinaries } from './postgres-server.js';

async function insertAudit(db: Queryable, summary: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    "INSERT INTO audit_log (at, actor, action, summary, outcome) VALUES ($2, 'U1', 'test', $1, 'ok') RETURNING id",
    [summary, new Date()],
  );
  return rows[0]?.id ?? -1;
}

async function postgresDatabaseExists(name: string): Promise<boolean> {
  const server = databaseHarnessContext().postgres;
  if (!server) throw new Error('no server');
  const client = new pg.Client({ connectionString: server.adminUrl });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

describeEachBackend('openTestDatabase', (backend) => {
  it('gives each caller its own migrated database, and deletes it on close', async () => {
    const first = await openTestDatabase(backend);
    const second = await openTestDatabase(backend);
    try {
      expect(await publicTables(first)).toEqual(SHIPPED_TABLES);
      await insertAudit(first, 'only in first');
      expect((await second.query('SELECT summary FROM audit_log')).rows).toEqual([]);
      expect(first.location).not.toBe(second.location);
    } finally {
      await first.close();
      await second.close();
    }
    if (backend === 'sqlite') expect(existsSync(first.location)).toBe(false);
    else expect(await postgresDatabaseExists(first.location)).toBe(false);
  });

  it('gives an empty database when asked for one without migrations', async () => {
    const db = await openTestDatabase(backend, { migrated: false });
    try {
      expect(await publicTables(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('truncates every table but schema_migrations, restarting identities', async () => {
    const db = await openTestDatabase(backend);
    try {
      await insertAudit(db, 'a');
      await insertAudit(db, 'b');
      await truncateAllTables(db);
      expect((await db.query('SELECT count(*) AS n FROM audit_log')).rows).toEqual([{ n: 0 }]);
      expect(await insertAudit(db, 'c')).toBe(1);
      expect((await db.query('SELECT count(*) AS n FROM schema_migrations')).rows).not.toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
  });
});

describe('harness helpers', () => {
  it('builds the URL of another database on the same server, keeping credentials and options', () => {
    expect(postgresUrlFor('postgres://u:p%40ss@db.internal:5433/postgres?sslmode=require', 'pipeops_t1')).toBe(
      'postgres://u:p%40ss@db.internal:5433/pipeops_t1?sslmode=require',
    );
  });

  it('skips PostgreSQL with a reason when there is none, and fails instead when PIPEOPS_REQUIRE_POSTGRES=1', async () => {
    const emptyDir = await mkdtemp(join(tmpdir(), 'pipeops-no-pg-'));
    vi.stubEnv('PIPEOPS_TEST_DATABASE_URL', undefined);
    vi.stubEnv('PIPEOPS_TEST_PG_BINDIR', emptyDir);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      vi.stubEnv('PIPEOPS_REQUIRE_POSTGRES', '');
      const skipped = await preparePostgresForTests();
      expect(skipped.context).toEqual({ postgres: null, postgresUnavailableReason: expect.stringContaining(emptyDir) });
      vi.stubEnv('PIPEOPS_REQUIRE_POSTGRES', '1');
      await expect(preparePostgresForTests()).rejects.toThrow(/PIPEOPS_REQUIRE_POSTGRES=1 but no PostgreSQL/);
    } finally {
      stderr.mockRestore();
      vi.unstubAllEnvs();
      await rm(emptyDir, { recursive: true, force: true });
    }
  });

  it('says why it found no PostgreSQL programs where PIPEOPS_TEST_PG_BINDIR points', async () => {
    const emptyDir = await mkdtemp(join(tmpdir(), 'pipeops-no-pg-'));
    try {
      const lookup = await findPostgresBinaries({ PIPEOPS_TEST_PG_BINDIR: emptyDir, PATH: '' });
      expect(lookup).toEqual({ found: false, reason: expect.stringContaining(`PIPEOPS_TEST_PG_BINDIR=${emptyDir}`) });
    } finally {
      await rm(emptyDir, { recursive: true, force: true });
    }
  });
});
