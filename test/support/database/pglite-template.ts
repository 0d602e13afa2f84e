import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../../src/services/db/migrate.js';
import { openPgliteDatabase } from '../../../src/services/db/pglite-database.js';

export interface PgliteTemplates {
  readonly emptyDir: string;
  readonly migratedDir: string;
  remove(): Promise<void>;
}

/**
 * Initialises a PGlite data directory once (the slow part, seconds and ~700 MB), keeps a copy of it empty, then
 * migrates it. Test databases are copies of these directories, which open in about a second.
 */
export async function preparePgliteTemplates(): Promise<PgliteTemplates> {
  const baseDir = await mkdtemp(join(tmpdir(), 'pipeops-test-template-'));
  const emptyDir = join(baseDir, 'empty');
  const migratedDir = join(baseDir, 'migrated');
  try {
    const db = await openPgliteDatabase({ dataDir: migratedDir });
    await db.close();
    await cp(migratedDir, emptyDir, { recursive: true });
    const migrated = await openPgliteDatabase({ dataDir: migratedDir });
    try {
      await migrate(migrated);
    } finally {
      await migrated.close();
    }
  } catch (error) {
    await rm(baseDir, { recursive: true, force: true });
    throw error;
  }
  return { emptyDir, migratedDir, remove: () => rm(baseDir, { recursive: true, force: true }) };
}
