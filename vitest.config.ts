import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // PGlite is WASM with ~300 MB per open database: processes, and not too many of them.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Once per run: migrated PGlite template directories and a PostgreSQL server for the database tests.
    globalSetup: ['test/support/database/global-setup.ts', 'test/support/compiled-dist-setup.ts'],
  },
});
