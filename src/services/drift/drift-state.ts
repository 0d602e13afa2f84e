import { createHmac } from 'node:crypto';
import { unifiedJsonDiff } from '../changes/unified-diff.js';
import { REDACTED } from '../credentials/placeholder.js';
import { isJsonObject, type JsonValue, jsonEqual } from '../json-value.js';

/**
 * A resource's state as drift detection compares it: the snapshot (credentials masked) and, for every masked
 * value, a keyed hash of the real value. A changed password changes its fingerprint; the value is never kept.
 */
export interface DriftState {
  snapshot: JsonValue;
  /** Path (`configuration.password`) → HMAC-SHA256 of the value, hex. */
  secrets: Record<string, string>;
}

/** The state of a resource: `raw` as the pipeline returned it, `shown` its snapshot. */
export function driftState(raw: JsonValue, shown: JsonValue, key: Buffer): DriftState {
  const secrets: Record<string, string> = {};
  const walk = (rawNode: JsonValue | undefined, shownNode: JsonValue, path: string) => {
    if (typeof shownNode === 'string') {
      if (shownNode.includes(REDACTED) && rawNode !== undefined && rawNode !== shownNode) {
        secrets[path] = createHmac('sha256', key)
          .update(`${path}\u0000${JSON.stringify(rawNode)}`)
          .digest('hex');
      }
      return;
    }
    if (Array.isArray(shownNode)) {
      for (const [i, item] of shownNode.entries()) {
        walk(Array.isArray(rawNode) ? rawNode[i] : undefined, item, `${path}[${i}]`);
      }
      return;
    }
    if (isJsonObject(shownNode)) {
      for (const [name, value] of Object.entries(shownNode)) {
        walk(isJsonObject(rawNode) ? rawNode[name] : undefined, value, path === '' ? name : `${path}.${name}`);
      }
    }
  };
  walk(raw, shown, '');
  return { snapshot: shown, secrets };
}

/** Whether two states are the same: equal snapshots and equal fingerprints. */
export function sameState(a: DriftState, b: DriftState): boolean {
  return jsonEqual(a.snapshot, b.snapshot) && jsonEqual(a.secrets, b.secrets);
}

/** The credentials whose fingerprint differs: added, removed or changed (their values are never known). */
export function changedSecrets(before: DriftState, after: DriftState): string[] {
  const paths = new Set([...Object.keys(before.secrets), ...Object.keys(after.secrets)]);
  return [...paths].filter((path) => before.secrets[path] !== after.secrets[path]).sort();
}

/** What changed, for the drift message: the unified diff of the snapshots, then the credentials that changed. */
export function driftDiff(label: string, before: DriftState, after: DriftState): string {
  const diff = jsonEqual(before.snapshot, after.snapshot)
    ? ''
    : unifiedJsonDiff(label, before.snapshot, after.snapshot).text;
  const secrets = changedSecrets(before, after).map((path) => `~ ${path}: credential changed (value not shown)`);
  return [diff, ...secrets].filter((part) => part !== '').join('\n');
}
