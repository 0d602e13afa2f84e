/**
 * The one SQL interface the services use. Both backends speak PostgreSQL's dialect: PGlite (Postgres
 * compiled to WASM, embedded, a data directory on disk) and PostgreSQL through `pg`.
 * Values: pass JSON as a string and cast with `$n::jsonb`; timestamps come back as `Date`.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
}

export interface Database extends Queryable {
  readonly backend: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: commit when it resolves, roll back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
