import { z } from 'zod';
import { isCredentialKey } from '../credentials/credential-keys.js';
import type { PipelineProvider } from '../pipeline/provider.js';
import type { Input } from '../pipeline/schemas.js';
import { UserError } from '../user-error.js';
import { findInputByName } from './find-input.js';
import { readInputTables } from './input-tables.js';

export const REPLICATION_TYPES = ['incremental_load', 'full_dump_load'] as const;

/** What `input create <name> from <existing> [...]` asks for. */
export interface NewInputOptions {
  name: string;
  from: string;
  /** `t1,t2` or `t1=indicator,t2`: replaces the source's tables. */
  tables?: string[];
  /** The target schema (`input_default_schema`). */
  schema?: string;
  replication?: (typeof REPLICATION_TYPES)[number];
  batch?: number;
  autoMap?: boolean;
}

/**
 * The `input.create` params: the whole new input as planned from the source (credentials left out; the pipeline
 * copies them from `source.id`). The plan is in the params because the new input has no "before" to recompute it from.
 */
export const NewInputParamsSchema = z.object({
  name: z.string().min(1),
  type: z.string().min(1),
  source: z.object({ id: z.string().min(1), name: z.string().min(1) }),
  configuration: z.record(z.string(), z.unknown()),
});
export type NewInputParams = z.infer<typeof NewInputParamsSchema>;

/**
 * Plans a new input from an existing one (managealooma `create_input_database`, without its defect §9.3: `db_type`
 * and `schema` are the source's, not overwritten). Reads the source; never writes.
 */
export async function planNewInput(pipeline: PipelineProvider, options: NewInputOptions): Promise<NewInputParams> {
  const source = await findInputByName(pipeline, options.from);
  const configuration: Record<string, unknown> = {};
  // Credentials are never copied through pipeops: the pipeline copies them (copyCredentialsFrom, see plumbing-schemas.ts).
  for (const [key, value] of Object.entries(source.configuration ?? {})) {
    if (!isCredentialKey(key)) configuration[key] = structuredClone(value);
  }
  if (options.tables) configuration.tables = plannedTables(source, options.tables);
  if (options.schema !== undefined) configuration.input_default_schema = options.schema;
  if (options.replication !== undefined) configuration.replication_type = options.replication;
  if (options.batch !== undefined) configuration.batch_size = options.batch;
  if (options.autoMap !== undefined) {
    // Keep the source's representation: the API has `"true"`/`"false"` strings (MA fixtures), some inputs booleans.
    configuration.auto_map =
      typeof source.configuration?.auto_map === 'boolean' ? options.autoMap : String(options.autoMap);
  }
  return {
    name: options.name,
    type: source.type,
    source: { id: source.id, name: source.name },
    configuration,
  };
}

/** `t1=indicator` entries, or bare names taking the source's indicator for that table, else the one its tables share. */
function plannedTables(source: Input, entries: readonly string[]): string {
  const current = readInputTables(source);
  if (!current) {
    throw new UserError(
      'no_tables',
      `Input \`${source.name}\` (${source.type}) has no tables setting: only database inputs take \`tables\`.`,
    );
  }
  return JSON.stringify(resolveTables(source.name, current, entries));
}

/** Table names (optionally `name=indicator`) → table → indicator, defaulting indicators from `current`. */
export function resolveTables(
  inputName: string,
  current: Readonly<Record<string, string>>,
  entries: readonly string[],
): Record<string, string> {
  const shared = [...new Set(Object.values(current))];
  const tables: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf('=');
    const name = (at < 0 ? entry : entry.slice(0, at)).trim();
    const given = at < 0 ? undefined : entry.slice(at + 1).trim();
    if (name === '') throw new UserError('bad_tables', 'A table name is empty: give names like orders,users.');
    if (given === '') throw new UserError('bad_tables', `Table \`${name}\` has an empty update indicator after \`=\`.`);
    const indicator = given ?? current[name] ?? (shared.length === 1 ? shared[0] : undefined);
    if (indicator === undefined) {
      throw new UserError(
        'bad_tables',
        `Input \`${inputName}\`'s tables use different update indicators (${shared.join(', ') || 'none'}): give one for \`${name}\`, e.g. ${name}=updated_at.`,
      );
    }
    tables[name] = indicator;
  }
  return tables;
}

/** `t1,t2` → names; a UserError when a name is empty (`t1,,t2`, a trailing comma). */
export function splitTableList(text: string): string[] {
  const names = text.split(',').map((name) => name.trim());
  if (names.some((name) => name === '' || name.startsWith('='))) {
    throw new UserError('bad_tables', `The table list \`${text}\` has an empty name: give names like orders,users.`);
  }
  return names;
}
