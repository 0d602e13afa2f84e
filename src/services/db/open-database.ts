import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { acquireDataDirLock } from './data-dir-lock.js';
import type { Database } from './database.js';
import { type DatabaseLogger, silentDatabaseLogger } from './database-logger.js';
import { migrate } from './migrate.js';
import { openPgliteDatabase } from './pglite-database.js';
import { describePostgresTarget, openPostgresDatabase } from './postgres-database.js';

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string (DATABASE_URL). When set, PostgreSQL is used and `dataDir` is not. */
  databaseUrl?: string | undefined;
  /** pipeops' data directory; PGlite keeps its files in `<dataDir>/pglite`. */
  dataDir: string;
  logger?: DatabaseLogger;
  /** Migrations to apply instead of the shipped ones (tests). */
  migrationsDir?: string;
}

/**
 * Opens the bot's database and brings its schema up to date: PostgreSQL when `databaseUrl` is set (several
 * replicas may share it), otherwise PGlite in `<dataDir>/pglite` after taking the data directory's exclusive lock
 * (throws DataDirLockedError if another process holds it). close() closes the database and releases the lock.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const logger = options.logger ?? silentDatabaseLogger;
  const migrateOptions = { logger, ...(options.migrationsDir ? { migrationsDir: options.migrationsDir } : {}) };

  if (options.databaseUrl) {
    const target = describePostgresTarget(options.databaseUrl);
    const db = await openPostgresDatabase({
      connectionString: options.databaseUrl,
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
    const pgliteDir = join(lock.dataDir, 'pglite');
    if (!existsSync(join(pgliteDir, 'PG_VERSION'))) {
      logger.info({ dataDir: pgliteDir }, 'Creating a new PGlite database (takes a few seconds, once)');
    }
    db = await openPgliteDatabase({ dataDir: pgliteDir });
    await migrate(db, migrateOptions);
    logger.info({ backend: 'pglite', dataDir: lock.dataDir, ms: Date.now() - started }, 'Database ready');
  } catch (error) {
    await db?.close().catch(() => undefined);
    lock.release();
    throw error;
  }
  const pglite = db;
  return {
    ...pglite,
    async close() {
      try {
        await pglite.close();
      } finally {
        lock.release();
      }
    },
  };
}
