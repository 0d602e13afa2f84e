import type { DatabaseBackend, Queryable } from '../../../src/services/db/database.js';

/** The tables the shipped migrations create (sorted). A migration that adds a table adds it here, once. */
export const SHIPPED_TABLES = [
  'alert_replies',
  'alerts',
  'audit_log',
  'change_approvals',
  'change_documents',
  'change_requests',
  'drift_keys',
  'drift_resources',
  'home_viewers',
  'resource_locks',
  'schema_migrations',
  'slack_deliveries',
];

/** The tables of the public schema (SQLite: of the database, without SQLite's own), sorted. */
export async function publicTables(db: Queryable & { backend: DatabaseBackend }): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    db.backend === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
      : "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  return rows.map((row) => row.name);
}

/** The columns of a table (name → declared type, upper case), to compare the two engines' schemas. */
export async function tableColumns(
  db: Queryable & { backend: DatabaseBackend },
  table: string,
): Promise<Record<string, string>> {
  const { rows } = await db.query<{ name: string; type: string }>(
    db.backend === 'sqlite'
      ? 'SELECT name, type FROM pragma_table_info($1) ORDER BY name'
      : `SELECT column_name AS name, upper(data_type) AS type FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = $1 ORDER BY column_name`,
    [table],
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.type.toUpperCase()]));
}
