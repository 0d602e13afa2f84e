import { isJsonObject, type JsonValue } from './json-value.js';

/**
 * Paths into JSON documents, as diffJson (changes/json-changes.ts) writes them: dotted keys with [index] for
 * arrays, e.g. `fields[2].mapping.columnName`, and `(root)` for the document itself.
 */
const pathToken = /([^.[\]]+)|\[(\d+)\]/g;

/** One step of a diffJson path: an object's key or an array's index. */
export type PathSegment = { key: string } | { index: number };

/** The steps of a path produced by diffJson (none for `(root)`). */
export function pathSegments(path: string): PathSegment[] {
  if (path === '(root)') return [];
  const segments: PathSegment[] = [];
  for (const [, key, index] of path.matchAll(pathToken)) {
    if (index !== undefined) segments.push({ index: Number(index) });
    else if (key !== undefined) segments.push({ key });
  }
  return segments;
}

/** Reads the value at a path produced by diffJson; undefined when absent. */
export function valueAtPath(doc: JsonValue, path: string): JsonValue | undefined {
  return valueAtSegments(doc, pathSegments(path));
}

/** valueAtPath over the steps of a path: own keys only (a path never names what an object inherits). */
export function valueAtSegments(doc: JsonValue, segments: readonly PathSegment[]): JsonValue | undefined {
  let current: JsonValue | undefined = doc;
  for (const segment of segments) {
    if ('index' in segment) current = Array.isArray(current) ? current[segment.index] : undefined;
    else current = isJsonObject(current) && Object.hasOwn(current, segment.key) ? current[segment.key] : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}
