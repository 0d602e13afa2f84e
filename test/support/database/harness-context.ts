import { inject } from 'vitest';

/** What the database globalSetup prepared for this test run, handed to test files through vitest's provide/inject. */
export interface DatabaseHarnessContext {
  /** The PostgreSQL server for tests, or null with the reason in `postgresUnavailableReason`. */
  readonly postgres: {
    /** URL of a role allowed to CREATE/DROP DATABASE, on its maintenance database. */
    readonly adminUrl: string;
    /** Migrated database that test databases are created from (CREATE DATABASE ... TEMPLATE). */
    readonly templateDatabase: string;
    /** Prefix of every database created in this run, so teardown can drop leftovers. */
    readonly databasePrefix: string;
  } | null;
  readonly postgresUnavailableReason: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pipeopsDatabase: DatabaseHarnessContext;
  }
}

/** The context, or a clear error when the globalSetup did not run (e.g. another vitest config). */
export function databaseHarnessContext(): DatabaseHarnessContext {
  const context = inject('pipeopsDatabase');
  if (!context) {
    throw new Error(
      'The database test harness was not prepared: vitest.config.ts must list ' +
        "'test/support/database/global-setup.ts' in test.globalSetup.",
    );
  }
  return context;
}

/** CI sets PIPEOPS_REQUIRE_POSTGRES=1: then a missing PostgreSQL fails the run instead of skipping its tests. */
export function isPostgresRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.PIPEOPS_REQUIRE_POSTGRES === '1';
}

/** The connection URL of `database` on the server of `adminUrl` (same credentials and options). */
export function postgresUrlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
