import { isJsonObject, type JsonValue, jsonEqual } from '../json-value.js';

/** One leaf-level difference between two JSON documents. */
export interface JsonChange {
  /** Dotted path with [index] for arrays, e.g. `consolidation.consolidationKeys` or `fields[2].mapping.columnName`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: JsonValue;
  after?: JsonValue;
}

/**
 * Lists what differs between `before` and `after`, descending into objects (and into arrays of equal
 * length, element by element) so that the reviewer sees `paused: false → true` rather than two blobs.
 * Arrays whose length changed are reported as one change of the whole array: positional
 * comparison of shifted lists would report every element as changed.
 */
export function diffJson(before: JsonValue, after: JsonValue): JsonChange[] {
  const changes: JsonChange[] = [];
  collectChanges(before, after, null, changes);
  return changes;
}

/** Where a walk is, as a chain of steps: its path text is built only for what differs. */
interface WalkPosition {
  readonly parent: WalkPosition | null;
  /** A key, or an array's index. */
  readonly step: string | number;
}

function pathText(position: WalkPosition | null): string {
  if (position === null) return '(root)';
  const steps: Array<string | number> = [];
  for (let at: WalkPosition | null = position; at !== null; at = at.parent) steps.push(at.step);
  let text = '';
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i] as string | number;
    if (typeof step === 'number') text += `[${step}]`;
    else text = text === '' ? step : `${text}.${step}`;
  }
  return text;
}

/**
 * One walk of both documents: objects and equal-length arrays are compared member by member (a jsonEqual of each
 * subtree first, or the path text of each member, would cost a 5,000-field mapping once per level).
 */
function collectChanges(before: JsonValue, after: JsonValue, at: WalkPosition | null, changes: JsonChange[]): void {
  if (before === after) return;
  if (isJsonObject(before) && isJsonObject(after)) {
    for (const key of Object.keys(before)) {
      const value = before[key] as JsonValue;
      const next = after[key];
      if (!(key in after)) changes.push({ path: pathText({ parent: at, step: key }), kind: 'removed', before: value });
      else if (next !== undefined) collectChanges(value, next, { parent: at, step: key }, changes);
    }
    for (const key of Object.keys(after)) {
      if (!(key in before)) {
        changes.push({ path: pathText({ parent: at, step: key }), kind: 'added', after: after[key] as JsonValue });
      }
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    for (let i = 0; i < before.length; i++) {
      collectChanges(before[i] as JsonValue, after[i] as JsonValue, { parent: at, step: i }, changes);
    }
    return;
  }
  if (jsonEqual(before, after)) return;
  changes.push({ path: pathText(at), kind: 'changed', before, after });
}
