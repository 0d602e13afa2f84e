export { describeEachBackend, describeOnPostgres } from './describe-each-backend.js';
export { type DatabaseHarnessContext, databaseHarnessContext, isPostgresRequired } from './harness-context.js';
export { publicTables, SHIPPED_TABLES, tableColumns } from './shipped-schema.js';
export {
  openTestDatabase,
  type TestDatabase,
  type TestDatabaseOptions,
  truncateAllTables,
  useTestDatabase,
} from './test-database.js';
