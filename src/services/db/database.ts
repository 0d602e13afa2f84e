/**
 * The one SQL interface the services use. Both backends speak PostgreSQL's dialect: PGlite (Postgres
 * compiled to WASM, embedded, a data directory on disk) and PostgreSQL through `pg`.
 * Values: pass JSON as a string and cast with `$n::jsonb`; timestamps come back as `Date`.
 * Both backends return the same row shapes: int2/int4 → number, int8 (e.g. `count(*)`) → number (a bigint
 * only beyond Number.MAX_SAFE_INTEGER), numeric → string, json/jsonb → parsed value, timestamptz → Date,
 * timestamp → Date read as UTC, date → 'YYYY-MM-DD' string. Sessions run in the UTC time zone.
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

export type DatabaseBackend = 'pglite' | 'postgres';

export interface Database extends Queryable {
  readonly backend: DatabaseBackend;
  /**
   * Runs `fn` in one transaction: commit when it resolves, roll back when it throws.
   * Inside `fn` use only `tx`: calling this Database's `query`/`exec`/`transaction` from inside `fn` throws
   * (on PGlite it would wait for the transaction to end, forever).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
