import type { Mapping } from '../pipeline/schemas.js';
import { type ColumnChange, columnDdl, type DdlScript, qualified } from './column-ddl.js';
import { type WarehouseColumn, type WarehouseTable, warehouseTableOf } from './warehouse-table.js';

/** What a mapping change asks of the warehouse: column DDL (managealooma's ColumnDDL) and table-level notes. */
export interface MappingDdl {
  table: WarehouseTable;
  changes: ColumnChange[];
  script: DdlScript;
  /** Statements outside ColumnDDL's repertoire (e.g. the `_LOG` table a manual consolidation needs), not executed. */
  tableStatements: string[];
  /** Changes the DDL does not cover, in words (e.g. NOT NULL). */
  notes: string[];
}

/**
 * The warehouse DDL that goes with changing `before` into `after`; null when the warehouse table is untouched.
 * A column present only after is added; one only before is dropped (Alooma leaves it in place: dropping it is
 * optional, and the note says so); a different type is managealooma's change_column_data_type.
 */
export function mappingDdl(before: Mapping, after: Mapping): MappingDdl | null {
  const old = warehouseTableOf(before);
  const next = warehouseTableOf(after);
  if (!next) return null;
  const tableStatements = tableLevel(old, next);
  const changes: ColumnChange[] = [];
  const notes: string[] = [];
  const byName = (columns: WarehouseColumn[]) => new Map(columns.map((column) => [column.name, column]));
  const previous = old && sameTable(old, next) ? byName(old.columns) : new Map<string, WarehouseColumn>();
  const current = byName(next.columns);
  for (const column of next.columns) {
    const was = previous.get(column.name);
    if (!was) {
      if (old && sameTable(old, next))
        changes.push({ op: 'add', table: next.table, column: column.name, type: column.type });
    } else if (was.type !== column.type) {
      changes.push({ op: 'type', table: next.table, column: column.name, type: column.type });
    }
    if (was && was.nonNull !== column.nonNull) {
      notes.push(
        `${column.name}: NOT NULL ${column.nonNull ? 'added' : 'removed'} in the mapping; ColumnDDL has no statement for it (ALTER TABLE … ALTER COLUMN "${column.name}" ${column.nonNull ? 'SET' : 'DROP'} NOT NULL).`,
      );
    }
  }
  for (const column of previous.values()) {
    if (!current.has(column.name)) {
      changes.push({ op: 'drop', table: next.table, column: column.name });
      notes.push(`${column.name}: no longer mapped; Alooma keeps the column, so dropping it is optional.`);
    }
  }
  if (changes.length === 0 && tableStatements.length === 0 && notes.length === 0) return null;
  return {
    table: next,
    changes,
    script: columnDdl(changes, { hasLog: next.hasLog, case: 'UPPER' }),
    tableStatements,
    notes,
  };
}

function sameTable(a: WarehouseTable, b: WarehouseTable): boolean {
  return a.table.schema === b.table.schema && a.table.table === b.table.table && a.hasLog === b.hasLog;
}

/**
 * Switching a table to a `_LOG` twin (use-log, manual consolidation) needs the twin to exist: managealooma documents
 * `ALTER TABLE T RENAME TO T_LOG; CREATE TABLE T LIKE T_LOG;` as the manual step before the mapping change.
 */
function tableLevel(old: WarehouseTable | null, next: WarehouseTable): string[] {
  if (!next.hasLog || (old?.hasLog && sameTable(old, next))) return [];
  const base = qualified(next.table);
  const log = qualified({ ...next.table, table: `${next.table.table}_LOG` });
  return [`ALTER TABLE ${base} RENAME TO ${log};`, `CREATE TABLE ${base} LIKE ${log};`];
}
