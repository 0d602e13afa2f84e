import pg from 'pg';
import type { Database, Queryable, QueryResult } from './database.js';
import { createTransactionGuard } from './transaction-guard.js';
import { sessionStartupOptions, sharedTypeParsers } from './type-parsers.js';

export interface PostgresDatabaseOptions {
  /** `postgres://user:password@host:port/database?...`, as `pg` reads it. */
  connectionString: string;
  /** Pool size (pg's default: 10). */
  max?: number;
  /** Errors of idle pooled connections (server restart, network loss); the pool replaces the connection. */
  onIdleClientError?: (error: Error) => void;
  /** Refuse calls on the Database from inside its own transaction (default true; see createTransactionGuard). */
  checkTransactionUse?: boolean;
}

/** Thrown when PostgreSQL cannot be reached or refuses the connection. The message never holds the password. */
export class PostgresConnectionError extends Error {
  readonly target: string;

  constructor(target: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Cannot connect to PostgreSQL at ${target}: ${reason}`, { cause });
    this.name = 'PostgresConnectionError';
    this.target = target;
  }
}

/** Thrown when COMMIT rolled back instead, because a statement inside the transaction had failed. */
export class TransactionRolledBackError extends Error {
  constructor() {
    super('The transaction was rolled back at COMMIT because a statement inside it failed earlier.');
    this.name = 'TransactionRolledBackError';
  }
}

/** `user@host:port/database` as pg understands the connection string, without the password. */
export function describePostgresTarget(connectionString: string): string {
  try {
    const client = new pg.Client({ connectionString });
    return `${client.user ?? '?'}@${client.host}:${client.port}/${client.database ?? '?'}`;
  } catch {
    // pg's parser failed: echoing the string could leak a password.
    return 'the configured DATABASE_URL (not a valid PostgreSQL connection string)';
  }
}

const typeOverrides: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    const shared = sharedTypeParsers[oid];
    if (shared !== undefined && format !== 'binary') return shared;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

async function runQuery<Row>(
  client: pg.Pool | pg.PoolClient,
  sql: string,
  params: readonly unknown[],
): Promise<QueryResult<Row>> {
  // The extended protocol, as PGlite uses: one statement per query, even without parameters.
  const config: pg.QueryConfig & { queryMode: 'extended' } = { text: sql, values: [...params], queryMode: 'extended' };
  const result = await client.query(config);
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
}

function transactionHandle(client: pg.PoolClient, isOpen: () => boolean): Queryable {
  const assertOpen = () => {
    if (!isOpen()) throw new Error('Transaction is closed');
  };
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      assertOpen();
      return await runQuery<Row>(client, sql, params);
    },
    async exec(script: string) {
      assertOpen();
      await client.query(script);
    },
  };
}

/**
 * Opens a pool on PostgreSQL and checks that it answers. Several processes may share one database.
 * A transaction holds one pooled connection from BEGIN to COMMIT/ROLLBACK.
 */
export async function openPostgresDatabase(options: PostgresDatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    types: typeOverrides,
    // Startup parameters: in force before the first query of every connection.
    options: sessionStartupOptions,
  });
  pool.on('error', (error) => options.onIdleClientError?.(error));
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new PostgresConnectionError(describePostgresTarget(options.connectionString), error);
  }

  const guard = createTransactionGuard(options.checkTransactionUse ?? true);
  let closed = false;
  return {
    backend: 'postgres',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      guard.assertOutside('query');
      return await runQuery<Row>(pool, sql, params);
    },
    async exec(script: string) {
      guard.assertOutside('exec');
      await pool.query(script);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      guard.assertOutside('transaction');
      const client = await pool.connect();
      let open = true;
      let brokenConnection: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await guard.run(() => fn(transactionHandle(client, () => open)));
        const commit = await client.query('COMMIT');
        if (commit.command === 'ROLLBACK') throw new TransactionRolledBackError();
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          brokenConnection = rollbackError;
        });
        throw error;
      } finally {
        open = false;
        // A connection whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
        client.release(brokenConnection);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
