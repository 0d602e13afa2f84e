import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './database.js';
import { LEGACY_PGLITE_DIR_NAME } from './open-database.js';

/** The tables an older pipeops kept in PGlite, parents before children (foreign keys). */
const TABLES = ['change_requests', 'audit_log', 'alerts', 'alert_replies'] as const;

export interface PgliteImportResult {
  /** Rows copied per table. */
  copied: Record<string, number>;
}

/**
 * Copies an older pipeops' PGlite database (`<dataDir>/pglite`) into the SQLite database `target` (migrated, empty):
 * every row of the tables both know, ids kept. PGlite is loaded only here (it is heavy: ~700 MiB while open), so a
 * bot that never imports never pays for it. The PGlite directory is left as it was.
 */
export async function importPgliteData(dataDir: string, target: Database): Promise<PgliteImportResult> {
  const source = join(dataDir, LEGACY_PGLITE_DIR_NAME);
  if (!existsSync(join(source, 'PG_VERSION'))) throw new Error(`No PGlite database in ${source}.`);
  const { rows: existing } = await target.query<{ n: number }>('SELECT count(*) AS n FROM change_requests');
  if ((existing[0]?.n ?? 0) > 0) {
    throw new Error('The SQLite database already holds change requests: import into an empty one only.');
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create({ dataDir: source });
  try {
    const copied: Record<string, number> = {};
    await target.transaction(async (tx) => {
      for (const table of TABLES) {
        const present = await pglite.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_tables WHERE tablename = $1',
          [table],
        );
        if ((present.rows[0]?.n ?? 0) === 0) continue;
        const { rows: targetColumns } = await tx.query<{ name: string }>('SELECT name FROM pragma_table_info($1)', [
          table,
        ]);
        const known = new Set(targetColumns.map((column) => column.name));
        const { rows } = await pglite.query<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY id`);
        for (const row of rows) {
          const columns = Object.keys(row).filter((column) => known.has(column));
          const values = columns.map((column) => {
            const value = row[column];
            // JSON columns come back parsed: store them as JSON text again.
            return value !== null && typeof value === 'object' && !(value instanceof Date)
              ? JSON.stringify(value)
              : value;
          });
          await tx.query(
            `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
            values,
          );
          // PGlite kept a request's documents in its row; here they have their own table (migration 007).
          if (table === 'change_requests') {
            const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
            await tx.query(
              `INSERT INTO change_documents (change_id, before_state, after_state, diff, preview)
               VALUES ($1, $2, $3, $4, $5)`,
              [
                row.id,
                json(row.before_state) ?? 'null',
                json(row.after_state) ?? 'null',
                row.diff ?? '',
                json(row.preview),
              ],
            );
          }
        }
        copied[table] = rows.length;
      }
    });
    return { copied };
  } finally {
    await pglite.close();
  }
}
