import type { Database, Queryable } from '../db/database.js';
import { type DdlScript, type DdlStep, quoteName, type TableName } from './column-ddl.js';
import { parseSnowflakeType, type SnowflakeType } from './snowflake-type.js';
import type { WarehouseColumn } from './warehouse-table.js';

/**
 * Checks a column DDL script before anyone approves it, in two stages:
 * 1. pure, the same everywhere: every type is a valid Snowflake type (VARCHAR length 1..16777216, NUMBER precision
 *    1..38 and scale ≤ precision) and every name is non-empty;
 * 2. executed on the bot's own database engine, inside a transaction that is always rolled back, against scratch
 *    tables built from the mapping's columns (the table and its `_LOG` twin), each statement translated:
 *    - PostgreSQL (and PGlite): the scratch tables live in a scratch schema created in the same transaction. Checks
 *      that renamed, dropped and cast columns exist, that added ones do not, and that every cast exists under
 *      PostgreSQL's cast rules (e.g. BOOLEAN → TIMESTAMP is refused), with Snowflake types translated
 *      (NUMBER → NUMERIC, VARIANT → JSONB, VARCHAR over 10485760 → TEXT, TIMESTAMP_TZ → TIMESTAMPTZ).
 *    - SQLite: STRICT temporary tables. Checks that renamed, dropped and copied columns exist and that added ones do
 *      not; casts are not checked (SQLite's CAST never fails), nor the case of names (SQLite ignores it).
 * Never checked (Snowflake-only, listed on the card): the BEGIN TRANSACTION/COMMIT wrappers (the check runs in its
 * own transaction), DROP COLUMN … CASCADE's effect on dependent views, the real table's data and privileges.
 */
export interface DdlCheckReport {
  engine: string;
  ok: boolean;
  /** What is wrong, each naming the statement; empty when ok. */
  problems: string[];
  /** What this engine could not check. */
  unchecked: string[];
}

export interface ScratchTable {
  table: TableName;
  columns: Pick<WarehouseColumn, 'name' | 'type'>[];
}

type Dialect = 'postgres' | 'sqlite';

const ALWAYS_UNCHECKED = [
  'BEGIN TRANSACTION / COMMIT (the check runs in its own, rolled-back transaction)',
  "DROP COLUMN … CASCADE's effect on views that depend on the column",
  "the table's real data and privileges",
];
const UNCHECKED: Record<Dialect, string[]> = {
  postgres: [
    "Snowflake types are checked as PostgreSQL translations (NUMBER → NUMERIC, VARIANT → JSONB, VARCHAR over 10485760 → TEXT); casts follow PostgreSQL's rules, which approximate Snowflake's",
  ],
  sqlite: [
    'casts between types (SQLite never refuses a CAST): only column names are checked',
    "the case of names (SQLite matches names case-insensitively; Snowflake's quoted names are exact)",
  ],
};

class Rollback extends Error {}

export async function checkDdl(
  db: Database,
  script: DdlScript,
  tables: readonly ScratchTable[],
): Promise<DdlCheckReport> {
  const dialect: Dialect = (db.backend as string) === 'sqlite' ? 'sqlite' : 'postgres';
  const engine = db.backend;
  const unchecked = [...UNCHECKED[dialect], ...ALWAYS_UNCHECKED];
  const steps = script.blocks.flatMap((block) => block.steps);
  const problems = staticProblems(steps, tables);
  if (problems.length > 0)
    return { engine, ok: false, problems, unchecked: ['not executed: fix the problems above first'] };

  const aliases = new Map(tables.map((scratch, index) => [key(scratch.table), `t${index}`]));
  const stepProblem = await executeRolledBack(db, async (tx) => {
    const schema = dialect === 'postgres' ? `pipeops_ddl_check_${Date.now().toString(36)}` : null;
    if (schema) await tx.query(`CREATE SCHEMA ${quoteName(schema)}`);
    const target = (table: TableName) => {
      const alias = aliases.get(key(table));
      if (!alias) return null;
      return schema ? `${quoteName(schema)}.${quoteName(alias)}` : quoteName(alias);
    };
    for (const scratch of tables) {
      const columns = scratch.columns.map((c) => `${quoteName(c.name)} ${engineType(dialect, c.type)}`).join(', ');
      const name = target(scratch.table) as string;
      await tx.exec(
        dialect === 'postgres' ? `CREATE TABLE ${name} (${columns})` : `CREATE TEMP TABLE ${name} (${columns}) STRICT`,
      );
    }
    for (const step of steps) {
      const name = target(step.table);
      if (!name) return `${describeStep(step)}: table ${display(step.table)} is not the event type's table`;
      try {
        await tx.exec(engineStatement(dialect, step, name));
      } catch (error) {
        return `${describeStep(step)}: ${restoreNames((error as Error).message, tables)}`;
      }
    }
    return null;
  });
  return stepProblem
    ? { engine, ok: false, problems: [stepProblem], unchecked }
    : { engine, ok: true, problems: [], unchecked };
}

