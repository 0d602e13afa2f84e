import type { Database } from '../db/database.js';
import { readMapping } from '../mappings/read-mapping.js';
import type { PipelineProvider } from '../pipeline/provider.js';
import { UserError } from '../user-error.js';
import { type ColumnChange, columnDdl, type DdlCase, type DdlScript } from './column-ddl.js';
import { checkDdl, type DdlCheckReport } from './ddl-check.js';
import { parseSnowflakeType } from './snowflake-type.js';
import { type WarehouseTable, warehouseTableOf } from './warehouse-table.js';

/** A column change on an event type's table (the table comes from its mapping). */
export type EventColumnChange =
  | { op: 'add'; column: string; type: string }
  | { op: 'type'; column: string; type: string }
  | { op: 'drop'; column: string }
  | { op: 'rename'; column: string; newName: string }
  | { op: 'combine'; column: string; into: string; type: string };

export interface GeneratedDdl {
  table: WarehouseTable;
  script: DdlScript;
  report: DdlCheckReport;
}

/** `ddl add|type|drop|rename|combine`: managealooma's ColumnDDL for an event type's table, checked (ddl-check.ts). */
export class DdlService {
  readonly #db: Database;
  readonly #pipeline: PipelineProvider;

  constructor(db: Database, pipeline: PipelineProvider) {
    this.#db = db;
    this.#pipeline = pipeline;
  }

  async generate(eventType: string, change: EventColumnChange, scriptCase: DdlCase = 'UPPER'): Promise<GeneratedDdl> {
    const mapping = await readMapping(this.#pipeline, eventType);
    const table = warehouseTableOf(mapping);
    if (!table) throw new UserError('not_mapped', `Event type \`${mapping.name}\` is not mapped to a warehouse table.`);
    if ('type' in change) {
      const parsed = parseSnowflakeType(change.type);
      if (!parsed.ok) throw new UserError('invalid_type', `Invalid column type: ${parsed.problem}.`);
    }
    const full = { ...change, table: table.table } as ColumnChange;
    const script = columnDdl([full], { hasLog: table.hasLog, case: scriptCase });
    const tables = [table.table, ...(table.hasLog ? [{ ...table.table, table: `${table.table.table}_LOG` }] : [])];
    const report = await checkDdl(
      this.#db,
      script,
      tables.map((name) => ({ table: name, columns: table.columns })),
    );
    return { table, script, report };
  }
}
