import type { ChangePreview } from '../changes/change-kind.js';
import type { Mapping } from '../pipeline/schemas.js';
import { checkDdl, type DdlCheckReport } from './ddl-check.js';
import { ddlCheckDatabase } from './ddl-check-database.js';
import { type MappingDdl, mappingDdl } from './mapping-ddl.js';

/** The card's "column DDL the warehouse needs" for a mapping change, checked on the bot's database. */
export async function mappingDdlPreview(before: Mapping, after: Mapping): Promise<ChangePreview> {
  const ddl = mappingDdl(before, after);
  if (!ddl) {
    return { title: 'Warehouse DDL', summary: 'No warehouse DDL needed: the table keeps its columns.', items: [] };
  }
  const report = await checkMappingDdl(ddl);
  return ddlPreview(ddl, report);
}

export async function checkMappingDdl(ddl: MappingDdl): Promise<DdlCheckReport | null> {
  const db = ddlCheckDatabase();
  if (!db || ddl.changes.length === 0) return null;
  const tables = [
    ddl.table.table,
    ...(ddl.table.hasLog ? [{ ...ddl.table.table, table: `${ddl.table.table.table}_LOG` }] : []),
  ];
  // The scratch tables hold the columns before the change: the DDL must turn them into the new ones.
  const columns = ddl.table.columns.filter(
    (column) => !ddl.changes.some((c) => c.op === 'add' && c.column === column.name),
  );
  const beforeColumns = [
    ...columns,
    ...ddl.changes.flatMap((c) => (c.op === 'drop' ? [{ name: c.column, type: 'VARCHAR' }] : [])),
  ];
  return checkDdl(
    db,
    ddl.script,
    tables.map((table) => ({ table, columns: beforeColumns })),
  );
}

export function ddlPreview(ddl: MappingDdl, report: DdlCheckReport | null): ChangePreview {
  const target = `${ddl.table.table.schema}.${ddl.table.table.table}${ddl.table.hasLog ? ' (and its _LOG twin)' : ''}`;
  const verdict = !report
    ? ddl.changes.length === 0
      ? 'no column statements'
      : 'not checked (no database configured for DDL checks)'
    : report.ok
      ? `checked on ${report.engine}: no problems`
      : `⚠️ checked on ${report.engine}: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`;
  const items: ChangePreview['items'] = [];
  if (ddl.tableStatements.length > 0) {
    items.push({ label: 'Before the change (table, not executed by the check)', lines: ddl.tableStatements });
  }
  if (ddl.changes.length > 0) items.push({ label: 'Column DDL (Snowflake)', lines: ddl.script.text.split('\n') });
  if (report && !report.ok) items.push({ label: 'Problems', lines: report.problems });
  if (ddl.notes.length > 0) items.push({ label: 'Notes', lines: ddl.notes });
  if (report) items.push({ label: `Not checked on ${report.engine}`, lines: report.unchecked });
  return { title: 'Warehouse DDL', summary: `Warehouse DDL for ${target}: ${verdict}.`, items };
}
