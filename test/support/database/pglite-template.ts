import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { migrate } from '../../../src/services/db/migrate.js';
import { openPgliteDatabase } from '../../../src/services/db/pglite-database.js';

export interface PgliteTemplates {
  readonly emptyDir: string;
  readonly migratedDir: string;
  remove(): Promise<void>;
}

const COMPLETE_MARKER = 'pipeops-template-complete';

async function pgliteVersion(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  // dist/index.cjs → package root
  const manifest = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? 'unknown';
}

/**
 * A freshly initialised PGlite directory depends only on the PGlite version, and creating one is the slow part
 * (seconds, ~700 MB): keep one per version in the temp directory across test runs. Built aside and renamed into
 * place, so concurrent runs never see half of one; never opened, only copied.
 */
async function cachedEmptyDataDir(): Promise<string> {
  const cacheDir = join(tmpdir(), `pipeops-pglite-initdb-${await pgliteVersion()}`);
  if (existsSync(join(cacheDir, COMPLETE_MARKER))) return cacheDir;
  const building = join(tmpdir(), `pipeops-pglite-initdb-building-${randomUUID()}`);
  try {
    const db = await openPgliteDatabase({ dataDir: building });
    await db.close();
    await writeFile(join(building, COMPLETE_MARKER), '');
    await rename(building, cacheDir).catch(async (error: unknown) => {
      // Another run put its copy in place first: use that one.
      if (!existsSync(join(cacheDir, COMPLETE_MARKER))) throw error;
    });
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return cacheDir;
}

/**
 * Prepares an empty and a migrated PGlite data directory for this run. Test databases are copies of these,
 * which open in about a second.
 */
export async function preparePgliteTemplates(): Promise<PgliteTemplates> {
  const source = await cachedEmptyDataDir();
  const baseDir = await mkdtemp(join(tmpdir(), 'pipeops-test-template-'));
  const emptyDir = join(baseDir, 'empty');
  const migratedDir = join(baseDir, 'migrated');
  try {
    await cp(source, emptyDir, { recursive: true });
    await cp(source, migratedDir, { recursive: true });
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
