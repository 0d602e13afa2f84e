import { isJsonObject, type JsonValue, jsonEqual } from '../json-value.js';

/** One leaf-level difference between two JSON documents. */
export interface JsonChange {
  /** Dotted path with [index] for arrays, e.g. `consolidation.consolidationKeys` or `fields[2].mapping.columnName`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: JsonValue;
  after?: JsonValue;
}

function join(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/**
 * Lists what differs between `before` and `after`, descending into objects (and into arrays of equal
 * length, element by element) so that the reviewer sees `paused: false → true` rather than two blobs.
 * Arrays whose length changed are reported as one change of the whole array: positional
 * comparison of shifted lists would report every element as changed.
 */
export function diffJson(before: JsonValue, after: JsonValue, path = ''): JsonChange[] {
  if (jsonEqual(before, after)) return [];
  if (isJsonObject(before) && isJsonObject(after)) {
    const changes: JsonChange[] = [];
    for (const [key, value] of Object.entries(before)) {
      const next = after[key];
      if (!(key in after)) changes.push({ path: join(path, key), kind: 'removed', before: value });
      else if (next !== undefined) changes.push(...diffJson(value, next, join(path, key)));
    }
    for (const [key, value] of Object.entries(after)) {
      if (!(key in before)) changes.push({ path: join(path, key), kind: 'added', after: value });
    }
    return changes;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => diffJson(item, after[i] as JsonValue, `${path}[${i}]`));
  }
  return [{ path: path === '' ? '(root)' : path, kind: 'changed', before, after }];
}

const pathToken = /([^.[\]]+)|\[(\d+)\]/g;

/** Reads the value at a path produced by diffJson; undefined when absent. */
export function valueAtPath(doc: JsonValue, path: string): JsonValue | undefined {
  if (path === '(root)') return doc;
  let current: JsonValue | undefined = doc;
  for (const match of path.matchAll(pathToken)) {
    const [, key, index] = match;
    if (index !== undefined) current = Array.isArray(current) ? current[Number(index)] : undefined;
    else if (key !== undefined) current = isJsonObject(current) && key in current ? current[key] : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}
