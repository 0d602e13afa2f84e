import type { TestProject } from 'vitest/node';
import type { DatabaseHarnessContext } from './harness-context.js';
import { preparePgliteTemplates } from './pglite-template.js';
import { preparePostgresForTests } from './postgres-for-tests.js';

/**
 * vitest globalSetup: prepares the databases once per test run, before any test file, and provides them to the
 * files as `inject('pipeopsDatabase')` (see harness-context.ts). PGlite templates and the PostgreSQL server are
 * prepared in parallel. Set PIPEOPS_REQUIRE_POSTGRES=1 to fail when PostgreSQL is missing.
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
  const [pglite, postgres] = await Promise.allSettled([
    timed('pglite templates', preparePgliteTemplates()),
    timed('postgres', preparePostgresForTests()),
  ]);
  if (pglite.status === 'rejected' || postgres.status === 'rejected') {
    if (pglite.status === 'fulfilled') await pglite.value.remove();
    if (postgres.status === 'fulfilled') await postgres.value.teardown();
    throw pglite.status === 'rejected' ? pglite.reason : (postgres as PromiseRejectedResult).reason;
  }
  const context: DatabaseHarnessContext = {
    pgliteTemplateDir: pglite.value.migratedDir,
    pgliteEmptyTemplateDir: pglite.value.emptyDir,
    ...postgres.value.context,
  };
  project.provide('pipeopsDatabase', context);
  // If the run is cut short before teardown, do not leave a PostgreSQL server behind.
  const onExit = () => postgres.value.stopSync();
  process.on('exit', onExit);
  if (process.env.PIPEOPS_TEST_DB_TIMINGS === '1') {
    const parts = Object.entries(timings).map(([name, ms]) => `${name} ${ms} ms`);
    process.stderr.write(`[database harness] prepared (in parallel): ${parts.join(', ')}\n`);
  }

  return async () => {
    process.off('exit', onExit);
    await Promise.allSettled([pglite.value.remove(), postgres.value.teardown()]);
  };
}
