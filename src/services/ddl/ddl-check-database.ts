import type { Database } from '../db/database.js';

/**
 * The database column DDL is checked on (ddl-check.ts): the bot's own, set once when the services are built.
 * Change kinds are a static registry and their preview gets only the pipeline, hence this one setting.
 */
let checkDatabase: Database | null = null;

export function useDatabaseForDdlChecks(db: Database | null): void {
  checkDatabase = db;
}

export function ddlCheckDatabase(): Database | null {
  return checkDatabase;
}
