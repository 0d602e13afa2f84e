import type { Mapping, MappingField } from '../pipeline/schemas.js';
import type { TableName } from './column-ddl.js';
import { snowflakeTypeOfColumn } from './snowflake-type.js';

export interface WarehouseColumn {
  /** Dotted path of the mapped field, e.g. `shipping.city`. */
  fieldPath: string;
  name: string;
  /** Snowflake type, e.g. `VARCHAR(256)`. */
  type: string;
  nonNull: boolean;
}

/** The warehouse table an event type loads into, as the column DDL needs it. */
export interface WarehouseTable {
  /** The table the DDL names: the consolidated table when the mapping inserts into its `_LOG` twin. */
  table: TableName;
  /** True when Alooma inserts into `<TABLE>_LOG` and a consolidation merges into `table`. */
  hasLog: boolean;
  columns: WarehouseColumn[];
}

/** Null when the event type is not mapped to a table (discarded, or no schema/table yet). */
export function warehouseTableOf(mapping: Mapping): WarehouseTable | null {
  const schema = mapping.mapping?.schema;
  const tableName = mapping.mapping?.tableName;
  if (!schema || !tableName || mapping.mapping?.isDiscarded) return null;
  const consolidated = mapping.consolidation?.consolidatedTableName;
  const hasLog = tableName.toUpperCase().endsWith('_LOG') && !!consolidated;
  const table = hasLog
    ? { schema: mapping.consolidation?.consolidatedSchema || schema, table: consolidated as string }
    : { schema, table: tableName };
  return { table, hasLog, columns: mappedColumns(mapping.fields ?? [], '') };
}

/** Every mapped field (not discarded, with a column and type), depth first. */
export function mappedColumns(fields: readonly MappingField[], prefix: string): WarehouseColumn[] {
  return fields.flatMap((field) => {
    const fieldPath = prefix ? `${prefix}.${field.fieldName}` : field.fieldName;
    const mapping = field.mapping;
    const own: WarehouseColumn[] =
      mapping && !mapping.isDiscarded && mapping.columnName && mapping.columnType
        ? [
            {
              fieldPath,
              name: mapping.columnName,
              type: snowflakeTypeOfColumn(mapping.columnType),
              nonNull: mapping.columnType.nonNull === true,
            },
          ]
        : [];
    return [...own, ...mappedColumns(field.fields ?? [], fieldPath)];
  });
}
