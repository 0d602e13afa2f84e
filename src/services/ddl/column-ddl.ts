/**
 * managealooma's ColumnDDL (column_ddl.py), ported as a pure generator: the Snowflake statements that change columns
 * directly in the warehouse, for a table and, with `hasLog`, its `<TABLE>_LOG` twin (where Alooma inserts before a
 * consolidation merges into the base table).
 *
 * The statements are built as steps first (the validation in ddl-check.ts executes those, translated per engine),
 * then rendered as text. The text equals managealooma's output up to whitespace, with one fix: its combine_columns
 * writes `UPDATE TABLE "S"."T" SET …`, which no warehouse accepts; this writes `UPDATE "S"."T" SET …`.
 * As in managealooma, `case` applies to the whole statement (keywords, names, types), and the cast keeps the type's
 * length (`::VARCHAR(16777216)`, what managealooma produces for upper-case types).
 */

export type DdlCase = 'UPPER' | 'lower';

export interface TableName {
  schema: string;
  table: string;
}

/** One requested column change, as managealooma's tuples describe them. */
export type ColumnChange =
  | { op: 'add'; table: TableName; column: string; type: string }
  | { op: 'type'; table: TableName; column: string; type: string }
  | { op: 'drop'; table: TableName; column: string }
  | { op: 'rename'; table: TableName; column: string; newName: string }
  | { op: 'combine'; table: TableName; column: string; into: string; type: string };

/** One statement, with every name and type already in the script's case. */
export type DdlStep =
  | { kind: 'rename_column'; table: TableName; from: string; to: string }
  | { kind: 'add_column'; table: TableName; column: string; type: string }
  | { kind: 'copy_cast'; table: TableName; target: string; source: string; type: string }
  | { kind: 'drop_column'; table: TableName; column: string };

/** The statements of one change; `transaction` when managealooma wraps them in BEGIN TRANSACTION … COMMIT. */
export interface DdlBlock {
  transaction: boolean;
  steps: DdlStep[];
}

export interface DdlScript {
  blocks: DdlBlock[];
  /** The script as managealooma prints it (one block per change, a blank line between blocks). */
  text: string;
}

export interface ColumnDdlOptions {
  hasLog: boolean;
  case: DdlCase;
}

/** The DDL for `changes`, in order. */
export function columnDdl(changes: readonly ColumnChange[], options: ColumnDdlOptions): DdlScript {
  const blocks = changes.map((change) => blockFor(change, options));
  return { blocks, text: blocks.map((block) => renderBlock(block, options.case)).join('\n\n') };
}

function blockFor(change: ColumnChange, options: ColumnDdlOptions): DdlBlock {
  const cased = (name: string) => (options.case === 'UPPER' ? name.toUpperCase() : name.toLowerCase());
  const tables = [
    change.table,
    ...(options.hasLog ? [{ ...change.table, table: `${change.table.table}_LOG` }] : []),
  ].map((table) => ({ schema: cased(table.schema), table: cased(table.table) }));
  const column = cased(change.column);
  switch (change.op) {
    case 'add':
      return { transaction: false, steps: tables.map((table) => addStep(table, column, cased(change.type))) };
    case 'rename':
      return {
        transaction: false,
        steps: tables.map((table) => ({ kind: 'rename_column', table, from: column, to: cased(change.newName) })),
      };
    case 'drop':
      return { transaction: true, steps: tables.map((table) => ({ kind: 'drop_column', table, column })) };
    case 'type': {
      const temporary = cased(`${change.column}_TMP`);
      const type = cased(change.type);
      return {
        transaction: true,
        steps: tables.flatMap((table): DdlStep[] => [
          { kind: 'rename_column', table, from: column, to: temporary },
          addStep(table, column, type),
          { kind: 'copy_cast', table, target: column, source: temporary, type },
          { kind: 'drop_column', table, column: temporary },
        ]),
      };
    }
    case 'combine': {
      const into = cased(change.into);
      const type = cased(change.type);
      return {
        transaction: true,
        steps: tables.flatMap((table): DdlStep[] => [
          { kind: 'copy_cast', table, target: into, source: column, type },
          { kind: 'drop_column', table, column },
        ]),
      };
    }
  }
}

function addStep(table: TableName, column: string, type: string): DdlStep {
  return { kind: 'add_column', table, column, type };
}

/** `"S"."T"`; a double quote inside a name is doubled, as SQL quoting requires. */
export function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function qualified(table: TableName): string {
  return `${quoteName(table.schema)}.${quoteName(table.table)}`;
}

function renderStep(step: DdlStep): string {
  const target = qualified(step.table);
  switch (step.kind) {
    case 'rename_column':
      return `ALTER TABLE ${target}\n  RENAME COLUMN ${quoteName(step.from)} TO ${quoteName(step.to)};`;
    case 'add_column':
      return `ALTER TABLE ${target}\n  ADD COLUMN ${quoteName(step.column)} ${step.type};`;
    case 'copy_cast':
      return `UPDATE ${target}\n  SET ${quoteName(step.target)} = ${quoteName(step.source)}::${step.type}\n  WHERE ${quoteName(step.target)} IS NULL;`;
    case 'drop_column':
      return `ALTER TABLE ${target}\n  DROP COLUMN ${quoteName(step.column)} CASCADE;`;
  }
}

function renderBlock(block: DdlBlock, scriptCase: DdlCase): string {
  const body = block.steps.map(renderStep).join('\n\n');
  const text = block.transaction ? `BEGIN TRANSACTION;\n\n${body}\n\nCOMMIT;` : body;
  return scriptCase === 'UPPER' ? text.toUpperCase() : text.toLowerCase();
}
