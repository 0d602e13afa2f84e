import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, type Results, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './database.js';
import { TransactionGuard } from './transaction-guard.js';
import { sessionSettingsSql, sharedTypeParsers } from './type-parsers.js';

export interface PgliteDatabaseOptions {
  /** Directory holding the database files (created and initialised if new), or null for in-memory. */
  dataDir: string | null;
}

/** PGlite could not open its data directory; the message says which and what the directory holds. */
export class PgliteOpenError extends Error {
  readonly dataDir: string;

  constructor(dataDir: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    let version = '';
    try {
      version = readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim();
    } catch {
      // No PG_VERSION: not a database directory at all, or unreadable.
    }
    const holds = version ? `it holds a PostgreSQL ${version} database` : 'it holds no PostgreSQL database';
    super(
      `Cannot open the PGlite database in ${dataDir} (${reason}); ${holds}. A directory made by another ` +
        'PGlite/PostgreSQL major version, or damaged, cannot be opened: restore it from a backup, or move it away ' +
        'to start with an empty database.',
      { cause },
    );
    this.name = 'PgliteOpenError';
    this.dataDir = dataDir;
  }
}

const AFFECTING_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

function toQueryResult<Row>(result: Results<Row>): QueryResult<Row> {
  const affects = result.command !== undefined && AFFECTING_COMMANDS.has(result.command);
  return { rows: result.rows, rowCount: affects ? (result.affectedRows ?? 0) : result.rows.length };
}

function queryableOf(target: PGlite | Transaction): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return toQueryResult(await target.query<Row>(sql, [...params]));
    },
    async exec(script: string) {
      await target.exec(script);
    },
  };
}

/**
 * Opens PGlite (PostgreSQL in WASM, in this process). It is single-process: never open one data directory
 * from two processes (openDatabase locks it). Opening a new directory initialises it, which takes seconds;
 * open once and keep the instance. Statements run one at a time, so a transaction holds the whole database.
 */
export async function openPgliteDatabase(options: PgliteDatabaseOptions): Promise<Database> {
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({ dataDir: options.dataDir ?? undefined, parsers: sharedTypeParsers });
  } catch (error) {
    throw options.dataDir === null ? error : new PgliteOpenError(options.dataDir, error);
  }
  try {
    await pglite.exec(sessionSettingsSql);
  } catch (error) {
    await pglite.close();
    throw error;
  }
  const outside = queryableOf(pglite);
  const guard = new TransactionGuard();
  return {
    backend: 'pglite',
    async query<Row>(sql: string, params?: readonly unknown[]) {
      guard.assertOutside('query');
      return await outside.query<Row>(sql, params);
    },
    async exec(script: string) {
      guard.assertOutside('exec');
      await outside.exec(script);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      guard.assertOutside('transaction');
      return await pglite.transaction((tx) => guard.run(() => fn(queryableOf(tx))));
    },
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
}
