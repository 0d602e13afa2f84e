import type { TestProject } from 'vitest/node';
import type { DatabaseHarnessContext } from './harness-context.js';
import { preparePostgresForTests } from './postgres-for-tests.js';

/**
 * vitest globalSetup: prepares the PostgreSQL server once per test run, before any test file, and provides it to
 * the files as `inject('pipeopsDatabase')` (see harness-context.ts). SQLite test databases need no preparation.
 * Set PIPEOPS_REQUIRE_POSTGRES=1 to fail when PostgreSQL is missing.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, work: Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await work;
    } finally {
      timings[name] = Date.now() - started;
    }
  };
  const postgres = await timed('postgres', preparePostgresForTests());
  const context: DatabaseHarnessContext = { ...postgres.context };
  project.provide('pipeopsDatabase', context);
  // If the run is cut short before teardown, do not leave a PostgreSQL server behind.
  const onExit = () => postgres.stopSync();
  process.on('exit', onExit);
  if (process.env.PIPEOPS_TEST_DB_TIMINGS === '1') {
    const parts = Object.entries(timings).map(([name, ms]) => `${name} ${ms} ms`);
    process.stderr.write(`[database harness] prepared: ${parts.join(', ')}\n`);
  }

  return async () => {
    process.off('exit', onExit);
    await postgres.teardown();
  };
}
