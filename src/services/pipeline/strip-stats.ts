/**
 * What the reference client's `get_mapping` does to `GET event-types/{name}` (AP alooma.py:1776-1783):
 * remove `stats` at the top level and from every `fields[]` entry, recursively. Stats are server-owned
 * counters; keeping them out of the mapping keeps them out of diffs and out of the body we POST back.
 * Works on the raw JSON (before validation) and returns a copy; non-object input is returned as is.
 */
export function stripMappingStats(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const { stats: _stats, ...rest } = value;
  if (Array.isArray(rest.fields)) {
    rest.fields = rest.fields.map(stripMappingStats);
  }
  return rest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
