import type { Queryable } from '../../../src/services/db/database.js';

/** The tables the shipped migrations create (sorted). A migration that adds a table adds it here, once. */
export const SHIPPED_TABLES = ['alert_replies', 'alerts', 'audit_log', 'change_requests', 'schema_migrations'];

/** The tables of the public schema, sorted. */
export async function publicTables(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  return rows.map((row) => row.name);
}
