import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  describeOnPostgres,
  openTestDatabase,
  publicTables,
  SHIPPED_TABLES,
  type TestDatabase,
} from '../../../test/support/database/index.js';
import { DataDirAlreadyHeldError, LOCK_FILE_NAME } from './data-dir-lock.js';
import type { DatabaseLogger } from './database-logger.js';
import { LegacyPgliteDataError, openDatabase, SQLITE_FILE_NAME } from './open-database.js';
import { PostgresConnectionError } from './postgres-database.js';

function recordingLogger(): DatabaseLogger & { messages: string[] } {
  const messages: string[] = [];
  const record = (_context: object, message: string) => {
    messages.push(message);
  };
  return { messages, info: record, warn: record, error: record };
}

describe('openDatabase with SQLite (no DATABASE_URL)', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pipeops-open-test-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates <dataDir>/pipeops.sqlite, migrates it and holds the lock until closed', async () => {
    const logger = recordingLogger();
    const db = await openDatabase({ dataDir, logger });
    try {
      expect(db.backend).toBe('sqlite');
      expect(existsSync(join(dataDir, SQLITE_FILE_NAME))).toBe(true);
      expect(await publicTables(db)).toEqual(SHIPPED_TABLES);
      expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(true);
      await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirAlreadyHeldError);
      await db.query(
        "INSERT INTO audit_log (at, actor, action, summary, outcome) VALUES ($1, 'U1', 'test', 'kept', 'ok')",
        [new Date()],
      );
      expect(logger.messages).toContain('Applied database migration');
    } finally {
      await db.close();
    }
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);

    const reopened = await openDatabase({ dataDir });
    try {
      expect((await reopened.query('SELECT summary FROM audit_log')).rows).toEqual([{ summary: 'kept' }]);
    } finally {
      await reopened.close();
    }
  });

  it('releases the lock when migrating fails', async () => {
    const migrationsDir = join(dataDir, 'migrations');
    await mkdir(migrationsDir);
    await writeFile(join(migrationsDir, '001_broken.sql'), 'CREATE TABLE broken (;');
    await expect(openDatabase({ dataDir, migrationsDir })).rejects.toMatchObject({ code: 'failed' });
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });
});

describe('openDatabase on a data directory it cannot use', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pipeops-open-test-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('says how to carry over an older PGlite database instead of starting empty beside it, and releases the lock', async () => {
    await mkdir(join(dataDir, 'pglite'));
    await writeFile(join(dataDir, 'pglite', 'PG_VERSION'), '17\n');
    const error = await openDatabase({ dataDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LegacyPgliteDataError);
    expect((error as Error).message).toContain('npx pipeops db import-pglite');
    expect((error as Error).message).toContain(`move ${join(dataDir, 'pglite')} away`);
    expect(existsSync(join(dataDir, SQLITE_FILE_NAME))).toBe(false);
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it('names a damaged database file, and releases the lock', async () => {
    await writeFile(join(dataDir, SQLITE_FILE_NAME), 'this is not a database, but long enough to look like a header');
    const error = await openDatabase({ dataDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/file is not a database/);
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });
});

describe('openDatabase with PostgreSQL (DATABASE_URL)', () => {
  it('says which server it could not reach, without the password', async () => {
    const error = await openDatabase({
      databaseUrl: 'postgres://pipeops:s3cret-pw@127.0.0.1:1/pipeops',
      dataDir: '/nonexistent',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PostgresConnectionError);
    const message = (error as Error).message;
    expect(message).toContain('Cannot connect to PostgreSQL at pipeops@127.0.0.1:1/pipeops');
    expect(message).not.toContain('s3cret-pw');
    expect(existsSync('/nonexistent')).toBe(false);
  });
});

describeOnPostgres('openDatabase with PostgreSQL (DATABASE_URL) on the test server', () => {
  let empty: TestDatabase;
  beforeEach(async () => {
    empty = await openTestDatabase('postgres', { migrated: false });
  });
  afterEach(async () => {
    await empty.close();
  });

  it('migrates the database and takes no data directory lock', async () => {
    const dataDir = join(tmpdir(), `pipeops-unused-${process.pid}`);
    const db = await openDatabase({ databaseUrl: empty.connectionString ?? '', dataDir });
    try {
      expect(db.backend).toBe('postgres');
      expect(await publicTables(db)).toEqual(SHIPPED_TABLES);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await db.close();
    }
  });
});
