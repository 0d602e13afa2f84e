import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  describeEachBackend,
  describeOnPostgres,
  openTestDatabase,
  publicTables,
  SHIPPED_TABLES,
  type TestDatabase,
} from '../../../test/support/database/index.js';
import { MigrationError, migrate, readMigrations, shippedMigrationsDir } from './migrate.js';
import { openPostgresDatabase } from './postgres-database.js';

const tempDirs: string[] = [];

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pipeops-migrations-'));
  tempDirs.push(dir);
  for (const [name, sql] of Object.entries(files)) await writeFile(join(dir, name), sql);
  return dir;
}

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

it('reads the shipped migrations next to the module, in version order', async () => {
  const files = await readMigrations(shippedMigrationsDir('postgres'));
  expect(files[0]).toMatchObject({ version: 1, name: 'change_workflow', fileName: '001_change_workflow.sql' });
  expect(files.map((file) => file.version)).toEqual([...files.map((file) => file.version)].sort((a, b) => a - b));
});

it('ships the same migrations, by version and name, for both engines', async () => {
  const names = async (dialect: 'postgres' | 'sqlite') =>
    (await readMigrations(shippedMigrationsDir(dialect))).map((file) => file.fileName);
  expect(await names('sqlite')).toEqual(await names('postgres'));
});

async function dropAllSqliteTables(db: TestDatabase): Promise<void> {
  const { rows } = await db.query<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
  );
  const drops = rows.map((row) => `DROP TABLE "${row.name}";`).join('\n');
  await db.exec(`PRAGMA foreign_keys = OFF;\n${drops}\nPRAGMA foreign_keys = ON;`);
}

it('refuses a .sql file not named NNN_name.sql, and two files with one version', async () => {
  const badName = await migrationsDir({ '001_ok.sql': 'SELECT 1;', 'add-users.sql': 'SELECT 1;' });
  await expect(readMigrations(badName)).rejects.toMatchObject({ code: 'bad_file_name' });
  const duplicate = await migrationsDir({ '001_a.sql': 'SELECT 1;', '1_b.sql': 'SELECT 1;' });
  await expect(readMigrations(duplicate)).rejects.toMatchObject({ code: 'duplicate_version' });
});

it('ignores line-ending differences in checksums (a CRLF checkout is not a change)', async () => {
  const lf = await readMigrations(await migrationsDir({ '001_a.sql': 'CREATE TABLE a (id int);\nSELECT 1;\n' }));
  const crlf = await readMigrations(await migrationsDir({ '001_a.sql': 'CREATE TABLE a (id int);\r\nSELECT 1;\r\n' }));
  expect(crlf[0]?.checksum).toBe(lf[0]?.checksum);
});

describeEachBackend('migrate', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrated: false });
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    // An empty database for each test, faster than a new one.
    if (backend === 'postgres') await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    else await dropAllSqliteTables(db);
  });

  it('applies the shipped migrations to an empty database', async () => {
    const result = await migrate(db);
    expect(result.applied).toContain('001_change_workflow.sql');
    expect(await publicTables(db)).toEqual(SHIPPED_TABLES);
  });

  it('applies files in numeric version order and records each one', async () => {
    // 010 depends on 002 and 002 on 001: lexical order of "10" vs "2" would break it.
    const dir = await migrationsDir({
      '010_add_index.sql': 'CREATE INDEX things_label ON things (label);',
      '002_add_label.sql': 'ALTER TABLE things ADD COLUMN label TEXT;',
      '001_create_things.sql': 'CREATE TABLE things (id INTEGER PRIMARY KEY);\nCREATE TABLE others (id INTEGER);',
    });
    const result = await migrate(db, { migrationsDir: dir });
    expect(result.applied).toEqual(['001_create_things.sql', '002_add_label.sql', '010_add_index.sql']);
    const { rows } = await db.query<{ version: number; name: string; checksum: string; applied_at: Date }>(
      'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((row) => [row.version, row.name])).toEqual([
      [1, 'create_things'],
      [2, 'add_label'],
      [10, 'add_index'],
    ]);
    expect(rows[0]?.applied_at).toBeInstanceOf(Date);
    expect(rows[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('skips migrations already applied and applies only new ones', async () => {
    const first = { '001_create.sql': 'CREATE TABLE things (id INTEGER);' };
    await migrate(db, { migrationsDir: await migrationsDir(first) });
    // Running 001 again would fail: the table exists.
    const again = await migrate(db, { migrationsDir: await migrationsDir(first) });
    expect(again.applied).toEqual([]);
    const grown = await migrate(db, {
      migrationsDir: await migrationsDir({ ...first, '002_more.sql': 'CREATE TABLE more_things (id INTEGER);' }),
    });
    expect(grown.applied).toEqual(['002_more.sql']);
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    await migrate(db, {
      migrationsDir: await migrationsDir({ '001_create.sql': 'CREATE TABLE things (id INTEGER);' }),
    });
    const edited = await migrationsDir({
      '001_create.sql': 'CREATE TABLE things (id BIGINT);',
      '002_more.sql': 'CREATE TABLE more_things (id INTEGER);',
    });
    const error = await caught(migrate(db, { migrationsDir: edited }));
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ code: 'checksum_mismatch' });
    expect((error as Error).message).toContain('001_create.sql was changed after it was applied');
    expect(await publicTables(db)).not.toContain('more_things');
  });

  it('rolls a failing migration back entirely and does not record it', async () => {
    const dir = await migrationsDir({
      '001_ok.sql': 'CREATE TABLE things (id INTEGER);',
      '002_broken.sql': 'CREATE TABLE half_done (id INTEGER);\nALTER TABLE no_such_table ADD COLUMN x INTEGER;',
    });
    const error = await caught(migrate(db, { migrationsDir: dir }));
    expect(error).toMatchObject({ code: 'failed' });
    expect((error as Error).message).toContain('002_broken.sql');
    expect(await publicTables(db)).toEqual(['schema_migrations', 'things']);
    const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
    expect(rows).toEqual([{ version: 1 }]);
  });
});

describeOnPostgres('migrate on PostgreSQL from two replicas at once', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await openTestDatabase('postgres', { migrated: false });
  });
  afterEach(async () => {
    await db.close();
  });

  it('applies each migration exactly once when two pools migrate concurrently', async () => {
    const dir = await migrationsDir({
      // Slow and not idempotent: a second run of 001 would fail with "relation already exists".
      '001_create.sql': 'SELECT pg_sleep(0.3);\nCREATE TABLE things (id INTEGER);',
      '002_more.sql': 'CREATE TABLE more_things (id INTEGER);',
      '003_index.sql': 'CREATE INDEX things_id ON things (id);',
    });
    if (!db.connectionString) throw new Error('postgres test database without a connection string');
    const replica = await openPostgresDatabase({ connectionString: db.connectionString, max: 2 });
    try {
      const [first, second] = await Promise.all([
        migrate(db, { migrationsDir: dir }),
        migrate(replica, { migrationsDir: dir }),
      ]);
      expect([...first.applied, ...second.applied].sort()).toEqual(['001_create.sql', '002_more.sql', '003_index.sql']);
      const { rows } = await db.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    } finally {
      await replica.close();
    }
  });
});
