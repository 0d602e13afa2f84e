import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AuditService } from '../services/audit/audit-service.js';
import { parseSince, SINCE_HINT } from '../services/audit/audit-since.js';
import { systemClock } from '../services/clock.js';
import type { Database } from '../services/db/database.js';
import { SQLITE_FILE_NAME } from '../services/db/open-database.js';
import { openPostgresDatabase } from '../services/db/postgres-database.js';
import { openSqliteDatabase } from '../services/db/sqlite-database.js';

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: { write(text: string): unknown };
}

export interface AuditExportOptions {
  since?: string | undefined;
}

/**
 * The bot's database for reading only: PostgreSQL at DATABASE_URL, or the SQLite file in PIPEOPS_DATA_DIR opened
 * without the data directory's lock (a running bot holds it; SQLite lets a reader share the file) and without
 * migrating (an export never changes the schema). Null when there is no database yet.
 */
async function openForReading(env: Record<string, string | undefined>): Promise<Database | null> {
  if (env.DATABASE_URL) return openPostgresDatabase({ connectionString: env.DATABASE_URL, max: 1 });
  const file = join(resolve(env.PIPEOPS_DATA_DIR ?? '.pipeops'), SQLITE_FILE_NAME);
  return existsSync(file) ? openSqliteDatabase({ file }) : null;
}

/** Waits when stdout's buffer is full, so that a large export into a slow pipe does not pile up in memory. */
function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  return out.write(text) ? Promise.resolve() : new Promise((done) => out.once('drain', () => done()));
}

/**
 * `pipeops audit export [--since 2d|2026-11-30]`: every audit entry (oldest first) as one JSON object per line on
 * stdout. Exit status 0 when written, 1 when there is no database, 2 on a bad --since.
 */
export async function runAuditExport(
  options: AuditExportOptions,
  env: Record<string, string | undefined>,
  io: Io,
): Promise<number> {
  const since = options.since === undefined ? undefined : parseSince(options.since, systemClock.now());
  if (options.since !== undefined && since === undefined) {
    io.stderr.write(`pipeops: --since must be ${SINCE_HINT}\n`);
    return 2;
  }
  const db = await openForReading(env);
  if (!db) {
    io.stderr.write('pipeops: no database found (set DATABASE_URL, or PIPEOPS_DATA_DIR to the bot’s data directory)\n');
    return 1;
  }
  try {
    const audit = new AuditService(db, { clock: systemClock });
    for await (const entry of audit.export(since ? { since } : {})) {
      await write(
        io.stdout,
        `${JSON.stringify({
          id: entry.id,
          at: entry.at.toISOString(),
          actor: entry.actor,
          action: entry.action,
          change_id: entry.changeId,
          resource: entry.resource,
          summary: entry.summary,
          outcome: entry.outcome,
          detail: entry.detail,
          diff: entry.diff,
        })}\n`,
      );
    }
    return 0;
  } finally {
    await db.close();
  }
}
