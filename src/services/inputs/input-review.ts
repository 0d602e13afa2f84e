import { maskedJsonCopy } from '../credentials/mask-credentials.js';
import type { JsonValue } from '../json-value.js';
import type { Input } from '../pipeline/schemas.js';
import { readInputTables } from './input-tables.js';

/**
 * What reviewers see of an input in the change kinds of kinds/inputs.ts: no counters, credentials masked, and the
 * `tables` JSON string shown as the table → indicator object it encodes, so adding a table is a one-line diff
 * rather than one changed string. Staleness and verification compare this same view.
 */
export function inputReviewSnapshot(input: Input): JsonValue {
  const { stats: _stats, ...rest } = input as Input & { stats?: unknown };
  let tables: Record<string, string> | null = null;
  try {
    tables = readInputTables(input);
  } catch {
    // A tables setting that is not JSON is shown as the string it is.
  }
  const view = tables && rest.configuration ? { ...rest, configuration: { ...rest.configuration, tables } } : rest;
  return maskedJsonCopy(view);
}
