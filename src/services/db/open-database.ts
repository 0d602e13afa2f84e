import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { acquireDataDirLock } from './data-dir-lock.js';
import type { Database } from './database.js';
import { type DatabaseLogger, silentDatabaseLogger } from './database-logger.js';
import { migrate } from './migrate.js';
import { openSqliteDatabase } from './sqlite-database.js';

/** The embedded database's file inside the data directory. */
export const SQLITE_FILE_NAME = 'pipeops.sqlite';
/** Where pipeops before 0.2 kept its embedded (PGlite) database. */
export const LEGACY_PGLITE_DIR_NAME = 'pglite';

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string (DATABASE_URL). When set, PostgreSQL is used and `dataDir` is not. */
  databaseUrl?: string | undefined;
  /** pipeops' data directory; SQLite keeps its file in `<dataDir>/pipeops.sqlite`. */
  dataDir: string;
  logger?: DatabaseLogger;
  /** Migrations to apply instead of the shipped ones (tests). */
  migrationsDir?: string;
  /** Refuse calls on the Database from inside its own transaction (default true; off in production). */
  checkTransactionUse?: boolean;
}

/** The data directory holds a PGlite database from an older pipeops and no SQLite one yet. */
export class LegacyPgliteDataError extends Error {
  constructor(dataDir: string) {
    super(
      `The data directory ${dataDir} holds a PGlite database from an older pipeops (${join(dataDir, LEGACY_PGLITE_DIR_NAME)}); ` +
        `this version keeps its state in SQLite (${join(dataDir, SQLITE_FILE_NAME)}). To keep the change requests, ` +
        'audit log and alerts, run `npx pipeops db import-pglite` once (it copies them into SQLite and leaves the ' +
        `PGlite directory as it was); to start empty instead, move ${join(dataDir, LEGACY_PGLITE_DIR_NAME)} away.`,
    );
    this.name = 'LegacyPgliteDataError';
  }
}

/**
 * Opens the bot's database and brings its schema up to date: PostgreSQL when `databaseUrl` is set (several
 * replicas may share it), otherwise SQLite in `<dataDir>/pipeops.sqlite` after taking the data directory's
 * exclusive lock (throws DataDirLockedError if another process holds it). close() closes the database and
 * releases the lock.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const logger = options.logger ?? silentDatabaseLogger;
  const migrateOptions = { logger, ...(options.migrationsDir ? { migrationsDir: options.migrationsDir } : {}) };

  if (options.databaseUrl) {
    // Loaded only for PostgreSQL: pg, read at start, costs the embedded default ~40 ms (it probes for Cloudflare's
    // runtime with a `Response`, which loads Node's built-in fetch).
    const { describePostgresTarget, openPostgresDatabase } = await import('./postgres-database.js');
    const target = describePostgresTarget(options.databaseUrl);
    const db = await openPostgresDatabase({
      connectionString: options.databaseUrl,
      checkTransactionUse: options.checkTransactionUse ?? true,
      onIdleClientError: (error) => logger.warn({ err: error.message, target }, 'PostgreSQL connection lost'),
    });
    try {
      await migrate(db, migrateOptions);
    } catch (error) {
      await db.close();
      throw error;
    }
    logger.info({ backend: 'postgres', target }, 'Database ready');
    return db;
  }

  const lock = acquireDataDirLock(options.dataDir, {
    onLost: (message) => logger.error({ dataDir: options.dataDir }, message),
  });
  let db: Database | undefined;
  try {
    const started = Date.now();
    const file = join(lock.dataDir, SQLITE_FILE_NAME);
    const fresh = !existsSync(file);
    if (fresh && existsSync(join(lock.dataDir, LEGACY_PGLITE_DIR_NAME, 'PG_VERSION'))) {
      throw new LegacyPgliteDataError(lock.dataDir);
    }
    db = openSqliteDatabase({ file, checkTransactionUse: options.checkTransactionUse ?? true });
    await migrate(db, migrateOptions);
    logger.info({ backend: 'sqlite', file, fresh, ms: Date.now() - started }, 'Database ready');
  } catch (error) {
    await db?.close().catch(() => undefined);
    lock.release();
    throw error;
  }
  const sqlite = db;
  return {
    backend: sqlite.backend,
    query: (sql, params) => sqlite.query(sql, params),
    exec: (script) => sqlite.exec(script),
    transaction: (fn) => sqlite.transaction(fn),
    async close() {
      try {
        await sqlite.close();
      } finally {
        lock.release();
      }
    },
  };
}