/** Runs `fn` in a transaction that is always rolled back, and returns its result. */
async function executeRolledBack<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  let result: T | undefined;
  const marker = new Rollback('rollback');
  try {
    await db.transaction(async (tx) => {
      result = await fn(tx);
      throw marker;
    });
  } catch (error) {
    if (error !== marker) throw error;
  }
  return result as T;
}

function staticProblems(steps: readonly DdlStep[], tables: readonly ScratchTable[]): string[] {
  const problems: string[] = [];
  for (const step of steps) {
    const names = namesOf(step);
    if (names.some((name) => name.trim() === '')) problems.push(`${describeStep(step)}: a name is empty`);
    if ('type' in step) {
      const parsed = parseSnowflakeType(step.type);
      if (!parsed.ok) problems.push(`${describeStep(step)}: ${parsed.problem}`);
    }
  }
  for (const scratch of tables) {
    for (const column of scratch.columns) {
      const parsed = parseSnowflakeType(column.type);
      if (!parsed.ok)
        problems.push(`column ${column.name} of ${display(scratch.table)} in the mapping: ${parsed.problem}`);
    }
  }
  return problems;
}

function namesOf(step: DdlStep): string[] {
  switch (step.kind) {
    case 'rename_column':
      return [step.from, step.to];
    case 'add_column':
      return [step.column];
    case 'copy_cast':
      return [step.target, step.source];
    case 'drop_column':
      return [step.column];
  }
}

function engineStatement(dialect: Dialect, step: DdlStep, table: string): string {
  switch (step.kind) {
    case 'rename_column':
      return `ALTER TABLE ${table} RENAME COLUMN ${quoteName(step.from)} TO ${quoteName(step.to)}`;
    case 'add_column':
      return `ALTER TABLE ${table} ADD COLUMN ${quoteName(step.column)} ${engineType(dialect, step.type)}`;
    case 'copy_cast': {
      const source =
        dialect === 'postgres'
          ? `${quoteName(step.source)}::${engineType(dialect, step.type)}`
          : quoteName(step.source);
      return `UPDATE ${table} SET ${quoteName(step.target)} = ${source} WHERE ${quoteName(step.target)} IS NULL`;
    }
    case 'drop_column':
      return `ALTER TABLE ${table} DROP COLUMN ${quoteName(step.column)}${dialect === 'postgres' ? ' CASCADE' : ''}`;
  }
}

const PG_MAX_VARCHAR = 10_485_760;

/** A valid Snowflake type (checked in stage 1) as the engine's column type. */
function engineType(dialect: Dialect, snowflake: string): string {
  const parsed = parseSnowflakeType(snowflake);
  if (!parsed.ok) throw new Error(parsed.problem);
  return dialect === 'postgres' ? postgresType(parsed.type) : sqliteType(parsed.type);
}

function postgresType(type: SnowflakeType): string {
  switch (type.family) {
    case 'number':
      return `NUMERIC(${type.precision},${type.scale})`;
    case 'float':
      return 'DOUBLE PRECISION';
    case 'text':
      return type.length !== undefined && type.length <= PG_MAX_VARCHAR ? `VARCHAR(${type.length})` : 'TEXT';
    case 'boolean':
      return 'BOOLEAN';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'timestamp_tz':
      return 'TIMESTAMPTZ';
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME';
    case 'variant':
      return 'JSONB';
  }
}

/** STRICT tables accept only INTEGER, REAL, TEXT, BLOB and ANY. */
function sqliteType(type: SnowflakeType): string {
  switch (type.family) {
    case 'number':
      return type.scale === 0 ? 'INTEGER' : 'REAL';
    case 'float':
      return 'REAL';
    case 'boolean':
      return 'INTEGER';
    case 'variant':
      return 'ANY';
    default:
      return 'TEXT';
  }
}

function describeStep(step: DdlStep): string {
  const table = display(step.table);
  switch (step.kind) {
    case 'rename_column':
      return `RENAME COLUMN ${step.from} TO ${step.to} on ${table}`;
    case 'add_column':
      return `ADD COLUMN ${step.column} ${step.type} on ${table}`;
    case 'copy_cast':
      return `SET ${step.target} = ${step.source}::${step.type} on ${table}`;
    case 'drop_column':
      return `DROP COLUMN ${step.column} on ${table}`;
  }
}

function display(table: TableName): string {
  return `${table.schema}.${table.table}`;
}

function key(table: TableName): string {
  return `${table.schema}\u0000${table.table}`;
}

/** Engine messages name the scratch aliases (`t0`); reviewers need the real table names. */
function restoreNames(message: string, tables: readonly ScratchTable[]): string {
  return message.replace(/pipeops_ddl_check_[a-z0-9]+\./g, '').replace(/\bt(\d+)\b/g, (whole, index: string) => {
    const scratch = tables[Number(index)];
    return scratch ? display(scratch.table) : whole;
  });
}
