import BetterSqlite3 from 'better-sqlite3';
import type { Database, Queryable, QueryResult } from './database.js';
import { type ColumnReader, columnReaderFor, toSqliteParam, toSqliteSql } from './sqlite-dialect.js';
import { createTransactionGuard } from './transaction-guard.js';

export interface SqliteDatabaseOptions {
  /** The database file (created if new), or null for an in-memory database. */
  file: string | null;
  /** Refuse calls on the Database from inside its own transaction (default true; see createTransactionGuard). */
  checkTransactionUse?: boolean;
}

/** SQLite could not open or use its file; the message says which and what to do. */
export class SqliteOpenError extends Error {
  readonly file: string;

  constructor(file: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `Cannot open the SQLite database ${file} (${reason}). If the file is damaged, restore it from a backup or ` +
        'move it away to start with an empty database.',
      { cause },
    );
    this.name = 'SqliteOpenError';
    this.file = file;
  }
}

interface PreparedStatement {
  statement: BetterSqlite3.Statement;
  /** Per result column, how to read it back (null: as SQLite returns it); empty for statements returning nothing. */
  readers: { name: string; read: ColumnReader }[];
  /** True when no column needs converting, so rows are returned as SQLite built them. */
  plain: boolean;
}

/** Statements are prepared once and reused: SQLite's parse and plan cost is then paid once per distinct query. */
const STATEMENT_CACHE_LIMIT = 500;

/**
 * The embedded engine: SQLite through better-sqlite3, in this process, in one file. Queries are synchronous and
 * take microseconds to a few milliseconds, so each runs to completion without yielding, which keeps the event
 * loop free of long stalls (unlike a WASM engine that drains a queue of transactions at once).
 *
 * Transactions: one connection serves the process, so a transaction must have it to itself while its callback
 * awaits. Transactions and statements from outside them are queued (FIFO) behind a running transaction; with none
 * running, a statement runs at once. `BEGIN IMMEDIATE` takes the write lock up front, so a transaction never fails
 * halfway on a lock upgrade. Conditional writes (`UPDATE … WHERE status = …`) keep their meaning: they run one at a
 * time against the latest committed state.
 */
export function openSqliteDatabase(options: SqliteDatabaseOptions): Database {
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(options.file ?? ':memory:');
    // WAL: readers never block the writer and commits are cheap; NORMAL is durable across process crashes.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (error) {
    throw options.file === null ? error : new SqliteOpenError(options.file, error);
  }

  const cache = new Map<string, PreparedStatement>();
  const prepare = (sql: string): PreparedStatement => {
    const cached = cache.get(sql);
    if (cached) {
      // Re-insert to keep the map in least-recently-used order.
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = sqlite.prepare(toSqliteSql(sql));
    const readers = statement.reader
      ? statement.columns().map((column) => ({ name: column.name, read: columnReaderFor(column.type) }))
      : [];
    const prepared = { statement, readers, plain: readers.every((reader) => reader.read === null) };
    cache.set(sql, prepared);
    if (cache.size > STATEMENT_CACHE_LIMIT) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return prepared;
  };

  const run = <Row>(sql: string, params: readonly unknown[]): QueryResult<Row> => {
    const { statement, readers, plain } = prepare(sql);
    const bound = params.map(toSqliteParam);
    // Numbered parameters (?1, ?2) bind from an object keyed by number.
    const args = bound.length === 0 ? [] : [Object.fromEntries(bound.map((value, index) => [index + 1, value]))];
    if (!statement.reader) {
      const info = statement.run(...args);
      return { rows: [], rowCount: info.changes };
    }
    const raw = statement.all(...args) as Record<string, unknown>[];
    // With RETURNING, one row per row written: the same count PostgreSQL reports.
    const rows = plain ? raw : raw.map((row) => convertRow(row, readers));
    return { rows: rows as Row[], rowCount: rows.length };
  };

  const guard = createTransactionGuard(options.checkTransactionUse ?? true);
  // The tail of the queue: resolves when the last queued transaction has finished.
  let tail: Promise<void> = Promise.resolve();
  let busy = false;

  const whenFree = async <T>(work: () => Promise<T>): Promise<T> => {
    const previous = tail;
    let release = () => {};
    tail = new Promise<void>((done) => {
      release = done;
    });
    await previous;
    busy = true;
    try {
      return await work();
    } finally {
      busy = false;
      release();
    }
  };

  let closed = false;
  const assertOpen = () => {
    if (closed) throw new Error('The database is closed');
  };

  return {
    backend: 'sqlite',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      guard.assertOutside('query');
      assertOpen();
      if (!busy) return run<Row>(sql, params);
      return whenFree(async () => run<Row>(sql, params));
    },
    async exec(script: string) {
      guard.assertOutside('exec');
      assertOpen();
      if (!busy) {
        sqlite.exec(script);
        return;
      }
      await whenFree(async () => sqlite.exec(script));
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      guard.assertOutside('transaction');
      assertOpen();
      return whenFree(async () => {
        sqlite.exec('BEGIN IMMEDIATE');
        let open = true;
        const tx: Queryable = {
          async query<Row>(sql: string, params: readonly unknown[] = []) {
            if (!open) throw new Error('Transaction is closed');
            return run<Row>(sql, params);
          },
          async exec(script: string) {
            if (!open) throw new Error('Transaction is closed');
            sqlite.exec(script);
          },
        };
        try {
          const result = await guard.run(() => fn(tx));
          open = false;
          sqlite.exec('COMMIT');
          return result;
        } catch (error) {
          open = false;
          if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
          throw error;
        }
      });
    },
    async close() {
      if (closed) return;
      // Wait for a running transaction rather than cutting it off.
      await whenFree(async () => {
        closed = true;
        cache.clear();
        sqlite.close();
      });
    },
  };

  function convertRow(row: Record<string, unknown>, readers: PreparedStatement['readers']): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const { name, read } of readers) {
      const value = row[name];
      out[name] = read === null || value === null || value === undefined ? value : read(value);
    }
    return out;
  }
}
