import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { Database, DatabaseBackend, Queryable } from '../../../src/services/db/database.js';
import { migrate } from '../../../src/services/db/migrate.js';
import { openPostgresDatabase } from '../../../src/services/db/postgres-database.js';
import { openSqliteDatabase } from '../../../src/services/db/sqlite-database.js';
import { databaseHarnessContext, postgresUrlFor } from './harness-context.js';

export interface TestDatabaseOptions {
  /** false: an empty database, no migration applied (to test migrations). Default true. */
  migrated?: boolean;
  /** PostgreSQL pool size (default 10), e.g. 1 to provoke waits, many for concurrency tests. */
  poolSize?: number;
}

export interface TestDatabase extends Database {
  /** Where it lives: the SQLite file or the PostgreSQL database name. */
  readonly location: string;
  /** PostgreSQL: a URL to open more pools on the same database (e.g. to act as a second replica); SQLite: null. */
  readonly connectionString: string | null;
}

let databaseCounter = 0;

async function openSqliteFile(options: TestDatabaseOptions): Promise<TestDatabase> {
  const baseDir = await mkdtemp(join(tmpdir(), 'pipeops-test-db-'));
  const file = join(baseDir, 'pipeops.sqlite');
  try {
    const db = openSqliteDatabase({ file });
    if (options.migrated !== false) await migrate(db);
    return {
      backend: db.backend,
      query: (sql, params) => db.query(sql, params),
      exec: (script) => db.exec(script),
      transaction: (fn) => db.transaction(fn),
      location: file,
      connectionString: null,
      async close() {
        try {
          await db.close();
        } finally {
          await rm(baseDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(baseDir, { recursive: true, force: true });
    throw error;
  }
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function openPostgresCopy(options: TestDatabaseOptions): Promise<TestDatabase> {
  const context = databaseHarnessContext();
  const server = context.postgres;
  if (!server) throw new Error(`No PostgreSQL server for tests: ${context.postgresUnavailableReason}`);
  databaseCounter += 1;
  const name = `${server.databasePrefix}${process.pid}_${databaseCounter}`;
  const template = options.migrated === false ? 'template1' : server.templateDatabase;
  await adminQuery(
    server.adminUrl,
    `CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(template)}`,
  );
  try {
    const connectionString = postgresUrlFor(server.adminUrl, name);
    const db = await openPostgresDatabase({ connectionString, max: options.poolSize ?? 10 });
    return {
      ...db,
      location: name,
      connectionString,
      async close() {
        try {
          await db.close();
        } finally {
          await adminQuery(server.adminUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
        }
      },
    };
  } catch (error) {
    await adminQuery(server.adminUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    throw error;
  }
}

/**
 * A database of its own for a test file (or a test), migrated unless asked otherwise: SQLite → a new file in a
 * temporary directory, migrated (milliseconds); PostgreSQL → CREATE DATABASE from the run's migrated template
 * database. close() deletes it.
 */
export async function openTestDatabase(
  backend: DatabaseBackend,
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  if (backend === 'postgres') return await openPostgresCopy(options);
  return await openSqliteFile(options);
}

/**
 * Opens a test database before the tests of the enclosing describe block and closes it after them.
 * Returns an accessor, since the database exists only once beforeAll has run.
 */
export function useTestDatabase(backend: DatabaseBackend, options: TestDatabaseOptions = {}): () => TestDatabase {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await openTestDatabase(backend, options);
  });
  afterAll(async () => {
    await db?.close();
    db = undefined;
  });
  return () => {
    if (!db) throw new Error('The test database is open only inside tests (after beforeAll).');
    return db;
  };
}

/** Empties every table but schema_migrations and restarts identities: a clean slate between tests. */
export async function truncateAllTables(db: Queryable & { backend?: DatabaseBackend }): Promise<void> {
  if (db.backend === 'sqlite') {
    const { rows } = await db.query<{ name: string }>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_migrations', 'sqlite_sequence')
        AND name NOT LIKE 'sqlite_%'`,
    );
    // Children first would be needed with foreign keys on: switch them off for the wipe.
    const statements = rows.map((row) => `DELETE FROM "${row.name}";`).join('\n');
    await db.exec(`PRAGMA foreign_keys = OFF;\n${statements}\nDELETE FROM sqlite_sequence;\nPRAGMA foreign_keys = ON;`);
    return;
  }
  const { rows } = await db.query<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables
     WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
  );
  if (rows.length === 0) return;
  await db.exec(`TRUNCATE ${rows.map((row) => row.name).join(', ')} RESTART IDENTITY CASCADE`);
}
