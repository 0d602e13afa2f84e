import { describe, it } from 'vitest';
import type { DatabaseBackend } from '../../../src/services/db/database.js';
import { databaseHarnessContext, isPostgresRequired } from './harness-context.js';

/**
 * Declares a suite that needs the run's PostgreSQL server. Without one it is reported as skipped (with the
 * reason), unless PIPEOPS_REQUIRE_POSTGRES=1 (CI), where it fails.
 */
export function describeOnPostgres(name: string, fn: () => void): void {
  const context = databaseHarnessContext();
  if (context.postgres) {
    describe(name, fn);
  } else if (isPostgresRequired()) {
    describe(name, () => {
      it('needs PostgreSQL (PIPEOPS_REQUIRE_POSTGRES=1)', () => {
        throw new Error(`No PostgreSQL server for tests: ${context.postgresUnavailableReason}`);
      });
    });
  } else {
    describe.skipIf(true)(`${name} (no PostgreSQL: ${context.postgresUnavailableReason})`, fn);
  }
}

/**
 * Declares the suite once per database backend: `<name> [sqlite]` always, `<name> [postgres]` as describeOnPostgres
 * does (skipped with the reason when there is no server, failing instead when PIPEOPS_REQUIRE_POSTGRES=1).
 */
export function describeEachBackend(name: string, fn: (backend: DatabaseBackend) => void): void {
  describe(`${name} [sqlite]`, () => fn('sqlite'));
  describeOnPostgres(`${name} [postgres]`, () => fn('postgres'));
}
