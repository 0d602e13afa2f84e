import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../../src/services/db/migrate.js';
import { openPostgresDatabase } from '../../../src/services/db/postgres-database.js';
import { type DatabaseHarnessContext, isPostgresRequired, postgresUrlFor } from './harness-context.js';
import { findPostgresBinaries, startThrowawayPostgres, type ThrowawayPostgres } from './postgres-server.js';

export interface PostgresForTests {
  readonly context: Pick<DatabaseHarnessContext, 'postgres' | 'postgresUnavailableReason'>;
  /** Drops this run's databases and stops a server started for it. */
  teardown(): Promise<void>;
  /** Stops a server started for this run at once (process exit hook). */
  stopSync(): void;
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function dropDatabasesWithPrefix(adminUrl: string, prefix: string): Promise<void> {
  await withAdmin(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  });
}

function unavailable(reason: string): PostgresForTests {
  if (isPostgresRequired()) {
    throw new Error(`PIPEOPS_REQUIRE_POSTGRES=1 but no PostgreSQL is available for the tests: ${reason}`);
  }
  process.stderr.write(`\n[database harness] PostgreSQL variants of the database tests are skipped: ${reason}\n`);
  return { context: { postgres: null, postgresUnavailableReason: reason }, teardown: async () => {}, stopSync() {} };
}

/**
 * Finds the PostgreSQL server for this run (PIPEOPS_TEST_DATABASE_URL, else a throwaway cluster from the installed
 * server programs) and creates a migrated template database on it.
 */
export async function preparePostgresForTests(): Promise<PostgresForTests> {
  let server: ThrowawayPostgres | null = null;
  let adminUrl = process.env.PIPEOPS_TEST_DATABASE_URL;
  if (!adminUrl) {
    const binaries = await findPostgresBinaries();
    if (!binaries.found) return unavailable(binaries.reason);
    try {
      server = await startThrowawayPostgres(binaries.binDir);
    } catch (error) {
      return unavailable(`starting a throwaway cluster from ${binaries.binDir} failed: ${(error as Error).message}`);
    }
    adminUrl = server.adminUrl;
  }

  const databasePrefix = `pipeops_t${randomBytes(4).toString('hex')}_`;
  const templateDatabase = `${databasePrefix}template`;
  try {
    await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${pg.escapeIdentifier(templateDatabase)}`));
    const template = await openPostgresDatabase({ connectionString: postgresUrlFor(adminUrl, templateDatabase) });
    try {
      await migrate(template);
    } finally {
      await template.close();
    }
  } catch (error) {
    // An explicitly configured server that does not work is an error, not a reason to skip.
    await server?.stop();
    throw error;
  }

  const url = adminUrl;
  return {
    context: { postgres: { adminUrl: url, templateDatabase, databasePrefix }, postgresUnavailableReason: null },
    async teardown() {
      try {
        if (!server) await dropDatabasesWithPrefix(url, databasePrefix);
      } finally {
        await server?.stop();
      }
    },
    stopSync() {
      server?.stopSync();
    },
  };
}
