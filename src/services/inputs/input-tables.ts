import type { Input } from '../pipeline/schemas.js';
import { UserError } from '../user-error.js';

/** A replicated table of a database input and its update indicator (`xmin::text::bigint`, `updated_at`). */
export interface InputTable {
  name: string;
  updateIndicator: string;
}

/**
 * The tables of a database input. `configuration.tables` is a JSON **string** mapping table → update indicator
 * (alooma-api.md §3); an object is read too. Null when the input has no tables setting (not a database input).
 */
export function readInputTables(input: Input): Record<string, string> | null {
  const raw = input.configuration?.tables;
  if (raw === undefined || raw === null || raw === '') return null;
  let parsed: unknown = raw;
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new UserError('bad_tables', `Input \`${input.name}\` has a tables setting that is not JSON.`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UserError(
      'bad_tables',
      `Input \`${input.name}\` has a tables setting that is not a table → indicator map.`,
    );
  }
  return Object.fromEntries(Object.entries(parsed).map(([table, indicator]) => [table, String(indicator)]));
}

/** The tables as a sorted list; throws a UserError naming the input when it has no tables setting. */
export function listInputTables(input: Input): InputTable[] {
  const tables = readInputTables(input);
  if (!tables) {
    throw new UserError(
      'no_tables',
      `Input \`${input.name}\` (${input.type}) replicates no tables: only database inputs have a tables setting.`,
    );
  }
  return Object.entries(tables)
    .map(([name, updateIndicator]) => ({ name, updateIndicator }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Writes tables back the way the input holds them: a JSON string unless it held an object. */
export function writeInputTables(input: Input, tables: Record<string, string>): Input {
  const asObject = typeof input.configuration?.tables === 'object' && input.configuration?.tables !== null;
  return {
    ...input,
    configuration: { ...input.configuration, tables: asObject ? tables : JSON.stringify(tables) },
  };
}
