import { diffJson } from '../changes/json-changes.js';
import { isJsonObject, type JsonValue } from '../json-value.js';

/** The resource a `default-mode.set` request changes (kinds/default-mode.ts). */
export const DEFAULT_MODE_REF = { type: 'default_mapping_mode', id: 'default', label: 'default mapping mode' };

/**
 * Whether an event type's mapping changed only as a default-mode change makes it change: its mode, while it follows
 * the default (`usingDefaultMappingMode`). Such a change comes from a request on the default mapping mode, not on
 * the event type, so drift detection looks for that request instead.
 */
export function changedWithDefaultMode(known: JsonValue, now: JsonValue): boolean {
  if (!isJsonObject(now) || now.usingDefaultMappingMode !== true) return false;
  const paths = diffJson(known, now).map((change) => change.path);
  return paths.length > 0 && paths.every((path) => path === 'mappingMode');
}
