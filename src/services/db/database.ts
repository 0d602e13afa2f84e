/**
 * The one SQL interface the services use, on two engines: SQLite (embedded, one file in the data directory, through
 * better-sqlite3) and PostgreSQL through `pg` (several replicas). Queries are written once, in PostgreSQL's dialect
 * restricted to a portable subset that sqlite-dialect.ts rewrites for SQLite:
 * - parameters `$1`, `$2`, …; casts only `$n::jsonb|text|timestamptz|integer|bigint|boolean`;
 * - arrays only as `col = ANY($n::text[])`; `RETURNING` with named columns; `ON CONFLICT … DO NOTHING|UPDATE`;
 *   `COALESCE`, `GREATEST`, `LEAST`, `lower`, `CASE`; no `now()` or interval arithmetic (pass times as Dates).
 * Schemas differ per engine only in their migration files (migrations/postgres, migrations/sqlite), which declare
 * the same tables and columns; SQLite columns are declared TIMESTAMPTZ / JSONB / BOOLEAN so that values read back
 * the same way on both.
 * Values: pass JSON as a string (`$n::jsonb`), timestamps as Date. Rows come back alike: integers → number,
 * json/jsonb → parsed value, timestamptz → Date, boolean → boolean. PostgreSQL sessions run in UTC.
 */
export interface QueryResult<Row> {
  rows: Row[];
  /** Rows inserted, updated or deleted by an INSERT/UPDATE/DELETE; rows returned by anything else. */
  rowCount: number;
}

export interface Queryable {
  /** Runs one statement; parameters are `$1`, `$2`, … */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** Runs a script of several statements separated by `;` (no parameters), e.g. a migration file. */
  exec(script: string): Promise<void>;
}

export type DatabaseBackend = 'sqlite' | 'postgres';

export interface Database extends Queryable {
  readonly backend: DatabaseBackend;
  /**
   * Runs `fn` in one transaction: commit when it resolves, roll back when it throws.
   * Inside `fn` use only `tx`: calling this Database's `query`/`exec`/`transaction` from inside `fn` would, on
   * SQLite, wait for the transaction to end, forever, and on PostgreSQL run outside it; with the misuse check
   * (`checkTransactionUse`, on outside production) it throws at once.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
