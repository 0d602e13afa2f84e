import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Processes, one per core (measured: worker threads were no faster, 236 s against 227 s, and the PostgreSQL
    // harness names its databases by process id).
    pool: 'forks',
    maxWorkers: 2,
    // Test files in one worker share its module cache instead of importing Bolt, zod and our modules again each
    // (the import phase was about half the run): 107–121 s against 272 s on the same machine, also with the files
    // shuffled. It holds because suites leave no global state behind: hooks install and remove their nock
    // interceptors and network rules, env stubs are undone, and each suite makes its own database and servers.
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Once per run: a PostgreSQL server for the database tests, and a fresh dist/ for the compiled-bot tests.
    globalSetup: ['test/support/database/global-setup.ts', 'test/support/compiled-dist-setup.ts'],
  },
});
