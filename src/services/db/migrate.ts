import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, Queryable } from './database.js';
import { type DatabaseLogger, silentDatabaseLogger } from './database-logger.js';

/**
 * The migrations shipped with pipeops for one SQL dialect, found next to this module whatever the working directory.
 * In the production bundle (dist/bundle/main.js, see scripts/build-dist.mjs) this module's URL is the bundle's, and
 * the migrations are where the build mirrors them, dist/services/db/migrations.
 */
export function shippedMigrationsDir(dialect: 'postgres' | 'sqlite'): string {
  const beside = new URL(`./migrations/${dialect}/`, import.meta.url);
  const fromBundle = new URL(`../services/db/migrations/${dialect}/`, import.meta.url);
  return fileURLToPath(existsSync(beside) ? beside : fromBundle);
}

/** The migrations a database gets unless told otherwise: those of its engine. */
export function defaultMigrationsDirFor(db: Pick<Database, 'backend'>): string {
  return shippedMigrationsDir(db.backend === 'sqlite' ? 'sqlite' : 'postgres');
}

export type MigrationErrorCode = 'bad_file_name' | 'duplicate_version' | 'checksum_mismatch' | 'failed';

export class MigrationError extends Error {
  readonly code: MigrationErrorCode;

  constructor(code: MigrationErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'MigrationError';
    this.code = code;
  }
}

export interface MigrationFile {
  readonly version: number;
  readonly name: string;
  readonly fileName: string;
  readonly sql: string;
  /** sha256 of the file with line endings normalised, so a CRLF checkout does not count as a change. */
  readonly checksum: string;
}

export interface MigrateOptions {
  /** Directory of `NNN_name.sql` files; default: the shipped migrations. */
  migrationsDir?: string;
  logger?: DatabaseLogger;
}

export interface MigrateResult {
  /** File names applied by this call, in order. */
  readonly applied: string[];
}

const FILE_NAME = /^(\d+)_([A-Za-z0-9_-]+)\.sql$/;

/**
 * Key of the transaction-level advisory lock every migration step takes on PostgreSQL, so that replicas starting
 * together apply each migration once. (SQLite's write transactions are exclusive already: no lock is needed.)
 */
const MIGRATION_LOCK_KEY = 0x7069_7065; // 'pipe'

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  checksum   TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL
)`;

async function lockMigrations(db: Pick<Database, 'backend'>, tx: Queryable): Promise<void> {
  if (db.backend === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
}

function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** Reads and orders the migration files of a directory. Other than `.sql` files are ignored. */
export async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  const fileNames = (await readdir(migrationsDir)).filter((fileName) => fileName.endsWith('.sql'));
  const migrations: MigrationFile[] = [];
  for (const fileName of fileNames) {
    const match = FILE_NAME.exec(fileName);
    if (!match?.[1] || !match[2]) {
      throw new MigrationError(
        'bad_file_name',
        `Migration file ${join(migrationsDir, fileName)} is not named NNN_name.sql (digits, underscore, name).`,
      );
    }
    const sql = await readFile(join(migrationsDir, fileName), 'utf8');
    migrations.push({ version: Number(match[1]), name: match[2], fileName, sql, checksum: checksumOf(sql) });
  }
  migrations.sort((a, b) => a.version - b.version);
  for (let index = 1; index < migrations.length; index += 1) {
    const previous = migrations[index - 1];
    const current = migrations[index];
    if (previous && current && previous.version === current.version) {
      throw new MigrationError(
        'duplicate_version',
        `Migrations ${previous.fileName} and ${current.fileName} have the same version ${current.version}.`,
      );
    }
  }
  return migrations;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

function assertUnchanged(file: MigrationFile, row: AppliedRow): void {
  if (row.checksum !== file.checksum) {
    throw new MigrationError(
      'checksum_mismatch',
      `Migration ${file.fileName} was changed after it was applied to this database (as ${row.version}_${row.name}). ` +
        'Applied migrations must not be edited: restore the file and put the change in a new migration.',
    );
  }
}

/**
 * Applies the migrations not yet applied, in version order, each in its own transaction together with its
 * schema_migrations row. Fails if an applied migration's file has changed since. Files must hold statements
 * that can run in a transaction (no CREATE INDEX CONCURRENTLY).
 */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDirFor(db);
  const logger = options.logger ?? silentDatabaseLogger;
  const files = await readMigrations(migrationsDir);

  await db.transaction(async (tx) => {
    await lockMigrations(db, tx);
    await tx.exec(CREATE_TABLE);
  });
  const { rows } = await db.query<AppliedRow>('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
  const appliedRows = new Map(rows.map((row) => [row.version, row]));
  for (const file of files) {
    const row = appliedRows.get(file.version);
    if (row) assertUnchanged(file, row);
  }
  const known = new Set(files.map((file) => file.version));
  const unknown = rows.filter((row) => !known.has(row.version)).map((row) => `${row.version}_${row.name}`);
  if (unknown.length > 0) {
    logger.warn({ migrations: unknown }, 'The database has migrations this version of pipeops does not know (newer?)');
  }

  const applied: string[] = [];
  for (const file of files) {
    if (appliedRows.has(file.version)) continue;
    const started = Date.now();
    const ran = await db.transaction(async (tx) => {
      await lockMigrations(db, tx);
      // Another replica may have applied it while we waited for the lock.
      const existing = await tx.query<AppliedRow>(
        'SELECT version, name, checksum FROM schema_migrations WHERE version = $1',
        [file.version],
      );
      const concurrent = existing.rows[0];
      if (concurrent) {
        assertUnchanged(file, concurrent);
        return false;
      }
      try {
        await tx.exec(file.sql);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationError('failed', `Migration ${file.fileName} failed: ${reason}`, { cause: error });
      }
      await tx.query('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)', [
        file.version,
        file.name,
        file.checksum,
        new Date(),
      ]);
      return true;
    });
    if (ran) {
      applied.push(file.fileName);
      logger.info({ migration: file.fileName, ms: Date.now() - started }, 'Applied database migration');
    }
  }
  return { applied };
}
