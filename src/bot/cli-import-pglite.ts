import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { acquireDataDirLock } from '../services/db/data-dir-lock.js';
import { importPgliteData } from '../services/db/import-pglite.js';
import { migrate } from '../services/db/migrate.js';
import { SQLITE_FILE_NAME } from '../services/db/open-database.js';
import { openSqliteDatabase } from '../services/db/sqlite-database.js';

interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * `pipeops db import-pglite`: copies an older pipeops' PGlite database in the data directory into a new SQLite one,
 * under the data directory's lock (the bot must not be running). Refuses when the SQLite file exists already.
 */
export async function runImportPglite(env: Record<string, string | undefined>, io: Io): Promise<number> {
  const dataDir = resolve(env.PIPEOPS_DATA_DIR ?? '.pipeops');
  const lock = acquireDataDirLock(dataDir);
  try {
    const file = join(lock.dataDir, SQLITE_FILE_NAME);
    if (existsSync(file)) {
      io.stderr.write(`pipeops: ${file} exists already; import only into a new database (move it away first).\n`);
      return 1;
    }
    const db = openSqliteDatabase({ file });
    try {
      await migrate(db);
      const { copied } = await importPgliteData(lock.dataDir, db);
      const parts = Object.entries(copied).map(([table, rows]) => `${table}: ${rows}`);
      io.stdout.write(`Imported into ${file} (${parts.join(', ')}). The pglite directory was left as it was.\n`);
      return 0;
    } finally {
      await db.close();
    }
  } finally {
    lock.release();
  }
}
