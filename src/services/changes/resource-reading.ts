import { equalsMaskedCopy, maskedCopyValueAt } from '../credentials/masked-copy-reads.js';
import { pathSegments, valueAtPath } from '../json-path.js';
import { type JsonValue, jsonEqual } from '../json-value.js';
import type { AnyChangeKind } from './change-kind.js';
import { maskedAsIs } from './masked-as-is.js';

/** What the pipeline shows of a resource, asked in terms of its snapshot: what the plan stored and compares with. */
export interface ResourceReading {
  /** Whether the resource's snapshot is `expected`. */
  shows(expected: JsonValue): boolean;
  /** The snapshot's value at a diffJson path (undefined: absent). */
  valueAt(path: string): JsonValue | undefined;
  /** The snapshot itself. */
  snapshot(): JsonValue;
}

/**
 * Reads `resource` (null: absent) through `snapshotOf`, the change service's masked snapshot. For a kind whose
 * snapshot is the resource as it is (maskedAsIs), the questions are answered on the resource itself: checking a
 * 5,000-field mapping against its plan at approval and at read-back cost a full masked copy each (~15 ms and its
 * garbage), where the plan changes one path. Otherwise the snapshot is taken once, on the first question.
 */
export function readResource(
  kind: AnyChangeKind,
  resource: unknown,
  snapshotOf: (resource: unknown) => JsonValue,
): ResourceReading {
  if (resource !== null && kind.snapshot === maskedAsIs) {
    return {
      shows: (expected) => equalsMaskedCopy(resource, expected),
      valueAt: (path) => maskedCopyValueAt(resource, pathSegments(path)),
      snapshot: () => snapshotOf(resource),
    };
  }
  let taken: { value: JsonValue } | null = null;
  const snapshot = () => {
    taken ??= { value: snapshotOf(resource) };
    return taken.value;
  };
  return {
    shows: (expected) => jsonEqual(snapshot(), expected),
    valueAt: (path) => valueAtPath(snapshot(), path),
    snapshot,
  };
}
